/**
 * The console's no-shows on PGlite: the list (post, flight, date, PV, reason, who marked it) with
 * its filters, cleared no-shows left out, and the administrator's "to reschedule" (once, audited);
 * an analyst reads but is refused the action, and the action needs the CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../storage';
import type { ConsoleStore } from './console-store';
import { consoleTestApp } from './testing';

let centre: Awaited<ReturnType<typeof consoleTestApp>>;
let storage: Storage;
let app: FastifyInstance;
let consoleStore: ConsoleStore;
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
  ({ storage, app, consoleStore } = centre);
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

  it('lets an administrator mark a PV to reschedule, once, in the console log; an analyst is refused; CSRF needed', async () => {
    const analyst = await headers('karim');
    const reschedule = (id: string, h: Record<string, string>) =>
      app.inject({ method: 'POST', url: `/console/api/no-shows/${id}/reschedule`, headers: h });
    expect((await reschedule('e1', analyst)).statusCode).toBe(403);
    const admin = await headers('amina');
    expect((await reschedule('e1', { cookie: admin.cookie })).statusCode).toBe(403);
    expect((await reschedule('e1', { ...admin, 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const rows = async () => (await storage.query<{ n: string }>('SELECT count(*)::text AS n FROM no_show_reschedules')).rows[0]?.n;
    expect(await rows()).toBe('0');

    expect((await reschedule('e1', admin)).statusCode).toBe(200);
    expect((await reschedule('e1', admin)).statusCode).toBe(409);
    expect((await reschedule('e2', admin)).statusCode).toBe(404); // cleared by its post
    expect((await reschedule('nope', admin)).statusCode).toBe(404);
    const listed = (await app.inject({ method: 'GET', url: '/console/api/no-shows?post=CMN', headers: admin })).json() as Listed;
    expect(listed.noShows[0]?.rescheduled).toEqual({ at: expect.any(Number), by: 'amina' });

    const log = await consoleStore.auditLog();
    expect(log.filter((e) => e.action === 'noShow.reschedule')).toEqual([
      expect.objectContaining({ username: 'amina', outcome: 'ok', subject: 'e1' }),
    ]);
    expect(log.filter((e) => e.action.includes('/no-shows/') && e.outcome === 'refused').map((e) => e.username)).toEqual(
      expect.arrayContaining(['karim', 'amina']),
    );
  });
});
