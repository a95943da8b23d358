/**
 * The post's sync engine: pushes the outbox (audit records, in chain order) and pulls the centre's
 * changes, on a timer with exponential backoff and jitter when the centre is unreachable, and on
 * demand (`syncNow`). Status goes to the UI through `onStatus`.
 *
 * Exactly once: an outbox row is deleted only when the centre answered `accepted` or `duplicate`
 * for that record's id; a lost answer means a resend, which the centre answers `duplicate`.
 * A pulled page is applied and the cursor advanced in ONE local transaction, and only after the
 * page passed every check (schema, order, cursor not going back, this post's records only):
 * a forged or broken page changes nothing.
 */
import type {
  CentralSettings,
  CentralUser,
  ConflictCase,
  PostSettings,
  PullPage,
  Pv,
  PvTrustedKey,
  SyncStatus,
} from '../../core/sync/protocol';
import { checkPullPage } from '../../core/sync/protocol';
import type { Db } from '../db/connection';
import { createAuditRepository } from '../db/repositories/audit-repository';
import type { EnrolRefusal, SyncTransport, TransportErrorCode } from './http-transport';
import type { SyncStateRepository } from './sync-state-repository';
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { reenrolSigningText } from '../../core/sync/protocol';
import { createSyncStateRepository } from './sync-state-repository';

