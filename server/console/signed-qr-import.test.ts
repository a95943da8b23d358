/**
 * Bulk import of signed PV QR texts through the console API, on PGlite: one text a line as a
 * police station's system exports them; each line checked as the single attach checks one, and
 * kept or refused on its own; a per-line table; one audit record with counts only.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_QR_FILE_MAX_BYTES, SIGNED_QR_FILE_MAX_LINES } from '../../core/console/signed-qr-file';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import type { SqlClient, Storage } from '../storage';
import type { ConsoleStore } from './console-store';
import { importSignedQrs } from './signed-qr-import';
import { consoleTestApp } from './testing';

let console_: Awaited<ReturnType<typeof consoleTestApp>>;
let storage: Storage;
let app: FastifyInstance;
let consoleStore: ConsoleStore;
const authority = generatePvSigningKeyPair();
const stranger = generatePvSigningKeyPair();
const PV_A = samplePv({ pvNumber: 'PV-A-1' });
const PV_B = samplePv({ pvNumber: 'PV-B-2', beneficiary: { ...samplePv().beneficiary, surname: 'Traoré', givenNames: 'Awa' } });
const PV_C = samplePv({ pvNumber: 'PV-C-3' });
const PV_D = samplePv({ pvNumber: 'PV-D-4' });
const signed = (pv: typeof PV_A, key = authority.privateKey, keyId = 'dgsn-2026') => signPvQr(pvToQrFields(pv), key, keyId);

beforeAll(async () => {
  console_ = await consoleTestApp({ startAt: Date.parse('2026-07-01T10:00:00Z') });
  ({ storage, app, consoleStore } = console_);
  await console_.store.putPvKeys([{ keyId: 'dgsn-2026', publicKey: authority.publicKey }]);
  // PV-B's second revision: a QR of its first no longer carries its fields.
  expect(
    await console_.store.importPvs([PV_A, { ...PV_B, revision: 2, validUntil: PV_B.validUntil + 86_400_000 }, PV_C, PV_D]),
  ).toMatchObject({
    created: 4,
    errors: [],
  });
}, 60_000);
afterAll(async () => {
  await console_.close();
});

type Who = Awaited<ReturnType<typeof console_.headers>>;
const upload = (who: Partial<Who>, content: string) =>
  app.inject({ method: 'POST', url: '/console/api/pvs/signed-qr-import', headers: who, payload: { content } });
const held = async () =>
  (await storage.query<{ pv_number: string; qr: string }>('SELECT pv_number, qr FROM pv_signed_qrs ORDER BY pv_number')).rows.map((r) => [
    r.pv_number,
    r.qr,
  ]);
const importAudits = async () => (await consoleStore.auditLog()).filter((a) => a.action === 'pv.signedQrImport');

describe('bulk import of signed PV QR texts', () => {
  it('attaches the lines that verify and answers each line; bad lines never block good ones', async () => {
    const admin = await console_.headers('amina');
    // One character of the signature changed: still an RVAPV1 text, no longer signed by anyone.
    const good = signed(PV_C);
    const at = good.lastIndexOf('.') + 10;
    const tampered = `${good.slice(0, at)}${good[at] === 'A' ? 'B' : 'A'}${good.slice(at + 1)}`;
    const file = [
      'hello, not a QR', // 1
      signed(PV_A), // 2
      '', // 3: blank, skipped
      signed(PV_A), // 4: the same text again
      signed(samplePv({ pvNumber: 'PV-NONE-9' })), // 5
      signed(PV_C, stranger.privateKey), // 6: a key the centre does not trust, under a trusted id
      signed(PV_C, authority.privateKey, 'other-2026'), // 7: an id the centre does not know
      signed(PV_B), // 8: revision 1, the centre holds revision 2
      'RVAPV2:abc.def', // 9
      `  ${signed(PV_D)}\r`, // 10
      tampered, // 11
    ].join('\n');
    const res = await upload(admin, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      lines: [
        { line: 1, pvNumber: null, result: 'notRvapv1' },
        { line: 2, pvNumber: 'PV-A-1', result: 'attached' },
        { line: 4, pvNumber: 'PV-A-1', result: 'alreadyAttached' },
        { line: 5, pvNumber: 'PV-NONE-9', result: 'unknownPv' },
        { line: 6, pvNumber: 'PV-C-3', result: 'untrusted' },
        { line: 7, pvNumber: 'PV-C-3', result: 'untrusted' },
        { line: 8, pvNumber: 'PV-B-2', result: 'pvChanged' },
        { line: 9, pvNumber: null, result: 'notRvapv1' },
        { line: 10, pvNumber: 'PV-D-4', result: 'attached' },
        { line: 11, pvNumber: 'PV-C-3', result: 'untrusted' },
      ],
      counts: { attached: 2, alreadyAttached: 1, unknownPv: 1, untrusted: 3, pvChanged: 1, notRvapv1: 2 },
    });
    expect(await held()).toEqual([
      ['PV-A-1', signed(PV_A)],
      ['PV-D-4', signed(PV_D)],
    ]);

    // One audit record for the file, with counts only: no name, no PV number, no QR text.
    const audits = await importAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      username: 'amina',
      outcome: 'ok',
      subject: null,
      details: { lines: 10, attached: 2, alreadyAttached: 1, unknownPv: 1, untrusted: 3, pvChanged: 1, notRvapv1: 2 },
    });
    expect(JSON.stringify(audits[0])).not.toMatch(/RVAPV|PV-A-1|Diaye|Traor/);
  }, 60_000);

  it('checks each line as the single attach does: the same refusals, the same texts kept', async () => {
    const admin = await console_.headers('amina');
    const single = (pvNumber: string, qr: string) =>
      app.inject({ method: 'POST', url: `/console/api/pvs/${pvNumber}/signed-qr`, headers: admin, payload: { qr } });
    expect((await single('PV-C-3', signed(PV_C, stranger.privateKey))).json()).toEqual({ error: 'pv.error.qrInvalid' });
    expect((await single('PV-B-2', signed(PV_B))).json()).toEqual({ error: 'pv.error.qrOtherPv' });
    // A text already held: the single attach says so with its key, and writes nothing new.
    expect((await single('PV-A-1', signed(PV_A))).json()).toEqual({ keyId: 'dgsn-2026' });
    // A refused line never replaces the text a PV holds: PV-A keeps its QR when PV-A changes
    // and a text of its old fields comes again (nothing is half written).
    const PV_A2 = { ...PV_A, revision: 2, validUntil: PV_A.validUntil + 86_400_000 };
    expect(await console_.store.importPvs([PV_A2])).toMatchObject({ updated: 1 });
    const again = await upload(admin, signed(PV_A));
    expect(again.json()).toMatchObject({ lines: [{ line: 1, pvNumber: 'PV-A-1', result: 'pvChanged' }] });
    expect((await held()).find(([n]) => n === 'PV-A-1')).toEqual(['PV-A-1', signed(PV_A)]);
    // The authority's new QR for the new revision replaces it.
    const renewed = signed(PV_A2);
    expect((await upload(admin, `${renewed}\n${renewed}`)).json()).toMatchObject({
      counts: { attached: 1, alreadyAttached: 1 },
    });
    expect((await held()).find(([n]) => n === 'PV-A-1')).toEqual(['PV-A-1', renewed]);
  }, 60_000);

  it(`refuses, whole and in plain words, a file over ${SIGNED_QR_FILE_MAX_LINES} texts or 2 MB, or with no text`, async () => {
    const admin = await console_.headers('amina');
    const before = await held();
    const audits = (await importAudits()).length;
    // Lines too many (short ones: real texts reach 2 MB first, about 900 bytes each), bytes too
    // many, and a body past what the centre reads at all: the same refusal.
    const many = await upload(admin, 'RVAPV1:x.y\n'.repeat(SIGNED_QR_FILE_MAX_LINES + 1));
    expect(many.statusCode).toBe(413);
    expect(many.json()).toEqual({
      error: 'pv.error.qrImportTooLarge',
      maxLines: SIGNED_QR_FILE_MAX_LINES,
      maxBytes: SIGNED_QR_FILE_MAX_BYTES,
    });
    const big = await upload(admin, `${signed(PV_C)}\n${'x'.repeat(SIGNED_QR_FILE_MAX_BYTES)}`);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual(many.json());
    const huge = await upload(admin, `${signed(PV_C)}\n`.repeat(6_000));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toEqual(many.json());
    const empty = await upload(admin, '\n \n');
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'pv.error.qrImportEmpty' });
    expect((await upload(admin, 42 as unknown as string)).statusCode).toBe(400);
    const badJson = await app.inject({
      method: 'POST',
      url: '/console/api/pvs/signed-qr-import',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"content": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(await held()).toEqual(before);
    const refused = (await importAudits()).slice(0, 3);
    expect((await importAudits()).length).toBe(audits + 3);
    expect(refused.map((a) => [a.outcome, (a.details as { reason: string }).reason])).toEqual([
      ['refused', 'empty'],
      ['refused', 'tooLarge'],
      ['refused', 'tooLarge'],
    ]);
  }, 60_000);

  it('is for administrators only, with the CSRF token, from the centre’s own origin', async () => {
    const analyst = await console_.headers('karim');
    const admin = await console_.headers('amina');
    const before = await held();
    const analystTry = await upload(analyst, signed(PV_C));
    expect(analystTry.statusCode).toBe(403);
    expect(analystTry.json()).toEqual({ error: 'console.forbidden' });
    expect((await upload({ cookie: admin.cookie }, signed(PV_C))).json()).toEqual({ error: 'console.csrf' });
    expect((await upload({ ...admin, 'x-csrf-token': 'forged' }, signed(PV_C))).statusCode).toBe(403);
    expect((await upload({}, signed(PV_C))).statusCode).toBe(401);
    const crossSite = await app.inject({
      method: 'POST',
      url: '/console/api/pvs/signed-qr-import',
      headers: { ...admin, origin: 'https://evil.example', host: 'centre.example' },
      payload: { content: signed(PV_C) },
    });
    expect(crossSite.json()).toEqual({ error: 'console.crossSite' });
    expect(await held()).toEqual(before);
  }, 60_000);

  it('keeps the lines before a failure and nothing of the line that failed', async () => {
    // The database fails after writing the second text, before its transaction ends: that line is
    // rolled back whole; the first stays; the error goes to the caller.
    let inserts = 0;
    const failing: Storage = {
      ...storage,
      query: (text, params) => storage.query(text, params),
      transaction: (fn) =>
        storage.transaction((tx) =>
          fn({
            async query<R>(text: string, params?: unknown[]) {
              const result = await tx.query<R>(text, params);
              if (text.includes('INSERT INTO pv_signed_qrs') && ++inserts === 2) throw new Error('disk full');
              return result;
            },
          } satisfies SqlClient),
        ),
    };
    await storage.query("DELETE FROM pv_signed_qrs WHERE pv_number IN ('PV-C-3', 'PV-D-4')");
    await expect(importSignedQrs(failing, `${signed(PV_C)}\n${signed(PV_D)}`, console_.now())).rejects.toThrow('disk full');
    const kept = (await held()).map(([n]) => n);
    expect(kept).toContain('PV-C-3');
    expect(kept).not.toContain('PV-D-4');
  }, 60_000);
});
