/**
 * The console's settings screen API on PGlite: trusted PV signing keys (list, add, retire) and the
 * national settings. Administrators change them through the store functions the admin API uses,
 * so a post's pull carries the change; analysts read only; CSRF as everywhere; every change,
 * allowed or refused, in the audit log.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePvSigningKeyPair } from '../../core/departure/pv-qr';
import { pvKeyFingerprint } from '../../core/console/pv-key';
import type { CentralSettings } from '../../core/sync/protocol';
import type { AuthenticatedDevice, Store } from '../store';
import type { ConsoleStore } from './console-store';
import { consoleTestApp } from './testing';

let centre: Awaited<ReturnType<typeof consoleTestApp>>;
let app: FastifyInstance;
let store: Store;
let consoleStore: ConsoleStore;
let device: AuthenticatedDevice;
const SETTINGS: CentralSettings = { perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } };

beforeAll(async () => {
  centre = await consoleTestApp();
  ({ app, store, consoleStore } = centre);
  await store.putSettings(SETTINGS);
  await store.putPvKeys([{ keyId: 'dgsn-2026', publicKey: generatePvSigningKeyPair().publicKey }]);
  const { code } = await store.createEnrolCode('RAK');
  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const enrolled = await store.enrol({ code, deviceId: randomUUID(), publicKey });
  if (!enrolled.ok) throw new Error(enrolled.error);
  device = enrolled.value;
}, 60_000);
afterAll(async () => centre.close());

const headers = (username: 'amina' | 'karim') => centre.headers(username);

/** Everything a post would receive from the start of the feed. */
async function pulled() {
  const page = await store.pull(device, '0', 1000);
  return page.changes;
}

const lastAudit = async () => (await consoleStore.auditLog(1))[0];

describe('console settings: trusted PV keys', () => {
  it('an administrator adds a key (key file or hex), every post receives the new set, and it is audited', async () => {
    const h = await headers('amina');
    const pair = generatePvSigningKeyPair();
    const file = JSON.stringify({ format: 'rva-pv-trusted-key', algorithm: 'Ed25519', keyId: 'dgsn-2027', publicKey: pair.publicKey });
    const added = await app.inject({ method: 'POST', url: '/console/api/pv-keys', headers: h, payload: { keyId: 'dgsn-2027', key: file } });
    expect(added.statusCode).toBe(201);
    const { keys } = added.json() as { keys: Array<{ keyId: string; fingerprint: string; retiredAt: number | null }> };
    expect(keys.map((k) => [k.keyId, k.retiredAt])).toEqual([
      ['dgsn-2026', null],
      ['dgsn-2027', null],
    ]);
    expect(keys[1]?.fingerprint).toBe(pvKeyFingerprint(pair.publicKey));
    const feed = (await pulled()).filter((c) => c.kind === 'pvKeys');
    expect(feed.at(-1)).toMatchObject({ keys: [{ keyId: 'dgsn-2026' }, { keyId: 'dgsn-2027', publicKey: pair.publicKey }] });
    expect(await lastAudit()).toMatchObject({ action: 'pvKey.add', outcome: 'ok', subject: 'dgsn-2027', username: 'amina' });
  });

  it('refuses a private key, a key that is no Ed25519 point, a key id used before and a key already trusted', async () => {
    const h = await headers('amina');
    const add = (keyId: string, key: string) =>
      app.inject({ method: 'POST', url: '/console/api/pv-keys', headers: h, payload: { keyId, key } });
    const pair = generatePvSigningKeyPair();
    const before = (await pulled()).length;
    expect((await add('k1', JSON.stringify({ privateKey: pair.privateKey }))).json()).toEqual({
      error: 'console.pvKey.privateKey',
      fields: { key: 'privateKey' },
    });
    // 32 bytes whose y coordinate is not on the curve.
    expect((await add('k1', `${'ff'.repeat(31)}7f`)).json()).toMatchObject({ error: 'console.pvKey.invalidKey' });
    expect((await add('k1', 'not a key')).json()).toMatchObject({ error: 'console.pvKey.format' });
    const reused = await add('dgsn-2027', pair.publicKey);
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: 'console.pvKey.keyIdUsed', fields: { keyId: 'keyIdUsed' } });
    const current = (await store.pvKeys())[0]!.publicKey;
    expect((await add('copy', current)).json()).toMatchObject({ error: 'console.pvKey.keyTrusted' });
    expect(await pulled()).toHaveLength(before);
    expect(await lastAudit()).toMatchObject({ action: 'pvKey.add', outcome: 'refused', subject: 'copy' });
  });

  it('retires a key, keeps the others’ added date, and refuses to retire the last one', async () => {
    const h = await headers('amina');
    const addedBefore = (await store.pvKeys()).find((k) => k.keyId === 'dgsn-2027')?.addedAt;
    const retire = (keyId: string) => app.inject({ method: 'POST', url: `/console/api/pv-keys/${keyId}/retire`, headers: h });
    expect((await retire('dgsn-2026')).statusCode).toBe(200);
    const keys = await store.pvKeys();
    expect(keys.find((k) => k.keyId === 'dgsn-2026')?.retiredAt).toBe(centre.now());
    expect(keys.find((k) => k.keyId === 'dgsn-2027')?.addedAt).toBe(addedBefore);
    expect((await pulled()).filter((c) => c.kind === 'pvKeys').at(-1)).toMatchObject({ keys: [{ keyId: 'dgsn-2027' }] });
    const last = await retire('dgsn-2027');
    expect(last.statusCode).toBe(409);
    expect(last.json()).toEqual({ error: 'console.pvKey.lastKey' });
    expect((await retire('dgsn-2026')).json()).toEqual({ error: 'console.pvKey.retired' });
    expect((await retire('nobody')).statusCode).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: 'pvKey.retire', outcome: 'refused', subject: 'nobody' });
  });
});

