/**
 * The console's no-shows on PGlite: the list (post, flight, date, PV, reason, who marked it) with
 * its filters, cleared no-shows left out, and the administrator's re-scheduling of the PV with its
 * new departure (once, audited, through the PV update posts pull; checked like the PV import,
 * refused for a revoked, departed or unchanged PV); an analyst reads but is refused the action,
 * and the action needs the CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pv } from '../../core/departure/pv';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import type { Storage } from '../storage';
import type { Store } from '../store';
import type { ConsoleStore } from './console-store';
import { sheetEntries } from './pv-sheet';
import { consoleTestApp } from './testing';

let centre: Awaited<ReturnType<typeof consoleTestApp>>;
let storage: Storage;
let app: FastifyInstance;
let consoleStore: ConsoleStore;
let store: Store;
let seq = 0;

/** A post's audit event as the push stores it (only the columns the no-shows read matter here). */
async function event(device: string, post: string, id: string, action: string, details: object, actor = 'u-sup') {
  seq += 1;
  await storage.query(
    `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'supervisor', $7, NULL, $8, 'p', 'h', 's', $5)`,
    [id, device, post, seq, centre.now(), actor, action, JSON.stringify(details)],
  );
}
async function noShow(device: string, post: string, eventId: string, noShowId: string, pv: string, flightKey: string) {
  await event(device, post, eventId, 'flight.noShow', { id: noShowId, pvNumber: pv, flightKey, reason: 'medical', note: '' });
  await storage.query(
    `INSERT INTO no_shows (device_id, event_id, post_code, pv_number, flight_key, reason, note, at, received_at)
     VALUES ($1, $2, $3, $4, $5, 'medical', '', $6, $6)`,
    [device, eventId, post, pv, flightKey, centre.now()],
  );
}

beforeAll(async () => {
  centre = await consoleTestApp();
  ({ storage, app, consoleStore, store } = centre);
  for (const post of ['CMN', 'RAK']) {
    await storage.query('INSERT INTO posts (code, created_at) VALUES ($1, 0)', [post]);
    await storage.query("INSERT INTO devices (id, post_code, public_key, enrolled_at, last_hash) VALUES ($1, $2, 'k', 0, 'h')", [
      `d-${post}`,
      post,
    ]);
  }
  await storage.query(`INSERT INTO users (id, post_code, body, content_sha256, updated_at) VALUES ('u-sup', 'CMN', $1, 'x', 0)`, [
    JSON.stringify({ id: 'u-sup', postCode: 'CMN', username: 'sup', displayName: 'Nadia Superviseure', role: 'supervisor' }),
  ]);
  // The PVs as the centre holds them (the no-shows of e1 and e3 are re-scheduled below).
  const doc = (number: string) => ({ ...samplePv().travelDocument, number });
  const imported = await store.importPvs([
    samplePv({
      pvNumber: 'PV-CMN-2026-000001',
      travelDocument: doc('LP0000001'),
      ticket: { mode: 'air', carrier: 'AT', flightNumber: '999', date: '2026-06-15', pnr: 'K7QZ2P' },
    }),
    samplePv({
      pvNumber: 'PV-RAK-2026-000003',
      travelDocument: doc('LP0000003'),
      ticket: { mode: 'land', route: 'Tanger Med – Algésiras', operator: 'FRS', date: '2026-06-16' },
      authorisedPosts: ['RAK'],
    }),
  ]);
  expect(imported.errors).toEqual([]);
  await noShow('d-CMN', 'CMN', 'e1', 'n1', 'PV-CMN-2026-000001', 'AIR:AT999:2026-06-15');
  centre.advance(60_000);
  await noShow('d-CMN', 'CMN', 'e2', 'n2', 'PV-CMN-2026-000002', 'AIR:AT999:2026-06-15');
  await noShow('d-RAK', 'RAK', 'e3', 'n3', 'PV-RAK-2026-000003', 'LAND:TANGER MED ALGESIRAS:2026-06-16');
  // The post cleared the second one (the beneficiary came after all): it is no longer a no-show.
  await event('d-CMN', 'CMN', 'e4', 'flight.noShowCleared', { id: 'c1', noShowId: 'n2', pvNumber: 'PV-CMN-2026-000002' });
  await storage.query(
    `INSERT INTO no_show_clearings (device_id, event_id, post_code, no_show_id, pv_number, flight_key, at, received_at)
     VALUES ('d-CMN', 'e4', 'CMN', 'n2', 'PV-CMN-2026-000002', 'AIR:AT999:2026-06-15', $1, $1)`,
    [centre.now()],
  );
}, 60_000);
afterAll(async () => centre.close());

