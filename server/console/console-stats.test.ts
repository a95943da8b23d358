/**
 * National statistics through the console API, on PGlite: exit stamps and per diem payments as
 * the posts push them (voided ones left out), nationality and mode from the centre's PVs.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePv } from '../../core/departure/testing';
import type { Storage } from '../storage';
import { consoleTestApp } from './testing';

let console_: Awaited<ReturnType<typeof consoleTestApp>>;
let storage: Storage;
let app: FastifyInstance;
let seq = 0;

async function event(device: string, post: string, action: string, at: string, details: Record<string, unknown>) {
  seq++;
  await storage.query(
    `INSERT INTO events (id, device_id, post_code, seq, at, actor_id, actor_role, action, subject, details, prev_hash, hash, body_sha256, received_at)
     VALUES ($1, $2, $3, $4, $5, 'u1', 'officer', $6, NULL, $7, 'x', 'y', 'z', $5)`,
    [randomUUID(), device, post, seq, Date.parse(at), action, JSON.stringify(details)],
  );
}

beforeAll(async () => {
  console_ = await consoleTestApp({ startAt: Date.parse('2026-07-01T10:00:00Z') });
  ({ storage, app } = console_);
  const store = console_.store;
  for (const [post, device] of [
    ['CMN', 'd-cmn'],
    ['OUD', 'd-oud'],
  ]) {
    await storage.query('INSERT INTO posts (code, created_at) VALUES ($1, 0)', [post]);
    await storage.query("INSERT INTO devices (id, post_code, public_key, enrolled_at, last_hash) VALUES ($1, $2, 'k', 0, 'g')", [
      device,
      post,
    ]);
  }
  const land = { mode: 'land' as const, route: 'Oujda - Bamako', operator: 'CTM', date: '2026-05-20' };
  const imported = await store.importPvs([
    samplePv({ pvNumber: 'PV-1', beneficiary: { ...samplePv().beneficiary, nationality: 'SEN' } }),
    samplePv({ pvNumber: 'PV-2', beneficiary: { ...samplePv().beneficiary, nationality: 'GIN' } }),
    samplePv({ pvNumber: 'PV-3', beneficiary: { ...samplePv().beneficiary, nationality: 'MLI' }, ticket: land }),
    samplePv({ pvNumber: 'PV-4', beneficiary: { ...samplePv().beneficiary, nationality: 'CIV' } }),
  ]);
  expect(imported).toMatchObject({ created: 4, errors: [] });
  await event('d-cmn', 'CMN', 'stamp.recorded', '2026-06-15T10:00:00Z', { id: 's1', pvNumber: 'PV-1' });
  await event('d-cmn', 'CMN', 'perDiem.paid', '2026-06-15T09:50:00Z', { id: 'p1', pvNumber: 'PV-1', amountCents: 10_000, currency: 'USD' });
  await event('d-cmn', 'CMN', 'stamp.recorded', '2026-06-16T10:00:00Z', { id: 's2', pvNumber: 'PV-2' });
  await event('d-oud', 'OUD', 'stamp.recorded', '2026-05-20T10:00:00Z', { id: 's3', pvNumber: 'PV-3' });
  await event('d-oud', 'OUD', 'perDiem.paid', '2026-05-20T09:00:00Z', { id: 'p3', pvNumber: 'PV-3', amountCents: 10_000, currency: 'USD' });
  // Voided at the post: neither counts.
  await event('d-cmn', 'CMN', 'stamp.recorded', '2026-06-17T10:00:00Z', { id: 's4', pvNumber: 'PV-4' });
  await event('d-cmn', 'CMN', 'perDiem.paid', '2026-06-17T09:00:00Z', { id: 'p4', pvNumber: 'PV-4', amountCents: 10_000, currency: 'USD' });
  await event('d-cmn', 'CMN', 'record.voided', '2026-06-17T11:00:00Z', { id: 'v1', kind: 'stamp', recordId: 's4', pvNumber: 'PV-4' });
  await event('d-cmn', 'CMN', 'record.voided', '2026-06-17T11:00:00Z', { id: 'v2', kind: 'perDiem', recordId: 'p4', pvNumber: 'PV-4' });
  // Another year.
  await event('d-cmn', 'CMN', 'stamp.recorded', '2025-06-15T10:00:00Z', { id: 's5', pvNumber: 'PV-4' });
}, 60_000);
afterAll(async () => {
  await console_.close();
});

async function analystCookie(): Promise<string> {
  return (await console_.headers('karim')).cookie;
}

describe('console statistics', () => {
  it('counts the year’s departures by nationality, month, post and mode, and the per diem, without voided records', async () => {
    const cookie = await analystCookie();
    const res = await app.inject({ method: 'GET', url: '/console/api/stats?year=2026', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const stats = res.json();
    expect(stats.total).toBe(3);
    expect(stats.byNationality.top).toEqual([
      { code: 'GIN', count: 1, percent: 33.33 },
      { code: 'MLI', count: 1, percent: 33.33 },
      { code: 'SEN', count: 1, percent: 33.33 },
    ]);
    expect(stats.byNationality.total).toEqual({ count: 3, percent: 100 });
    expect(stats.byMonth.map((m: { count: number }) => m.count)).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0]);
    expect(stats.byPost).toEqual([
      { postCode: 'CMN', count: 2, percent: 66.67, perDiemCount: 1, perDiemCents: 10_000 },
      { postCode: 'OUD', count: 1, percent: 33.33, perDiemCount: 1, perDiemCents: 10_000 },
    ]);
    expect(stats.byMode).toEqual({ air: { count: 2, percent: 66.67 }, land: { count: 1, percent: 33.33 } });
    expect(stats.perDiem).toEqual({ count: 2, totals: [{ currency: 'USD', cents: 20_000 }] });

    const june = (await app.inject({ method: 'GET', url: '/console/api/stats?year=2026&month=6', headers: { cookie } })).json();
    expect(june.total).toBe(2);
    expect(june.perDiem.count).toBe(1);
  });

  it('exports CSV and PDF in the language asked', async () => {
    const cookie = await analystCookie();
    const csv = await app.inject({ method: 'GET', url: '/console/api/stats.csv?year=2026&lang=fr', headers: { cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="rva-stats-2026.csv"');
    expect(csv.body).toContain('Nationalité,GIN,Guinée Conakry,1,33.33,\r\n');
    expect(csv.body).toContain('Total général,3,100.00,');
    const ar = await app.inject({ method: 'GET', url: '/console/api/stats.csv?year=2026&lang=ar', headers: { cookie } });
    expect(ar.body).toContain('المجموع العام');
    const pdf = await app.inject({ method: 'GET', url: '/console/api/stats.pdf?year=2026&month=6&lang=ar', headers: { cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="rva-stats-2026-06.pdf"');
  }, 30_000);

  it('refuses a bad period and answers 401 without a session', async () => {
    const cookie = await analystCookie();
    for (const query of ['year=1999', 'year=2026&month=13', 'year=abc', 'year=2026&lang=de', 'year=2026&extra=1'])
      expect((await app.inject({ method: 'GET', url: `/console/api/stats?${query}`, headers: { cookie } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/console/api/stats?year=2026' })).statusCode).toBe(401);
  });
});