describe('console settings: national settings', () => {
  it('an administrator changes the per diem; the post’s pull carries it; audited with before and after', async () => {
    const h = await headers('amina');
    const next = { perDiem: { amount: 12_500, currency: 'MAD', periodDays: 180 }, retention: { pseudonymiseAfterDays: 60 } };
    const res = await app.inject({ method: 'POST', url: '/console/api/settings', headers: h, payload: next });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ changed: true, view: { settings: next, updatedAt: centre.now() } });
    expect((await pulled()).filter((c) => c.kind === 'settings').at(-1)).toMatchObject({ settings: next });
    expect(await lastAudit()).toMatchObject({
      action: 'settings.change',
      outcome: 'ok',
      details: { changed: true, before: SETTINGS, after: next },
    });
    const read = await app.inject({ method: 'GET', url: '/console/api/settings', headers: { cookie: h.cookie } });
    expect(read.json()).toEqual({ settings: next, updatedAt: centre.now() });
  });

  it('refuses invalid settings field by field, writing nothing but the audit entry', async () => {
    const h = await headers('amina');
    const before = (await pulled()).length;
    const res = await app.inject({
      method: 'POST',
      url: '/console/api/settings',
      headers: h,
      payload: { perDiem: { amount: 0, currency: 'usd', periodDays: 365 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'console.settingsInvalid',
      fields: { 'perDiem.amount': 'invalid', 'perDiem.currency': 'invalid' },
    });
    expect(await pulled()).toHaveLength(before);
    expect(await lastAudit()).toMatchObject({ action: 'settings.change', outcome: 'refused' });
  });
});

