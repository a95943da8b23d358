import { describe, expect, it } from 'vitest';
import {
  PROVISIONING_KIND,
  buildProvisioning,
  enrolInputSchema,
  groupFingerprint,
  normalizeEnrolCode,
  normalizeFingerprint,
  parseProvisioning,
  readProvisioningQr,
} from './provisioning';

const HEX = 'AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12';
const COLONS = HEX.match(/.{2}/g)!.join(':');

describe('provisioning', () => {
  it('accepts a fingerprint with or without colons, in any case, and groups it for reading', () => {
    expect(normalizeFingerprint(COLONS.toLowerCase())).toBe(HEX);
    expect(normalizeFingerprint(` ${HEX.toLowerCase()} `)).toBe(HEX);
    expect(groupFingerprint(HEX)).toEqual([COLONS.slice(0, 47), COLONS.slice(48)]);
  });

  it('reads an enrolment code typed with spaces, without dashes or in lower case', () => {
    expect(normalizeEnrolCode('abcd efgh ijkl')).toBe('ABCD-EFGH-IJKL');
    expect(normalizeEnrolCode('ABCDEFGHIJKL')).toBe('ABCD-EFGH-IJKL');
    expect(normalizeEnrolCode('abcd-efgh-ijkl')).toBe('ABCD-EFGH-IJKL');
  });

  it('normalises the form and names the first field that does not hold', () => {
    expect(
      enrolInputSchema.parse({ url: ' https://centre.example:8443 ', fingerprint: COLONS.toLowerCase(), code: 'abcd efgh ijkl' }),
    ).toEqual({
      url: 'https://centre.example:8443',
      fingerprint: HEX,
      code: 'ABCD-EFGH-IJKL',
    });
    const issue = (input: object) => enrolInputSchema.safeParse(input).error?.issues[0]?.message;
    expect(issue({ url: 'http://centre.example', fingerprint: HEX, code: 'ABCD-EFGH-IJKL' })).toBe('setup.errors.insecureUrl');
    expect(issue({ url: 'centre.example', fingerprint: HEX, code: 'ABCD-EFGH-IJKL' })).toBe('setup.errors.badUrl');
    expect(issue({ url: 'https://c', fingerprint: HEX.slice(2), code: 'ABCD-EFGH-IJKL' })).toBe('setup.errors.badFingerprint');
    expect(issue({ url: 'https://c', fingerprint: HEX, code: 'ABCD-EFGH' })).toBe('setup.errors.badCode');
  });

  it('reads the file the centre writes and refuses anything else with a plain reason', () => {
    const file = buildProvisioning({ url: 'https://centre.example:8443', fingerprint: COLONS, code: 'ABCD-EFGH-IJKL', postCode: 'RAK' });
    expect(file).toMatchObject({ kind: PROVISIONING_KIND, version: 1, fingerprint: HEX });
    expect(parseProvisioning(JSON.stringify(file))).toEqual({ ok: true, value: file });
    expect(parseProvisioning('{')).toEqual({ ok: false, error: 'setup.errors.fileNotJson' });
    expect(parseProvisioning('{"pvs": []}')).toEqual({ ok: false, error: 'setup.errors.fileNotProvisioning' });
    expect(parseProvisioning(JSON.stringify({ ...file, url: 'http://centre.example' }))).toEqual({
      ok: false,
      error: 'setup.errors.insecureUrl',
    });
    expect(parseProvisioning(JSON.stringify({ ...file, extra: 1 }))).toEqual({ ok: false, error: 'setup.errors.fileNotProvisioning' });
    expect(parseProvisioning(' '.repeat(5000))).toEqual({ ok: false, error: 'setup.errors.fileTooLarge' });
  });

  it('refuses a file whose code has expired when the screen reads it, not only when the centre answers', () => {
    const now = Date.parse('2026-06-15T10:00:00Z');
    const file = buildProvisioning({ url: 'https://centre.example:8443', fingerprint: HEX, code: 'ABCD-EFGH-IJKL', expiresAt: now + 1 });
    expect(parseProvisioning(JSON.stringify(file), now)).toEqual({ ok: true, value: file });
    expect(parseProvisioning(JSON.stringify(file), now + 1)).toEqual({ ok: false, error: 'setup.errors.expiredCode' });
    // A file without an expiry (the CLI's, for an older centre) is left to the centre to judge.
    const open = buildProvisioning({ url: 'https://centre.example:8443', fingerprint: HEX, code: 'ABCD-EFGH-IJKL' });
    expect(parseProvisioning(JSON.stringify(open), now)).toEqual({ ok: true, value: open });
  });

  it('reads a provisioning QR, and refuses another QR or an expired code in plain words', () => {
    const now = Date.parse('2026-06-15T10:00:00Z');
    const payload = buildProvisioning({
      url: 'https://centre.example:8443',
      fingerprint: HEX,
      code: 'ABCD-EFGH-IJKL',
      postCode: 'RAK',
      expiresAt: now + 1,
    });
    expect(readProvisioningQr(JSON.stringify(payload), now)).toEqual({ ok: true, value: payload });
    // A wedge reader may end the text with a line break.
    expect(readProvisioningQr(`${JSON.stringify(payload)}\n`, now)).toEqual({ ok: true, value: payload });
    expect(readProvisioningQr(JSON.stringify(payload), now + 1)).toEqual({ ok: false, error: 'setup.errors.qrExpired' });
    for (const other of [
      'M1AMRANI/KARIM        E1A2B3C RAKCDGAT 0123 180Y012A0001 100',
      'https://centre.example',
      '{"pvs":[]}',
      'x'.repeat(5000),
    ])
      expect(readProvisioningQr(other, now)).toEqual({ ok: false, error: 'setup.errors.qrNotProvisioning' });
    expect(readProvisioningQr(JSON.stringify({ ...payload, url: 'http://centre.example' }), now)).toEqual({
      ok: false,
      error: 'setup.errors.insecureUrl',
    });
  });
});