export interface SyncEngineDeps {
  db: Db;
  transport: SyncTransport;
  clock?: { now(): number };
  /** [0, 1) for backoff jitter. */
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /** Stores pulled PVs (newest revision of each, in order) inside the pull transaction. */
  applyPvs: (db: Db, pvs: Pv[]) => void;
  /** Stores pulled users of this post inside the pull transaction. Without it users are not stored locally. */
  applyUsers?: (db: Db, users: CentralUser[]) => void;
  /** Called with new central settings inside the pull transaction (they are also kept in sync_settings). */
  applySettings?: (db: Db, settings: CentralSettings) => void;
  /** Called with this post's own settings (time zone, idle logout) inside the pull transaction. */
  applyPostSettings?: (db: Db, settings: PostSettings) => void;
  /** Called with new or grown conflict cases inside the pull transaction (they are also kept in sync_conflicts). */
  applyConflicts?: (db: Db, cases: ConflictCase[]) => void;
  /** Replaces the trusted PV signing keys (the whole set) inside the pull transaction. */
  applyPvKeys?: (db: Db, keys: PvTrustedKey[]) => void;
  /** Where this engine talks to, kept with the enrolment (the post's pinned centre). */
  centre?: { url: string; fingerprint256: string };
  logger?: { warn(message: string, fields?: Record<string, unknown>): void };
  /** This app's version, reported to the centre with each pull (with the records waiting). */
  appVersion?: string;
  pushBatchSize?: number;
  pullLimit?: number;
  /** Pause between successful cycles. */
  intervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export interface SyncEngine {
  /** Starts the background loop (first cycle right away). */
  start(): void;
  /** Stops the loop; resolves when a running cycle has finished. */
  stop(): Promise<void>;
  /** Runs a cycle now (after the running one, if any) and resolves with the resulting status. */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  /** Enrols this device with a one-time code. `deviceId` is the id the device's audit records carry. */
  enrol(input: {
    code: string;
    deviceId: string;
  }): Promise<
    | { ok: true; postCode: string; demo: boolean }
    | { ok: false; error: TransportErrorCode | 'alreadyEnrolled' | 'mismatch'; reason?: EnrolRefusal }
  >;
  /**
   * Enrols this machine again after the centre revoked it, with a new one-time code: a new device
   * id and key pair replace the revoked ones, the revoked key signing the request (proof that this
   * is the same machine). The centre, its trust, the cursor and the outbox are kept; the new device
   * continues the revoked one's audit chain. Nothing changes on a refusal.
   */
  reenrol(input: {
    code: string;
  }): Promise<
    | { ok: true; postCode: string; deviceId: string }
    | { ok: false; error: TransportErrorCode | 'notEnrolled' | 'mismatch'; reason?: EnrolRefusal }
  >;
  readonly state: SyncStateRepository;
}

type CycleFailure = { code: TransportErrorCode | 'rejected' | 'badPage' | 'applyFailed' | 'stalled' };

const OFFLINE_CODES = new Set<CycleFailure['code']>(['offline', 'timeout']);

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, transport } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const random = deps.random ?? Math.random;
  const batchSize = deps.pushBatchSize ?? 200;
  const pullLimit = deps.pullLimit ?? 500;
  const intervalMs = deps.intervalMs ?? 30_000;
  const backoff = deps.backoff ?? { baseMs: 2_000, maxMs: 5 * 60_000 };
  const timers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  const state = createSyncStateRepository(db);

  const audit = createAuditRepository(db);

  let current: SyncStatus = { state: 'notConfigured' };
  let running: Promise<SyncStatus> | null = null;
  let rerun: Promise<SyncStatus> | null = null;
  let timer: unknown = null;
  let started = false;
  let failures = 0;

  const emit = (next: SyncStatus) => {
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    deps.onStatus?.(next);
  };
  const settled = (): SyncStatus => {
    if (!state.credentials()) return { state: 'notConfigured' };
    return { state: 'idle', lastSuccessAt: state.lastSuccessAt(), queueLength: state.queueLength() };
  };
  current = settled();

  async function pushAll(): Promise<CycleFailure | null> {
    for (;;) {
      const rows = audit.outbox(batchSize);
      if (rows.length === 0) return null;
      const result = await transport.push(rows);
      if (!result.ok) return { code: result.error.code };
      const bySeq = new Map(rows.map((r) => [r.id, r.seq]));
      const answered = new Set<string>();
      for (const r of result.value.results) {
        // An answer about a record we did not send, or two answers for one: the response is not ours.
        if (!bySeq.has(r.id) || answered.has(r.id)) return { code: 'badResponse' };
        answered.add(r.id);
      }
      let acknowledged = 0;
      let rejected = 0;
      db.transaction(() => {
        for (const r of result.value.results) {
          const seq = bySeq.get(r.id)!;
          if (r.status === 'accepted' || r.status === 'duplicate') {
            audit.acknowledge(seq);
            acknowledged++;
          } else {
            audit.markRefused(seq, r.reason);
            rejected++;
          }
        }
      })();
      if (rejected > 0) {
        deps.logger?.warn('centre rejected records', { rejected });
        return { code: 'rejected' };
      }
      if (acknowledged === 0) return { code: 'stalled' };
      emit({ state: 'syncing', lastSuccessAt: state.lastSuccessAt(), queueLength: state.queueLength() });
    }
  }

  function applyPage(page: PullPage): void {
    const now = clock.now();
    const pvs = new Map<string, Pv>();
    const users = new Map<string, CentralUser>();
    let settings: CentralSettings | null = null;
    let postSettings: PostSettings | null = null;
    const conflicts = new Map<string, ConflictCase>();
    let pvKeys: PvTrustedKey[] | null = null;
    for (const change of page.changes) {
      switch (change.kind) {
        case 'pv':
          pvs.delete(change.pv.pvNumber);
          pvs.set(change.pv.pvNumber, change.pv);
          break;
        case 'user':
          users.delete(change.user.id);
          users.set(change.user.id, change.user);
          break;
        case 'settings':
          settings = change.settings;
          break;
        case 'postSettings':
          postSettings = change.settings;
          break;
        case 'conflict':
          conflicts.set(change.conflict.id, change.conflict);
          break;
        case 'pvKeys':
          pvKeys = change.keys;
          break;
        default: {
          const never: never = change;
          throw new Error(`unknown change ${String(never)}`);
        }
      }
    }
    if (pvs.size > 0) deps.applyPvs(db, [...pvs.values()]);
    if (users.size > 0) deps.applyUsers?.(db, [...users.values()]);
    if (settings) {
      state.saveSettings(settings, now);
      deps.applySettings?.(db, settings);
    }
    if (postSettings) deps.applyPostSettings?.(db, postSettings);
    if (pvKeys) deps.applyPvKeys?.(db, pvKeys);
    if (conflicts.size > 0) {
      for (const c of conflicts.values()) state.saveConflict(c, now);
      deps.applyConflicts?.(db, [...conflicts.values()]);
    }
    state.setCursor(page.cursor);
  }

  async function pullAll(postCode: string): Promise<CycleFailure | null> {
    for (let pages = 0; pages < 10_000; pages++) {
      const cursor = state.cursor();
      const report = deps.appVersion ? { appVersion: deps.appVersion, backlog: state.queueLength() } : undefined;
      const result = await transport.pull(cursor, pullLimit, report);
      if (!result.ok) return { code: result.error.code };
      const page = result.value;
      const check = checkPullPage(page, { cursor, limit: pullLimit, postCode });
      if (!check.ok) {
        deps.logger?.warn('pull page refused', { reason: check.error });
        return { code: 'badPage' };
      }
      try {
        db.transaction(() => {
          // The cursor moves only from where this page started.
          if (state.cursor() !== cursor) throw new Error('cursor moved during pull');
          applyPage(page);
        })();
      } catch (error) {
        deps.logger?.warn('pull page not applied', { error: (error as Error).message });
        return { code: 'applyFailed' };
      }
      if (!page.hasMore) return null;
      if (page.changes.length === 0) return { code: 'badPage' };
    }
    return null;
  }

  async function cycle(): Promise<SyncStatus> {
    const creds = state.credentials();
    if (!creds) {
      emit({ state: 'notConfigured' });
      return current;
    }
    emit({ state: 'syncing', lastSuccessAt: state.lastSuccessAt(), queueLength: state.queueLength() });
    // Push and pull run side by side: one mostly sends, the other mostly receives, so on a slow
    // full-duplex link they overlap. They touch different tables. Both are awaited before the
    // cycle ends, even when one fails.
    const settledBoth = await Promise.allSettled([pushAll(), pullAll(creds.postCode)]);
    const outcomes = settledBoth.map((r): CycleFailure | null => {
      if (r.status === 'fulfilled') return r.value;
      deps.logger?.warn('sync cycle failed', { error: (r.reason as Error)?.message });
      return { code: 'applyFailed' };
    });
    const failure = outcomes[0] ?? outcomes[1] ?? null;
    const base = { lastSuccessAt: state.lastSuccessAt(), queueLength: state.queueLength() };
    if (!failure) {
      failures = 0;
      state.markSuccess(clock.now());
      emit({ state: 'idle', lastSuccessAt: state.lastSuccessAt(), queueLength: state.queueLength() });
    } else {
      failures++;
      state.markError(failure.code);
      if (OFFLINE_CODES.has(failure.code)) emit({ state: 'offline', ...base });
      else emit({ state: 'error', ...base, message: `sync.error.${failure.code}` });
    }
    return current;
  }

  function delayAfter(): number {
    if (failures === 0) return intervalMs;
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures - 1, 20));
    // Equal jitter: half fixed, half random, so posts coming back online do not all call at once.
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function schedule(ms: number): void {
    if (!started) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void run().then(() => schedule(delayAfter()));
    }, ms);
  }

  function run(): Promise<SyncStatus> {
    if (running) {
      // Coalesce: everyone asking while a cycle runs shares the one cycle after it.
      rerun ??= running.then(() => {
        rerun = null;
        return run();
      });
      return rerun;
    }
    running = cycle().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    state,
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await (rerun ?? running)?.catch(() => undefined);
    },
    async syncNow() {
      const status = await run();
      if (started) schedule(delayAfter());
      return status;
    },
    status: () => current,
    async enrol({ code, deviceId }) {
      const existing = state.credentials();
      if (existing) return { ok: false, error: 'alreadyEnrolled' };
      const publicKey = state.pendingPublicKey();
      const result = await transport.enrol({ code, deviceId, publicKey });
      if (!result.ok)
        return result.error.reason
          ? { ok: false, error: result.error.code, reason: result.error.reason }
          : { ok: false, error: result.error.code };
      if (result.value.deviceId !== deviceId) return { ok: false, error: 'mismatch' };
      state.saveEnrolment(deviceId, result.value.postCode, clock.now(), {
        centreKey: result.value.centreKey,
        url: deps.centre?.url,
        fingerprint256: deps.centre?.fingerprint256,
        demo: result.value.demo,
        recovery: result.value.recovery,
      });
      emit(settled());
      return { ok: true, postCode: result.value.postCode, demo: result.value.demo };
    },
    async reenrol({ code }) {
      const creds = state.credentials();
      if (!creds) return { ok: false, error: 'notEnrolled' };
      const deviceId = randomUUID();
      const pair = generateKeyPairSync('ed25519');
      const keys = {
        publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      };
      const revokedKey = createPrivateKey({ key: Buffer.from(creds.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
      const text = reenrolSigningText({ previousDeviceId: creds.deviceId, deviceId, publicKey: keys.publicKey, code });
      const signature = sign(null, Buffer.from(text, 'utf8'), revokedKey).toString('base64');
      const result = await transport.enrol({
        code,
        deviceId,
        publicKey: keys.publicKey,
        replaces: { deviceId: creds.deviceId, signature },
      });
      if (!result.ok)
        return result.error.reason
          ? { ok: false, error: result.error.code, reason: result.error.reason }
          : { ok: false, error: result.error.code };
      // The centre pinned at enrolment answered for this machine and this post, or nothing is kept.
      if (result.value.deviceId !== deviceId || result.value.postCode !== creds.postCode) return { ok: false, error: 'mismatch' };
      state.replaceDevice(deviceId, keys, clock.now());
      failures = 0;
      emit(settled());
      return { ok: true, postCode: result.value.postCode, deviceId };
    },
  };
}