describe('console settings: who may change them', () => {
  it('an analyst reads keys and settings but every change is refused (403) and audited', async () => {
    const h = await headers('karim');
    expect((await app.inject({ method: 'GET', url: '/console/api/pv-keys', headers: { cookie: h.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/console/api/settings', headers: { cookie: h.cookie } })).statusCode).toBe(200);
    const before = (await pulled()).length;
    const changes = [
      app.inject({ method: 'POST', url: '/console/api/settings', headers: h, payload: SETTINGS }),
      app.inject({
        method: 'POST',
        url: '/console/api/pv-keys',
        headers: h,
        payload: { keyId: 'by-analyst', key: generatePvSigningKeyPair().publicKey },
      }),
      app.inject({ method: 'POST', url: '/console/api/pv-keys/dgsn-2027/retire', headers: h }),
    ];
    for (const res of await Promise.all(changes)) expect(res.json()).toEqual({ error: 'console.forbidden' });
    expect(await pulled()).toHaveLength(before);
    const audit = await consoleStore.auditLog(3);
    expect(audit.map((e) => [e.username, e.outcome, (e.details as { reason: string }).reason])).toEqual(
      Array(3).fill(['karim', 'refused', 'role']),
    );
  });

  it('refuses a change without the CSRF token or from another site', async () => {
    const h = await headers('amina');
    const before = (await pulled()).length;
    const noToken = await app.inject({ method: 'POST', url: '/console/api/settings', headers: { cookie: h.cookie }, payload: SETTINGS });
    expect(noToken.json()).toEqual({ error: 'console.csrf' });
    const forged = await app.inject({
      method: 'POST',
      url: '/console/api/pv-keys',
      headers: { cookie: h.cookie, 'x-csrf-token': 'A'.repeat(43) },
      payload: { keyId: 'forged', key: generatePvSigningKeyPair().publicKey },
    });
    expect(forged.json()).toEqual({ error: 'console.csrf' });
    const crossSite = await app.inject({
      method: 'POST',
      url: '/console/api/pv-keys/dgsn-2027/retire',
      headers: { ...h, host: 'centre.test', origin: 'https://evil.test' },
    });
    expect(crossSite.json()).toEqual({ error: 'console.crossSite' });
    expect(await pulled()).toHaveLength(before);
  });
});

describe('console settings: one post’s time zone and idle logout', () => {
  const url = (post: string) => `/console/api/posts/${post}/settings`;
  const put = (h: Record<string, string>, post: string, payload: object) =>
    app.inject({ method: 'POST', url: url(post), headers: h, payload });

  it('shows the defaults until set; an administrator sets them, only that post receives them, audited before and after', async () => {
    const h = await headers('amina');
    await store.createEnrolCode('CMN');
    const shown = await app.inject({ method: 'GET', url: url('RAK'), headers: h });
    expect(shown.json()).toEqual({ postCode: 'RAK', timeZone: 'Africa/Casablanca', idleTimeoutMinutes: 5, updatedAt: null });

    const before = (await pulled()).length;
    const set = await put(h, 'RAK', { timeZone: 'europe/paris', idleTimeoutMinutes: 2 });
    expect(set.statusCode).toBe(200);
    // Stored as the runtime spells the zone.
    expect(set.json()).toEqual({
      changed: true,
      view: { postCode: 'RAK', timeZone: 'Europe/Paris', idleTimeoutMinutes: 2, updatedAt: centre.now() },
    });
    const feed = await pulled();
    expect(feed.slice(before)).toEqual([
      expect.objectContaining({ kind: 'postSettings', settings: { postCode: 'RAK', timeZone: 'Europe/Paris', idleTimeoutMinutes: 2 } }),
    ]);
    expect(await lastAudit()).toMatchObject({
      action: 'post.settings',
      outcome: 'ok',
      subject: 'RAK',
      details: {
        changed: true,
        before: { timeZone: 'Africa/Casablanca', idleTimeoutMinutes: 5 },
        after: { timeZone: 'Europe/Paris', idleTimeoutMinutes: 2 },
      },
    });
    // The same again changes nothing and sends nothing.
    const again = await put(h, 'RAK', { timeZone: 'Europe/Paris', idleTimeoutMinutes: 2 });
    expect(again.json()).toMatchObject({ changed: false });
    expect(await pulled()).toHaveLength(before + 1);

    // Another post's settings never reach RAK.
    const other = await put(h, 'CMN', { timeZone: 'Asia/Tokyo', idleTimeoutMinutes: 1 });
    expect(other.statusCode).toBe(200);
    expect(await pulled()).toHaveLength(before + 1);
  });

  it('refuses an unknown zone and a timeout out of bounds beside their fields, and an unknown post, writing nothing', async () => {
    const h = await headers('amina');
    const before = (await pulled()).length;
    const bad = await put(h, 'RAK', { timeZone: 'Mars/Olympus', idleTimeoutMinutes: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: 'console.postSettingsInvalid',
      fields: { timeZone: 'invalid', idleTimeoutMinutes: 'invalid' },
    });
    expect(await lastAudit()).toMatchObject({ action: 'post.settings', outcome: 'refused', subject: 'RAK' });
    const offset = await put(h, 'RAK', { timeZone: '+01:00', idleTimeoutMinutes: 5 });
    expect(offset.json()).toMatchObject({ fields: { timeZone: 'invalid' } });
    const unknown = await put(h, 'ZZZ', { timeZone: 'UTC', idleTimeoutMinutes: 5 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'console.postUnknown' });
    expect((await app.inject({ method: 'GET', url: url('ZZZ'), headers: h })).statusCode).toBe(404);
    expect(await pulled()).toHaveLength(before);
    expect((await app.inject({ method: 'GET', url: url('RAK'), headers: h })).json()).toMatchObject({ timeZone: 'Europe/Paris' });
  });

  it('analysts read them and are refused a change; a change without the CSRF token is refused', async () => {
    const k = await headers('karim');
    expect((await app.inject({ method: 'GET', url: url('RAK'), headers: k })).json()).toMatchObject({ timeZone: 'Europe/Paris' });
    const payload = { timeZone: 'UTC', idleTimeoutMinutes: 30 };
    expect((await put(k, 'RAK', payload)).json()).toEqual({ error: 'console.forbidden' });
    const a = await headers('amina');
    const noToken = await app.inject({ method: 'POST', url: url('RAK'), headers: { cookie: a.cookie }, payload });
    expect(noToken.json()).toEqual({ error: 'console.csrf' });
    expect((await app.inject({ method: 'GET', url: url('RAK'), headers: a })).json()).toMatchObject({ timeZone: 'Europe/Paris' });
  });
});
