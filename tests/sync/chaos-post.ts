/**
 * One post process of the chaos run: writes audit records (some paying or stamping PVs shared with
 * the other posts) and syncs them through the chaos proxy, until it holds `target` records and
 * everything is synced. Killed with SIGKILL at random by the test; started again on the same file.
 *   node --import tsx tests/sync/chaos-post.ts DB_FILE PROXY_URL TARGET SEED PROXY_FINGERPRINT
 */
import { createSyncClient } from '../../main/sync/index';
import { applyTestPvs, openPostDb, writeRecords } from './helpers';

const [file, url, targetText, seedText, fingerprint256] = process.argv.slice(2);
const target = Number(targetText);
let seed = Number(seedText) >>> 0 || 1;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const db = openPostDb(file!);
const engine = createSyncClient({
  db,
  baseUrl: url!,
  tls: { fingerprint256: fingerprint256! },
  applyPvs: applyTestPvs,
  pushBatchSize: 50,
  pullLimit: 200,
  intervalMs: 150,
  backoff: { baseMs: 50, maxMs: 400 },
  timeoutMs: 3_000,
  random,
});
const creds = engine.state.credentials();
if (!creds) throw new Error('chaos post not enrolled');
const device = { deviceId: creds.deviceId, postCode: creds.postCode };
const count = () => (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

engine.start();
const write = setInterval(() => {
  const have = count();
  if (have >= target) {
    clearInterval(write);
    return;
  }
  const n = Math.min(target - have, 1 + Math.floor(random() * 3));
  const entries = Array.from({ length: n }, () => {
    const r = random();
    const pvNumber = `PV-CH-${Math.floor(random() * 400)}`;
    if (r < 0.1) return { action: 'perDiem.paid', subject: pvNumber, details: { pvNumber, amount: 10000, currency: 'USD' } };
    if (r < 0.2) return { action: 'stamp.recorded', subject: pvNumber, details: { pvNumber } };
    return { action: 'checkin.confirmed', subject: pvNumber, details: { pvNumber, bags: Math.floor(random() * 3) } };
  });
  writeRecords(db, device, entries);
}, 30);

// Report progress so the parent knows when this post is done (all written, all pushed).
setInterval(() => {
  const outbox = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  process.stdout.write(`${JSON.stringify({ have: count(), outbox, status: engine.status().state })}\n`);
}, 250);
