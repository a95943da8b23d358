/**
 * Supervisor exports: a 10,000-event shift (audit rows of passages, payments, stamps and voids
 * over 400 PVs, one in ten with an Arabic name) read back as a shift log and exported to CSV and
 * PDF, signed. Target: each export within 2 s.
 */
import { performance } from 'node:perf_hooks';
import { verifyExport } from '../../../main/services/export-manifest';
import { pvFor, supervisorPost } from '../../../main/demo/supervisor-fixtures';
import { newId } from '../../../main/services/runtime';
import type { BenchReport } from '../report';
import type { BenchSuite } from './index';

const EVENTS = 10_000;
const NATIONS = ['GIN', 'CIV', 'SEN', 'CMR', 'MLI', 'NGA', 'COG', 'COD', 'GMB', 'SDN'];

async function run(report: BenchReport): Promise<void> {
  const { services, desk, steps, clock } = await supervisorPost();
  const pvs = Array.from({ length: 400 }, (_, i) =>
    i % 10 === 9 ? pvFor('SDN', 'عبد الرحمن', `محمد ${i}`) : pvFor(NATIONS[i % NATIONS.length] as string, `Nom${i}`, `Prenom ${i}`),
  );
  steps.importPvs(pvs);
  const opened = desk.shifts.open({ openingUsdCents: 5_000_000, openingMadCents: 1_000_000 }, steps.supervisor);
  if (!opened.ok) throw new Error(opened.error.message);
  const device = { deviceId: services.post.deviceId, postCode: services.post.post.code };
  const actions = ['passage.verified', 'perDiem.paid', 'passage.verified', 'stamp.recorded', 'checkin.confirmed'] as const;
  const t0 = performance.now();
  services.db.transaction(() => {
    for (let i = 0; i < EVENTS - 2; i++) {
      clock.advance(2_000);
      const pv = pvs[i % pvs.length] as (typeof pvs)[number];
      const action: string = i % 97 === 0 ? 'record.voided' : (actions[i % actions.length] ?? 'passage.verified');
      const details =
        action === 'perDiem.paid'
          ? { id: newId(clock), pvNumber: pv.pvNumber, amountCents: 10_000, currency: 'USD', receiptNumber: `R-${i}` }
          : action === 'record.voided'
            ? {
                id: newId(clock),
                kind: 'perDiem',
                recordId: newId(clock),
                pvNumber: pv.pvNumber,
                reason: i % 2 ? 'Saisi deux fois' : 'خطأ في الإدخال',
              }
            : action === 'passage.verified'
              ? {
                  passageId: newId(clock),
                  pvNumber: pv.pvNumber,
                  verdict: i % 13 === 0 ? 'DENY' : 'ALLOW',
                  failed: i % 13 === 0 ? ['pv.status'] : [],
                }
              : { id: newId(clock), pvNumber: pv.pvNumber, stampNumber: `S-${i}` };
      const actor =
        action === 'perDiem.paid' || action === 'checkin.confirmed'
          ? steps.escort
          : action === 'record.voided'
            ? steps.supervisor
            : steps.officer;
      services.audit.append(
        { id: newId(clock), at: clock.now(), actorId: actor.userId, actorRole: actor.role, action, subject: pv.pvNumber, details },
        device,
      );
    }
  })();
  report.figure('seed 10,000 audit rows', performance.now() - t0, 'ms');
  const expected = desk.shifts.status().expected;
  const closed = desk.shifts.close(
    {
      countedUsdCents: 5_000_000,
      countedMadCents: 1_000_000,
      expectedUsdCents: expected?.usdCents ?? 0,
      expectedMadCents: expected?.madCents ?? 0,
      reason: 'Banc d’essai',
    },
    steps.supervisor,
  );
  if (!closed.ok) throw new Error(closed.error.message);

  let t = performance.now();
  const log = desk.shiftLog(closed.value.id);
  if (!log) throw new Error('no log');
  report.figure('shift log read', performance.now() - t, 'ms', `${log.events.length} events`);

  for (const format of ['csv', 'pdf', 'json'] as const) {
    const runs: number[] = [];
    let bytes = 0;
    let file: Buffer = Buffer.alloc(0);
    for (let k = 0; k < (format === 'pdf' ? 2 : 3); k++) {
      t = performance.now();
      const out = await desk.exports.shiftLog(log, format, steps.supervisor);
      runs.push(performance.now() - t);
      file = Buffer.from(out.contentBase64, 'base64');
      bytes = file.length;
    }
    const pages = format === 'pdf' ? (file.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length : 0;
    report.figure(
      `export ${format} (10,000 events, signed)`,
      Math.min(...runs),
      'ms',
      `best of ${runs.length}; ${(bytes / 1024).toFixed(0)} KiB${pages ? `, ${pages} pages` : ''}; target ≤ 2000 ms`,
    );
    t = performance.now();
    const check = verifyExport(file);
    report.figure(`verify ${format}`, performance.now() - t, 'ms', check.valid ? 'valid' : 'INVALID');
  }
  await services.close();
}

export const exportsSuite: BenchSuite = { name: 'exports', run };
