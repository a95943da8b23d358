/**
 * `npm run --silent cli -- parse [--date YYYY-MM-DD]`: reads one scanned payload on stdin
 * (MRZ, boarding pass, LPC barcode, e-ticket number, staff badge, PV QR) and prints one JSON
 * object on one line:
 *   {"kind","valid","format"(mrz only),"fields","errors","warnings","repairs", ...}
 * Exit code 0 whenever a payload was read, valid or not; 2 on a usage error.
 * See docs/cli.md.
 */
import type { ScanResult } from '../../core/documents/index';
import { classifyScan } from '../../core/documents/index';
import type { PvTrustedKey } from '../../core/departure/pv-qr';
import { verifyPvQr } from '../../core/departure/pv-qr';
import type { CliCommand } from '../io';

const USAGE =
  'usage: parse [--date YYYY-MM-DD] [--trusted-key FILE]... < payload\n' +
  '  reads one scanned payload on stdin and prints one JSON object (see docs/cli.md)\n' +
  '  --date  scan date used to resolve boarding-pass dates and flag expired documents (default: today)\n' +
  '  --trusted-key  a PV signing public key file ({"keyId","publicKey"} JSON); a signed PV QR is verified against these\n';

/** Today's date on this machine's calendar, as YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The JSON object printed for one result. */
export function toParseOutput(result: ScanResult): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: result.kind, valid: result.valid };
  if (result.kind === 'mrz') out.format = result.format;
  out.fields = result.kind === 'pv' ? result.result : result.fields;
  out.errors = result.errors;
  out.warnings = result.warnings;
  out.repairs = result.repairs;
  if (result.kind === 'mrz') out.checks = result.checks;
  if (result.kind === 'lpc') {
    out.source = result.source;
    if (result.decoder !== undefined) out.decoder = result.decoder;
    if (result.mrz) out.format = result.mrz.format;
  }
  return out;
}

export const parseCommand: CliCommand = {
  summary: 'parse [--date YYYY-MM-DD] < payload: identify and read one scan (MRZ, boarding pass, LPC...) as JSON',
  async run(args, io) {
    let date: string | undefined;
    const keys: PvTrustedKey[] = [];
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i];
      if (arg === '--date') {
        date = args[i + 1];
        i += 1;
        if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
          io.stderr(`parse: --date needs a date as YYYY-MM-DD\n${USAGE}`);
          return 2;
        }
      } else if (arg === '--trusted-key') {
        const file = args[i + 1];
        i += 1;
        try {
          const key = JSON.parse(io.readFile(file ?? '').toString('utf8')) as Partial<PvTrustedKey>;
          if (typeof key.keyId !== 'string' || typeof key.publicKey !== 'string') throw new Error('shape');
          keys.push({ keyId: key.keyId, publicKey: key.publicKey });
        } catch {
          io.stderr(`parse: --trusted-key needs a key file with "keyId" and "publicKey"\n${USAGE}`);
          return 2;
        }
      } else if (arg === '--help' || arg === '-h') {
        io.stdout(USAGE);
        return 0;
      } else {
        io.stderr(`parse: unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
        return 2;
      }
    }
    const raw = await io.readStdin();
    const result = classifyScan(raw, {
      referenceDate: date ?? today(),
      ...(keys.length > 0 ? { parsePv: (text: string) => verifyPvQr(text, keys) } : {}),
    });
    io.stdout(`${JSON.stringify(toParseOutput(result))}\n`);
    return 0;
  },
};
