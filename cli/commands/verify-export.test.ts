import { generateKeyPairSync, createPublicKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeviceKey } from '../../main/services/device-key';
import { keyFingerprint } from '../../main/services/device-key';
import { sealExport } from '../../main/services/export-manifest';
import type { CliIo } from '../io';
import { verifyExportCommand } from './verify-export';

function deviceKey(): DeviceKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return { publicKeySpki: spki, fingerprint: keyFingerprint(spki), sign: (d) => sign(null, d, privateKey).toString('base64') };
}

const key = deviceKey();
const sealed = sealExport(
  {
    kind: 'shift-log',
    fileType: 'csv',
    fileName: 'x.csv',
    createdAt: 0,
    postCode: 'CMN',
    deviceId: 'd1',
    subject: 's1',
    auditHead: { seq: 3, hash: 'h' },
    content: Buffer.from('\uFEFFseq,action\r\n1,shift.opened\r\n'),
  },
  key,
).file;

async function run(args: string[], files: Record<string, Buffer>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readStdin: async () => '',
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => {
      const f = files[p];
      if (!f) throw new Error('ENOENT');
      return f;
    },
  };
  const code = await verifyExportCommand.run(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('cli verify-export', () => {
  it('says valid with the manifest summary', async () => {
    const r = await run(['a.csv', '--public-key', key.publicKeySpki], { 'a.csv': sealed });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      valid: true,
      manifest: { kind: 'shift-log', postCode: 'CMN', auditHead: { seq: 3 }, keyFingerprint: key.fingerprint },
    });
    expect(r.err).toMatch(/^valid: /);
  });

  it('names a changed byte, a missing manifest and a wrong signer', async () => {
    const changed = Buffer.from(sealed);
    changed[12] = 'X'.charCodeAt(0);
    const bad = await run(['b.csv'], { 'b.csv': changed });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ valid: false, problems: [{ code: 'contentHashMismatch' }] });
    const bare = await run(['c.csv'], { 'c.csv': Buffer.from('\uFEFFseq,action\r\n') });
    expect(JSON.parse(bare.out)).toMatchObject({ valid: false, problems: [{ code: 'manifestMissing' }] });
    const other = await run(['a.csv', '--public-key', deviceKey().publicKeySpki], { 'a.csv': sealed });
    expect(JSON.parse(other.out).problems.map((p: { code: string }) => p.code)).toEqual(['unknownSigner']);
  });

  it('exits 2 on usage errors and 1 on an unreadable file', async () => {
    expect((await run([], {})).code).toBe(2);
    expect((await run(['a', '--nope'], {})).code).toBe(2);
    expect((await run(['missing.csv'], {})).code).toBe(1);
  });
});
