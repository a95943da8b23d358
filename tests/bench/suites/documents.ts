/**
 * Parse throughput of the scan classifier per kind of payload (payloads per second), plus the
 * MRZ OCR-repair path. Each kind runs for about half a second after a warm-up.
 */
import { classifyScan } from '../../../core/documents/index';
import { bcbpFull, bcbpMinimal, bcbpTwoLegs } from '../../../core/documents/fixtures/bcbp-samples';
import { mrzSpecimens, td3Passport } from '../../../core/documents/fixtures/mrz-specimens';
import type { BenchReport } from '../report';
import type { BenchSuite } from './index';

const PAYLOADS: Record<string, string[]> = {
  mrz: mrzSpecimens.map((s) => s.text),
  'mrz (OCR repair)': [td3Passport.text.replace('7408122F', '74O8I22F').replace('L898902C3', 'L8989O2C3')],
  bcbp: [bcbpMinimal, bcbpFull, bcbpTwoLegs],
  lpc: [
    '{"numero":"GN-0042","nom":"Bah","prenom":"Alpha","nationalite":"GIN","dateNaissance":"2000-01-01","sexe":"M"}',
    'LPC=SN778812;NOM=DIOP;PRENOM=FATOU;NATIONALITE=SEN;NE LE=02/11/1999',
  ],
  eticket: ['1472123456789', 'ETKT 057-2123456789'],
  badge: ['RVA-BADGE:CMN-T1:k.benali:B-000123'],
  pv: ['RVAPV1:eyJraWQiOiJhIn0.c2ln'],
  unknown: ['https://example.org/some/page', 'hello world'],
};

function throughput(payloads: string[], budgetMs: number): number {
  const options = { referenceDate: '2025-01-01', parsePv: (raw: string) => ({ ok: true, length: raw.length }) };
  for (let i = 0; i < 2000; i += 1) classifyScan(payloads[i % payloads.length] as string, options);
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 500; i += 1) classifyScan(payloads[(count + i) % payloads.length] as string, options);
    count += 500;
    elapsed = performance.now() - started;
  }
  return (count / elapsed) * 1000;
}

export const documentsSuite: BenchSuite = {
  name: 'documents',
  async run(report: BenchReport) {
    for (const [kind, payloads] of Object.entries(PAYLOADS)) {
      const check = classifyScan(payloads[0] as string, { referenceDate: '2025-01-01' });
      report.figure(`classifyScan ${kind}`, Math.round(throughput(payloads, 500)), 'payloads/s', `kind=${check.kind}`);
    }
  },
};
