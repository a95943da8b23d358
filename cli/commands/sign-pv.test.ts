import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import type { CliIo } from '../io';
import { keygenCommand } from './keygen';
import { signPvCommand } from './sign-pv';

function fakeIo(stdin = '') {
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

describe('keygen and sign-pv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-keys-'));
  const prefix = join(dir, 'test');

  it('keygen writes a private key file (mode 600) and a trusted key file', async () => {
    const { io } = fakeIo();
    expect(await keygenCommand.run(['--key-id', 'test-1', '--out', prefix], io)).toBe(0);
    const secret = JSON.parse(readFileSync(`${prefix}.key.json`, 'utf8'));
    const pub = JSON.parse(readFileSync(`${prefix}.pub.json`, 'utf8'));
    expect(secret).toMatchObject({ format: 'rva-pv-signing-key', keyId: 'test-1', algorithm: 'Ed25519' });
    expect(secret.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pub).toEqual({ format: 'rva-pv-trusted-key', algorithm: 'Ed25519', keyId: 'test-1', publicKey: secret.publicKey });
    expect(statSync(`${prefix}.key.json`).mode & 0o077).toBe(0);
  });

  it('sign-pv prints a QR that verifies with the trusted key, and is refused with another', async () => {
    const { io, out } = fakeIo(JSON.stringify(samplePv()));
    expect(await signPvCommand.run(['--key', `${prefix}.key.json`], io)).toBe(0);
    const qr = out.join('').trim();
    const pub = JSON.parse(readFileSync(`${prefix}.pub.json`, 'utf8'));
    expect(verifyPvQr(qr, [pub])).toMatchObject({ valid: true, keyId: 'test-1', fields: { pvNumber: samplePv().pvNumber } });
    expect(verifyPvQr(qr, [{ keyId: 'test-1', publicKey: '00'.repeat(32) }]).valid).toBe(false);
  });

  it('sign-pv picks one PV of an import file with --pv, and refuses bad input', async () => {
    const file = JSON.stringify({ version: 1, pvs: [samplePv(), samplePv({ pvNumber: 'PV-2' })] });
    const pick = fakeIo(file);
    expect(await signPvCommand.run(['--key', `${prefix}.key.json`, '--pv', 'PV-2'], pick.io)).toBe(0);
    expect(pick.out.join('')).toMatch(/^RVAPV1:/);
    const ambiguous = fakeIo(file);
    expect(await signPvCommand.run(['--key', `${prefix}.key.json`], ambiguous.io)).toBe(1);
    const bad = fakeIo('{"pvNumber": 1}');
    expect(await signPvCommand.run(['--key', `${prefix}.key.json`], bad.io)).toBe(1);
    expect(await signPvCommand.run([], fakeIo().io)).toBe(2);
  });

  it('the committed demo QRs verify with the demo public key and the forged one is refused', () => {
    const pub = JSON.parse(readFileSync('resources/demo/pv-signing-demo.pub.json', 'utf8'));
    const qrs = JSON.parse(readFileSync('resources/demo/pv-qrs.json', 'utf8')) as Record<string, string>;
    expect(Object.keys(qrs)).toHaveLength(30);
    for (const [pvNumber, qr] of Object.entries(qrs)) {
      expect(verifyPvQr(qr, [pub])).toMatchObject({ valid: true, fields: { pvNumber } });
    }
    const forged = readFileSync('resources/demo/pv-qr-forged.txt', 'utf8');
    expect(verifyPvQr(forged, [pub])).toMatchObject({ valid: false, code: 'badSignature' });
  });
});
