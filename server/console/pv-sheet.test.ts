/**
 * The sheet of signed PV QR codes (PDF) through the console API, on PGlite: an administrator
 * attaches the authority's signed QR (checked against the trusted PV keys and the PV), prints the
 * sheet; the PDF's text and its QR, decoded from the rendered page, are what the post verifies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBarcodeDecoder } from '../../cli/vision/barcode-decoders';
import { loadImageBytes } from '../../cli/vision/load-image';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr, verifyPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import { STILL_OPTIONS } from '../../core/vision/barcode/decoder';
import { toGray } from '../../core/vision/image';
import type { Storage } from '../storage';
import type { Store } from '../store';
import type { ConsoleStore } from './console-store';
import { consoleTestApp } from './testing';

let console_: Awaited<ReturnType<typeof consoleTestApp>>;
let storage: Storage;
let app: FastifyInstance;
let consoleStore: ConsoleStore;
let store: Store;
// A key made for this test only, trusted by this test's centre (the authority's would be).
const authority = generatePvSigningKeyPair();
const stranger = generatePvSigningKeyPair();
const PV_A = samplePv({ pvNumber: 'PV-A-1' });
const PV_B = samplePv({
  pvNumber: 'PV-B-2',
  beneficiary: { ...samplePv().beneficiary, surname: 'Traoré', givenNames: 'Awa' },
  ticket: { mode: 'air', carrier: 'AT', flightNumber: '517', date: '2026-06-20' },
});
const work = mkdtempSync(join(tmpdir(), 'pv-sheet-'));

beforeAll(async () => {
  console_ = await consoleTestApp({ startAt: Date.parse('2026-07-01T10:00:00Z') });
  ({ storage, app, consoleStore, store } = console_);
  await store.putPvKeys([{ keyId: 'dgsn-2026', publicKey: authority.publicKey }]);
  expect(await store.importPvs([PV_A, PV_B])).toMatchObject({ created: 2, errors: [] });
}, 60_000);
afterAll(async () => {
  await console_.close();
});

async function signIn(username: 'amina' | 'karim'): Promise<{ cookie: string; csrf: string }> {
  const headers = await console_.headers(username);
  return { cookie: headers.cookie, csrf: headers['x-csrf-token'] };
}

const attach = (who: { cookie: string; csrf: string }, pvNumber: string, qr: string) =>
  app.inject({
    method: 'POST',
    url: `/console/api/pvs/${pvNumber}/signed-qr`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    payload: { qr },
  });

function pdfText(pdf: Buffer, name: string): string {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function qrTexts(pdf: Buffer): Promise<string[]> {
  const file = join(work, 'qr.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', file, join(work, 'page')]);
  const image = toGray(await loadImageBytes(readFileSync(join(work, 'page-1.png'))));
  const decoder = await createNodeBarcodeDecoder();
  return (await decoder.decode(image, { ...STILL_OPTIONS, formats: ['QRCode'] })).map((r) => r.text);
}

describe('signed PV QR sheet', () => {
  it('keeps only a QR signed with a trusted key over the PV’s own fields', async () => {
    const admin = await signIn('amina');
    const byStranger = signPvQr(pvToQrFields(PV_A), stranger.privateKey, 'dgsn-2026');
    expect((await attach(admin, 'PV-A-1', byStranger)).json()).toEqual({ error: 'pv.error.qrInvalid' });
    const ofB = signPvQr(pvToQrFields(PV_B), authority.privateKey, 'dgsn-2026');
    expect((await attach(admin, 'PV-A-1', ofB)).json()).toEqual({ error: 'pv.error.qrOtherPv' });
    expect((await attach(admin, 'PV-NONE', ofB)).statusCode).toBe(404);
    const { rows } = await storage.query('SELECT pv_number FROM pv_signed_qrs');
    expect(rows).toEqual([]);
    const good = await attach(admin, 'PV-A-1', signPvQr(pvToQrFields(PV_A), authority.privateKey, 'dgsn-2026'));
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ keyId: 'dgsn-2026' });
  });

  it('prints names, PV numbers, flights and the signed QR the post verifies; one audit record per sheet', async () => {
    const admin = await signIn('amina');
    const before = (await consoleStore.auditLog()).filter((a) => a.action === 'pv.qrSheet').length;
    const res = await app.inject({
      method: 'GET',
      url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-A-1,PV-B-2&lang=fr',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload, 'fr');
    expect(text).toContain("N'DIAYE Mamadou Aliou");
    expect(text).toContain('PV n° PV-A-1');
    expect(text).toContain('Vol AT 535 du 15/06/2026');
    expect(text).toContain('QR signé par la clé dgsn-2026');
    expect(text).toContain('TRAORÉ Awa');
    expect(text).toContain('Vol AT 517 du 20/06/2026');
    expect(text).toContain('Pas de QR signé au centre pour ce PV');

    const decoded = await qrTexts(res.rawPayload);
    expect(decoded).toHaveLength(1);
    const verified = verifyPvQr(decoded[0]!, [{ keyId: 'dgsn-2026', publicKey: authority.publicKey }]);
    expect(verified).toMatchObject({ valid: true, keyId: 'dgsn-2026', fields: { pvNumber: 'PV-A-1' } });

    const audit = (await consoleStore.auditLog()).filter((a) => a.action === 'pv.qrSheet');
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ username: 'amina', outcome: 'ok', details: { pvs: 2, signed: 1 } });
    expect(JSON.stringify(audit[0])).not.toContain('Diaye');

    const ar = await app.inject({
      method: 'GET',
      url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-A-1&lang=ar',
      headers: { cookie: admin.cookie },
    });
    expect(ar.statusCode).toBe(200);
    expect(pdfText(ar.rawPayload, 'ar')).toContain("N'DIAYE Mamadou Aliou");
  }, 60_000);

  it('selects the PVs of a police station, and of one issue day in Casablanca', async () => {
    const admin = await signIn('amina');
    const station = encodeURIComponent(PV_A.policeStation);
    const sheet = async (query: string) =>
      app.inject({ method: 'GET', url: `/console/api/pvs/qr-sheet.pdf?${query}`, headers: { cookie: admin.cookie } });
    const all = await sheet(`station=${station}`);
    expect(all.statusCode).toBe(200);
    expect(pdfText(all.rawPayload, 'station')).toMatch(/PV-A-1[\s\S]*PV-B-2/);
    // PV-C was issued at 23:30 UTC on 1 June: 2 June in Casablanca (UTC+1).
    await store.importPvs([samplePv({ pvNumber: 'PV-C-3', issuedAt: Date.parse('2026-06-01T23:30:00Z') })]);
    const day = pdfText((await sheet(`station=${station}&date=2026-06-02`)).rawPayload, 'day');
    expect(day).toContain('PV-C-3');
    expect(day).not.toContain('PV-A-1');
    expect((await sheet('station=Nowhere')).json()).toEqual({ error: 'pv.error.noneFound' });
  }, 60_000);

  it('stops printing a QR once the PV changed, and refuses analysts, unknown PVs and bad queries', async () => {
    const admin = await signIn('amina');
    const analyst = await signIn('karim');
    const refused = await app.inject({
      method: 'GET',
      url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-A-1',
      headers: { cookie: analyst.cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect((await attach(analyst, 'PV-A-1', 'RVAPV1:x.y')).statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'GET',
      url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-A-1,PV-Z',
      headers: { cookie: admin.cookie },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'pv.error.unknown', unknown: ['PV-Z'] });
    for (const query of [
      '',
      '?pvs=',
      '?pvs=PV-A-1&lang=de',
      '?pvs=PV-A-1&x=1',
      '?pvs=PV-A-1&station=X',
      '?date=2026-06-01',
      '?station=X&date=2026-13-45',
    ])
      expect(
        (await app.inject({ method: 'GET', url: `/console/api/pvs/qr-sheet.pdf${query}`, headers: { cookie: admin.cookie } })).statusCode,
      ).toBe(400);

    // A new revision of the PV: the QR held no longer carries its fields, so it is not printed.
    await store.importPvs([{ ...PV_A, revision: 2, validUntil: PV_A.validUntil + 86_400_000 }]);
    const res = await app.inject({ method: 'GET', url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-A-1', headers: { cookie: admin.cookie } });
    expect(pdfText(res.rawPayload, 'changed')).toContain('Pas de QR signé au centre pour ce PV');
    expect(await qrTexts(res.rawPayload)).toEqual([]);
  }, 60_000);
});
