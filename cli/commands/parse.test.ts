import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bcbpTwoLegs } from '../../core/documents/fixtures/bcbp-samples';
import { td3Passport } from '../../core/documents/fixtures/mrz-specimens';
import type { CliIo } from '../io';
import { parseCommand } from './parse';

function fakeIo(stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => stdin,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => readFileSync(p),
  };
  return { io, out, err };
}

async function run(stdin: string, args: string[] = []) {
  const { io, out, err } = fakeIo(stdin);
  const code = await parseCommand.run(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('cli parse', () => {
  it('prints one JSON line for an MRZ, with format, fields, checks and no errors', async () => {
    const { code, out } = await run(`${td3Passport.text}\n`, ['--date', '2010-01-01']);
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ kind: 'mrz', valid: true, format: 'TD3', errors: [], repairs: [] });
    expect(json.fields).toMatchObject({ surname: 'ERIKSSON', documentNumber: 'L898902C3', birthDate: '740812' });
    // UTO, the state of the Doc 9303 specimens, is a known code (a specimen, said so); an unknown
    // code is warned about.
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(['specimenDocument']);
    const unknown = JSON.parse((await run(`${td3Passport.text.replaceAll('UTO', 'QQQ')}\n`, ['--date', '2010-01-01'])).out);
    expect(unknown.warnings.map((w: { code: string }) => w.code)).toEqual(['issuingStateUnknown', 'nationalityUnknown']);
  });

  it('exits 0 on an invalid payload and lists the errors with codes and message keys', async () => {
    const { code, out } = await run(td3Passport.text.replace('7408122F', '7408123F'));
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.valid).toBe(false);
    expect(json.errors[0]).toEqual({
      code: 'birthDateCheckDigit',
      field: 'birthDate',
      message: 'documents.mrz.birthDateCheckDigit',
      params: { expected: '2', actual: '3' },
    });
  });

  it('resolves boarding-pass dates against --date, across New Year', async () => {
    const json = JSON.parse((await run(`${bcbpTwoLegs}\r\n`, ['--date', '2024-12-31'])).out);
    expect(json).toMatchObject({ kind: 'bcbp', valid: true });
    expect(json.format).toBeUndefined();
    expect(json.fields.legs.map((l: { flightDate: string }) => l.flightDate)).toEqual(['2024-12-31', '2025-01-01']);
  });

  it('reports unknown payloads without echoing them', async () => {
    const { out } = await run('hello');
    expect(JSON.parse(out)).toEqual({
      kind: 'unknown',
      valid: false,
      fields: null,
      errors: [{ code: 'unrecognised', field: 'scan', message: 'documents.scan.unrecognised' }],
      warnings: [],
      repairs: [],
    });
  });

  it('exits 2 on a usage error', async () => {
    expect((await run('', ['--date', '31/12/2024'])).code).toBe(2);
    const unknown = await run('', ['--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('usage: parse');
  });

  it('works as a process: npm run --silent cli -- parse', () => {
    const out = execFileSync('npx', ['tsx', 'cli/index.ts', 'parse', '--date', '2025-01-01'], {
      input: '1472123456789\n',
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ kind: 'eticket', valid: true, fields: { airlinePrefix: '147' } });
  });
});

describe('parse --trusted-key', () => {
  it('verifies a signed PV QR against the given key and refuses a forged one', async () => {
    const qrs = JSON.parse(readFileSync('resources/demo/pv-qrs.json', 'utf8')) as Record<string, string>;
    const good = Object.values(qrs)[0] as string;
    const forged = readFileSync('resources/demo/pv-qr-forged.txt', 'utf8').trim();
    const run = async (payload: string) => {
      const out: string[] = [];
      const code = await parseCommand.run(['--trusted-key', 'resources/demo/pv-signing-demo.pub.json'], {
        readStdin: async () => payload,
        stdout: (t) => out.push(t),
        stderr: () => {},
        readFile: (p) => readFileSync(p),
      });
      expect(code).toBe(0);
      return JSON.parse(out.join('')) as { kind: string; valid: boolean };
    };
    expect(await run(good)).toMatchObject({ kind: 'pv', valid: true });
    expect(await run(forged)).toMatchObject({ kind: 'pv', valid: false });
  });
});
