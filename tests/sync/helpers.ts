/** Shared pieces of the sync tests: a post database with the sync migration, records, PVs. */
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Pv } from '../../core/departure/pv';
import { uuidv7 } from '../../core/ids';
import type { Db } from '../../main/db/connection';
import { openDatabase } from '../../main/db/connection';
import type { Migration } from '../../main/db/migration';
import { m0003Sync } from '../../main/db/migrations/0003_sync';
import { migrations } from '../../main/db/migrations/index';
import type { AuditRecord } from '../../core/audit/chain';
import { createAuditRepository } from '../../main/db/repositories/audit-repository';
import { seedDemo } from '../../main/demo/demo-seed';
import { createAppServices } from '../../main/services/app-services';
import type { Clock } from '../../main/services/runtime';
import { silentLogger } from '../../main/services/runtime';
import type { DemoCentre } from '../../server/embedded';

/** Stand-in for migration 2 while the app's list does not have it yet. */
const placeholder0002: Migration = { version: 2, name: '0002_placeholder', up: () => undefined };

export function syncMigrations(): Migration[] {
  if (migrations.some((m) => m.name === m0003Sync.name)) return [...migrations];
  const before = migrations.filter((m) => m.version < 3);
  if (!before.some((m) => m.version === 2)) before.push(placeholder0002);
  return [...before, m0003Sync];
}

/** A post database with the real migrations up to sync, plus a small table the tests apply PVs to. */
export function openPostDb(file = ':memory:'): Db {
  const db = openDatabase(file, { migrations: syncMigrations() });
  db.exec(
    'CREATE TABLE IF NOT EXISTS test_pvs (pv_number TEXT PRIMARY KEY, revision INTEGER NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL)',
  );
  return db;
}

export function applyTestPvs(db: Db, pvs: Pv[]): void {
  const upsert = db.prepare(
    `INSERT INTO test_pvs (pv_number, revision, status, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (pv_number) DO UPDATE SET revision = excluded.revision, status = excluded.status, body = excluded.body
     WHERE excluded.revision > test_pvs.revision`,
  );
  for (const pv of pvs) upsert.run(pv.pvNumber, pv.revision, pv.status, JSON.stringify(pv));
}

export const newId = (now = Date.now()) => uuidv7(now, (b) => randomFillSync(b));

/** Appends audit records (with their outbox rows) the way the app's services do. */
export function writeRecords(
  db: Db,
  device: { deviceId: string; postCode: string },
  entries: { action: string; subject?: string | null; details?: unknown }[],
  at = Date.now(),
): AuditRecord[] {
  const audit = createAuditRepository(db);
  return db.transaction(() =>
    entries.map((e, i) =>
      audit.append(
        {
          id: newId(at + i),
          at: at + i,
          actorId: 'u-1',
          actorRole: 'escort',
          action: e.action,
          subject: e.subject ?? null,
          details: e.details ?? {},
        },
        device,
      ),
    ),
  )();
}

export function outboxCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

export function makePv(n: number, overrides: Partial<Pv> = {}): Pv {
  const day = 86_400_000;
  const base = Date.UTC(2026, 10, 1);
  return {
    pvNumber: `PV-2026-${String(n).padStart(6, '0')}`,
    policeStation: 'Service des Etrangers, Casablanca',
    issuedAt: base,
    beneficiary: {
      surname: 'DIALLO',
      givenNames: 'AMADOU',
      sex: 'M',
      birthDate: '1998-03-12',
      nationality: 'GIN',
      iomCaseNumber: `MA-${n}`,
    },
    travelDocument: { kind: 'lpc', number: `LPC${n}`, issuingState: 'GIN', expiry: '2027-01-31' },
    ticket: { mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-12-02', eticket: '1472345678901' },
    authorisedPosts: ['CMN'],
    validFrom: base,
    validUntil: base + 30 * day,
    status: 'active',
    revision: 0,
    flags: {},
    ...overrides,
  };
}

export interface CentreAddress {
  url: string;
  tls: { caPem: string; fingerprint256: string } | null;
}

export interface CentreAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = unknown>(): T;
}

/** One request to a running centre over its pinned TLS (like fetch, with the centre's certificate trusted). */
export function centreFetch(
  server: CentreAddress,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Uint8Array } = {},
): Promise<CentreAnswer> {
  const url = new URL(path, server.url);
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        ...(server.tls ? { ca: server.tls.caPem, checkServerIdentity: () => undefined } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls an admin route of a running server. */
export async function admin<T = unknown>(
  server: CentreAddress & { adminToken: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await centreFetch(server, path, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.json<T>() };
}

/** A new temporary folder on each call, all deleted after the file's tests. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

/** The demo post CMN as the app runs it, enrolling with `centre` (a one-time code issued there); it syncs on demand. */
export async function enrolledDemoPost(centre: DemoCentre, options: { dataDir: string; clock?: Clock }) {
  return createAppServices({
    dataDir: options.dataDir,
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    sync: { baseUrl: centre.url, tls: centre.tls, enrolCode: await centre.issueEnrolCode('CMN'), intervalMs: 60_000 },
  });
}