const headers = (username: 'amina' | 'karim') => centre.headers(username);

async function pvRow(pvNumber: string): Promise<{ body: Pv; revision: number; updatedAt: number }> {
  const { rows } = await storage.query<{ body: Pv; revision: number; updated_at: string }>(
    'SELECT body, revision, updated_at::text FROM pvs WHERE pv_number = $1',
    [pvNumber],
  );
  const row = rows[0]!;
  return { body: row.body, revision: Number(row.revision), updatedAt: Number(row.updated_at) };
}
const reschedule = (h: Record<string, string>, id: string, payload: object) =>
  app.inject({ method: 'POST', url: `/console/api/no-shows/${id}/reschedule`, headers: h, payload });
const changeCount = async () =>
  Number((await storage.query<{ n: string }>("SELECT count(*)::text AS n FROM changes WHERE body->>'kind' = 'pv'")).rows[0]?.n);

type Listed = { noShows: { id: string; postCode: string; pvNumber: string; flightDate: string; markedBy: string; rescheduled: unknown }[] };

describe('console no-shows', () => {
  it('lists the no-shows the posts reported, without cleared ones, with who marked them; filters by post and date', async () => {
    const h = await headers('karim');
    const all = (await app.inject({ method: 'GET', url: '/console/api/no-shows', headers: h })).json() as Listed;
    expect(all.noShows.map((n) => n.id)).toEqual(['e3', 'e1']);
    expect(all.noShows[1]).toMatchObject({
      postCode: 'CMN',
      pvNumber: 'PV-CMN-2026-000001',
      flightKey: 'AIR:AT999:2026-06-15',
      flightDate: '2026-06-15',
      reason: 'medical',
      markedBy: 'Nadia Superviseure',
      rescheduled: null,
    });
    const list = async (query: string) =>
      ((await app.inject({ method: 'GET', url: `/console/api/no-shows?${query}`, headers: h })).json() as Listed).noShows.map((n) => n.id);
    expect(await list('post=RAK')).toEqual(['e3']);
    expect(await list('date=2026-06-15')).toEqual(['e1']);
    expect(await list('post=RAK&date=2026-06-15')).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/console/api/no-shows?post=rak%27', headers: h })).statusCode).toBe(400);
  });

  it('lets an administrator re-schedule a PV, once, in the console log; an analyst is refused; CSRF needed', async () => {
    const analyst = await headers('karim');
    const to = { mode: 'air', carrier: 'AT', flightNumber: '1001', date: '2026-06-18' };
    expect((await reschedule(analyst, 'e1', to)).statusCode).toBe(403);
    const admin = await headers('amina');
    expect((await reschedule({ cookie: admin.cookie }, 'e1', to)).statusCode).toBe(403);
    expect((await reschedule({ ...admin, 'x-csrf-token': 'forged' }, 'e1', to)).statusCode).toBe(403);
    const rows = async () => (await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM no_show_departures')).rows[0]?.n;
    expect(await rows()).toBe('0');
    const before = await pvRow('PV-CMN-2026-000001');
    const feed = await changeCount();

    centre.advance(5_000);
    const done = await reschedule(admin, 'e1', to);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ rescheduled: true, revision: before.revision + 1 });
    // The PV changed through the import's path: new revision, new updated time, one change every post pulls.
    const after = await pvRow('PV-CMN-2026-000001');
    expect(after.body.ticket).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '1001', date: '2026-06-18' });
    expect(after).toMatchObject({ revision: before.revision + 1, updatedAt: centre.now() });
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
    expect(await changeCount()).toBe(feed + 1);

    const again = await reschedule(admin, 'e1', { ...to, date: '2026-06-19' });
    expect([again.statusCode, again.json()]).toEqual([409, { error: 'console.noShow.already' }]);
    expect((await reschedule(admin, 'e2', to)).statusCode).toBe(404); // cleared by its post
    expect((await reschedule(admin, 'nope', to)).statusCode).toBe(404);
    expect((await pvRow('PV-CMN-2026-000001')).revision).toBe(before.revision + 1);
    const listed = (await app.inject({ method: 'GET', url: '/console/api/no-shows?post=CMN', headers: admin })).json() as Listed;
    expect(listed.noShows[0]?.rescheduled).toEqual({
      at: after.updatedAt,
      by: 'amina',
      departure: { mode: 'air', carrier: 'AT', flightNumber: '1001', date: '2026-06-18' },
    });

    const log = await consoleStore.auditLog();
    const ok = log.filter((e) => e.action === 'noShow.reschedule' && e.outcome === 'ok');
    expect(ok).toEqual([expect.objectContaining({ username: 'amina', subject: 'e1' })]);
    // Nothing of the person or the journey in the details: the PV number and the revision made.
    expect(ok[0]?.details).toEqual({ pvNumber: 'PV-CMN-2026-000001', revision: before.revision + 1 });
    expect(log.filter((e) => e.action === 'noShow.reschedule' && e.outcome === 'refused').map((e) => e.details)).toEqual([
      { reason: 'unknown' },
      { reason: 'unknown' },
      { reason: 'already' },
    ]);
    expect(log.filter((e) => e.action.includes('/no-shows/') && e.outcome === 'refused').map((e) => e.username)).toEqual(
      expect.arrayContaining(['karim', 'amina']),
    );
  });

  it('checks the new departure as the PV import does, the date not in the past; nothing is written when refused', async () => {
    const admin = await headers('amina');
    const before = await pvRow('PV-RAK-2026-000003');
    const feed = await changeCount();
    const refused = async (payload: object) => {
      const res = await reschedule(admin, 'e3', payload);
      expect(res.statusCode).toBe(400);
      return (res.json() as { fields: Record<string, string> }).fields;
    };
    const land = { mode: 'land', route: 'Tanger Med – Algésiras', date: '2026-06-20' };
    const air = { mode: 'air', carrier: 'AT', flightNumber: '202', date: '2026-06-20' };
    expect(await refused({ ...air, carrier: 'a', flightNumber: '12345' })).toEqual({
      carrier: 'pv.error.carrier',
      flightNumber: 'pv.error.flightNumber',
    });
    expect(await refused({ ...air, pnr: 'x' })).toEqual({ pnr: 'pv.error.pnr' });
    expect(await refused({ ...land, date: '2026-02-30' })).toEqual({ date: 'pv.error.dateInvalid' });
    expect(await refused({ ...land, date: '18/06/2026' })).toEqual({ date: 'pv.error.dateFormat' });
    // Yesterday in Casablanca (the console's clock is 2026-06-15 around 10:00 UTC).
    expect(await refused({ ...land, date: '2026-06-14' })).toEqual({ date: 'console.reschedule.datePast' });
    expect(Object.keys(await refused({ ...land, route: '  ' }))).toEqual(['route']);
    expect(Object.keys(await refused({ ...land, operator: 'FRS' }))).toEqual(['operator']);
    expect(Object.keys(await refused({ mode: 'sea', date: '2026-06-20' }))).toEqual(['mode']);
    expect(await pvRow('PV-RAK-2026-000003')).toEqual(before);
    expect(await changeCount()).toBe(feed);
    expect((await storage.query('SELECT 1 FROM no_show_departures WHERE event_id = $1', ['e3'])).rows).toEqual([]);

    // Today is not the past.
    const res = await reschedule(admin, 'e3', { ...land, date: '2026-06-15' });
    expect(res.statusCode).toBe(200);
    expect((await pvRow('PV-RAK-2026-000003')).body.ticket).toEqual({
      mode: 'land',
      route: 'Tanger Med – Algésiras',
      operator: 'FRS',
      date: '2026-06-15',
    });
  });

  it('refuses a revoked PV, one stamped out, the same departure, another mode, a date after the PV’s validity (409)', async () => {
    const admin = await headers('amina');
    const air = (pvNumber: string, overrides: Partial<Pv> = {}) =>
      samplePv({ pvNumber, ticket: { mode: 'air', carrier: 'AT', flightNumber: '999', date: '2026-06-15', pnr: 'K7QZ2P' }, ...overrides });
    const cases: [string, string, object][] = [
      ['PV-R-1', 'revoked', { mode: 'air', carrier: 'AT', flightNumber: '1000', date: '2026-06-20' }],
      ['PV-R-2', 'departed', { mode: 'air', carrier: 'AT', flightNumber: '1000', date: '2026-06-20' }],
      ['PV-R-3', 'sameDeparture', { mode: 'air', carrier: 'AT', flightNumber: '0999', date: '2026-06-15', pnr: 'NEWPNR' }],
      ['PV-R-4', 'otherMode', { mode: 'land', route: 'Tanger Med – Algésiras', date: '2026-06-20' }],
      ['PV-R-5', 'afterValidity', { mode: 'air', carrier: 'AT', flightNumber: '1000', date: '2026-07-02' }],
      ['PV-R-6', 'pvUnknown', { mode: 'air', carrier: 'AT', flightNumber: '1000', date: '2026-06-20' }],
    ];
    expect((await store.importPvs(cases.slice(0, 5).map(([pv]) => air(pv)))).errors).toEqual([]);
    expect(await store.revokePv('PV-R-1')).toBe(true);
    // PV-R-2 was stamped out at a post (then its stamp voided and stamped again: still departed).
    await event('d-CMN', 'CMN', 'st1', 'stamp.recorded', { id: 's1', pvNumber: 'PV-R-2' });
    await event('d-CMN', 'CMN', 'st2', 'record.voided', { id: 'v1', kind: 'stamp', recordId: 's1' });
    await event('d-CMN', 'CMN', 'st3', 'stamp.recorded', { id: 's2', pvNumber: 'PV-R-2' });
    for (const [i, [pv, reason, to]] of cases.entries()) {
      await noShow('d-CMN', 'CMN', `r${i}`, `rn${i}`, pv, 'AIR:AT999:2026-06-15');
      const before = await storage.query('SELECT body, revision, updated_at FROM pvs WHERE pv_number = $1', [pv]);
      const res = await reschedule(admin, `r${i}`, to);
      expect([pv, res.statusCode, res.json()]).toEqual([pv, 409, { error: `console.noShow.${reason}` }]);
      expect((await storage.query('SELECT body, revision, updated_at FROM pvs WHERE pv_number = $1', [pv])).rows).toEqual(before.rows);
    }
    expect((await storage.query("SELECT 1 FROM no_show_departures WHERE event_id LIKE 'r%'")).rows).toEqual([]);
    // A stamp voided and not recorded again does not count: PV-R-7 can be re-scheduled.
    expect((await store.importPvs([air('PV-R-7')])).errors).toEqual([]);
    await event('d-CMN', 'CMN', 'st4', 'stamp.recorded', { id: 's3', pvNumber: 'PV-R-7' });
    await event('d-CMN', 'CMN', 'st5', 'record.voided', { id: 'v2', kind: 'stamp', recordId: 's3' });
    await noShow('d-CMN', 'CMN', 'r7', 'rn7', 'PV-R-7', 'AIR:AT999:2026-06-15');
    const res = await reschedule(admin, 'r7', { mode: 'air', carrier: 'AT', flightNumber: '1000', date: '2026-06-30' });
    expect(res.statusCode).toBe(200);
  });

  it('prints a re-scheduled PV on the QR sheet without its QR: the signed fields are no longer the PV’s', async () => {
    const admin = await headers('amina');
    const authority = generatePvSigningKeyPair();
    await store.putPvKeys([{ keyId: 'dgsn-2026', publicKey: authority.publicKey }]);
    const pv = samplePv({ pvNumber: 'PV-QR-1', ticket: { mode: 'air', carrier: 'AT', flightNumber: '999', date: '2026-06-15' } });
    expect((await store.importPvs([pv])).errors).toEqual([]);
    const qr = signPvQr(pvToQrFields(pv), authority.privateKey, 'dgsn-2026');
    const attached = await app.inject({ method: 'POST', url: '/console/api/pvs/PV-QR-1/signed-qr', headers: admin, payload: { qr } });
    expect(attached.statusCode).toBe(200);
    const signed = async () => (await sheetEntries(storage, ['PV-QR-1'])).entries.map((e) => e.signed !== null);
    expect(await signed()).toEqual([true]);

    await noShow('d-CMN', 'CMN', 'q1', 'qn1', 'PV-QR-1', 'AIR:AT999:2026-06-15');
    const res = await reschedule(admin, 'q1', { mode: 'air', carrier: 'AT', flightNumber: '1003', date: '2026-06-17' });
    expect(res.statusCode).toBe(200);
    expect(await signed()).toEqual([false]);
    const sheet = await app.inject({ method: 'GET', url: '/console/api/pvs/qr-sheet.pdf?pvs=PV-QR-1', headers: admin });
    expect(sheet.statusCode).toBe(200);
    expect((await consoleStore.auditLog()).find((e) => e.action === 'pv.qrSheet')?.details).toEqual({ pvs: 1, signed: 0 });
  });
});
