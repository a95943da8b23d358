/**
 * Scan-to-verdict latency on a post database the size of a busy year: 100,000 PVs in the cache
 * and 1,000,000 events (passages and their audit records). Reports p50/p99 of the whole verify
 * call (classify, PV lookup, rules, passage + audit + outbox write in one transaction, the view)
 * beside the bare SQLite lookups it makes, and the lookup of the passage a user left open at a
 * desk (each sign-in) with and without its index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_NOW, samplePv } from '../../../core/departure/testing';
import type { Pv } from '../../../core/departure/pv';
import { canonicalJson, hashAuditRecord } from '../../../core/audit/chain';
import { createAppServices } from '../../../main/services/app-services';
import { createManualClock, silentLogger } from '../../../main/services/runtime';
import { boardingPassFor, mrzFor } from '../../../main/testing/passage-fixtures';
import { RESUME_WITHIN_MS } from '../../../core/departure/passage';
import type { BenchReport } from '../report';
import { percentile } from '../report';
import type { BenchSuite } from './index';
import { seedDemo } from '../../../main/demo/demo-seed';

const PVS = Number(process.env.RVA_BENCH_PVS ?? 100_000);
const EVENTS = Number(process.env.RVA_BENCH_EVENTS ?? 1_000_000);
const SAMPLES = 2_000;

const pvAt = (i: number): Pv => {
  const base = samplePv();
  return samplePv({
    pvNumber: `PV-B-${String(i).padStart(7, '0')}`,
    travelDocument: { ...base.travelDocument, number: `L${String(i).padStart(8, '0')}` },
  });
};

export const departuresSuite: BenchSuite = {
  name: 'departures',
  async run(report: BenchReport) {
    const dir = mkdtempSync(join(tmpdir(), 'rva-bench-dep-'));
    const clock = createManualClock(SAMPLE_NOW);
    const services = await createAppServices({
      dataDir: dir,
      mode: 'browser',
      version: 'bench',
      seed: seedDemo,
      clock,
      logger: silentLogger,
    });
    try {
      const { db } = services;
      let started = performance.now();
      for (let from = 0; from < PVS; from += 10_000) {
        const pvs = Array.from({ length: Math.min(10_000, PVS - from) }, (_, k) => pvAt(from + k));
        const r = services.departures.importPvs(JSON.stringify({ version: 1, pvs }), 'json', null);
        if (!r.ok) throw new Error('import failed');
      }
      report.figure('import PVs', (performance.now() - started) / 1000, 's', `${PVS} PVs`);

      // Past passages and their audit records, written directly (the chain stays valid).
      started = performance.now();
      const officer = db.prepare("SELECT id FROM users WHERE role = 'officer'").get() as { id: string };
      const insertPassage = db.prepare(
        "INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, pv_number, pv_source, verdict, rules, scans) VALUES (?, ?, 'CMN', ?, ?, 'officer', ?, 'cache', 'DENY', '[]', '{}')",
      );
      const insertAudit = db.prepare(
        'INSERT INTO audit_log (seq, id, device_id, post_code, at, actor_id, actor_role, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      let head = services.audit.head();
      const deviceId = services.post.deviceId;
      const half = Math.floor(EVENTS / 2);
      for (let from = 0; from < half; from += 20_000) {
        db.transaction(() => {
          for (let i = from; i < Math.min(half, from + 20_000); i++) {
            const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
            const pvNumber = `PV-B-${String(i % PVS).padStart(7, '0')}`;
            const at = SAMPLE_NOW - (half - i) * 30_000;
            insertPassage.run(id, at, deviceId, officer.id, pvNumber);
            const base = {
              id: `a${id.slice(1)}`,
              deviceId,
              postCode: 'CMN',
              seq: head.seq + 1,
              at,
              actorId: officer.id,
              actorRole: 'officer',
              action: 'passage.verified',
              subject: pvNumber,
              details: { passageId: id, verdict: 'DENY' },
              prevHash: head.hash,
            };
            const hash = hashAuditRecord(base);
            insertAudit.run(
              base.seq,
              base.id,
              deviceId,
              'CMN',
              at,
              officer.id,
              'officer',
              base.action,
              pvNumber,
              canonicalJson(base.details),
              base.prevHash,
              hash,
            );
            head = { seq: base.seq, hash };
          }
        })();
      }
      report.figure('write events', (performance.now() - started) / 1000, 's', `${half} passages + ${half} audit records`);

      const officerUser = db.prepare("SELECT id FROM users WHERE role = 'officer'").get() as { id: string };
      const actor = { userId: officerUser.id, role: 'officer' as const };
      const latencies: number[] = [];
      const lookups: number[] = [];
      const byDocument = db.prepare('SELECT body FROM pvs WHERE document_number = ? AND nationality = ? LIMIT 1');
      const stampOf = db.prepare(
        'SELECT s.id FROM stamps s LEFT JOIN voids v ON v.target_id = s.id WHERE s.pv_number = ? AND v.id IS NULL',
      );
      for (let n = 0; n < SAMPLES; n++) {
        const i = Math.floor(Math.random() * PVS);
        const pv = pvAt(i);
        const scans = [
          { source: 'wedge', raw: mrzFor(pv) },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ];
        const t0 = performance.now();
        const view = services.departures.verify({ scans }, actor);
        latencies.push(performance.now() - t0);
        if (!view.ok || view.value.verdict !== 'ALLOW') throw new Error(`unexpected verdict for ${pv.pvNumber}`);
        const t1 = performance.now();
        byDocument.get(pv.travelDocument.number, 'SEN');
        stampOf.all(pv.pvNumber);
        lookups.push(performance.now() - t1);
        clock.advance(1000);
      }
      report.figure('scan-to-verdict p50', percentile(latencies, 50), 'ms', `${SAMPLES} passages, MRZ + boarding pass`);
      report.figure('scan-to-verdict p99', percentile(latencies, 99), 'ms', 'target <= 20 ms');
      report.figure('bare SQLite lookups p50', percentile(lookups, 50), 'ms', 'PV by document + stamp check');
      report.figure('bare SQLite lookups p99', percentile(lookups, 99), 'ms');

      // At each sign-in the desk looks for the passage its user left open there: with the index of
      // migration 0012, then without it (every passage read), over the same rows. The passages above
      // were verified whole (not a desk's); one desk passage is left half-scanned.
      const left = services.departures.evaluate({ scans: [{ source: 'wedge', raw: mrzFor(pvAt(0)) }] }, actor, null);
      if (!left.ok) throw new Error('desk passage refused');
      const resume = () => {
        const times: number[] = [];
        for (let n = 0; n < 50; n++) {
          const t0 = performance.now();
          if (!services.departures.resumable(actor, RESUME_WITHIN_MS, [])) throw new Error('no passage to resume');
          times.push(performance.now() - t0);
        }
        return times;
      };
      const indexed = resume();
      report.figure('resume lookup at sign-in p50', percentile(indexed, 50), 'ms', `${half + SAMPLES + 1} passages open, 1 a desk's`);
      report.figure('resume lookup at sign-in p99', percentile(indexed, 99), 'ms');
      db.exec('DROP INDEX passages_open_by_actor');
      report.figure('resume lookup without its index p50', percentile(resume(), 50), 'ms', 'the same rows');
      report.figure(
        'database size',
        (Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }))) / 2 ** 20,
        'MiB',
      );
      report.figure('rss', process.memoryUsage().rss / 2 ** 20, 'MiB');
    } finally {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
