/**
 * Sync bench: a 30-day backlog (3,000 audit records to push, 5,000 PV changes to pull) synced on
 * loopback, then through a TCP proxy at 64 kbit/s with 500 ms round trips. Bytes per event counted
 * at the proxy (both directions, TCP payload, gzip on).
 */
import { randomUUID } from 'node:crypto';
import type { BenchReport } from '../report';
import type { BenchSuite } from './index';
import { createSyncClient } from '../../../main/sync/index';
import { startServer } from '../../../server/start';
import { startThrottleProxy } from '../../sync/chaos-proxy';
import { applyTestPvs, makePv, newId, openPostDb, writeRecords } from '../../sync/helpers';

const EVENTS = 3000;
const PV_CHANGES = 5000;

const SURNAMES = [
  'DIALLO',
  'BARRY',
  'CAMARA',
  'KONE',
  'TRAORE',
  'OUEDRAOGO',
  'NDIAYE',
  'FALL',
  'SOW',
  'BAH',
  'KEITA',
  'COULIBALY',
  'TOURE',
  'OKAFOR',
  'ADEYEMI',
  'MBALLA',
  'NKOMO',
  'ESSOMBA',
  'YAO',
  'KOUASSI',
];
const GIVEN = [
  'AMADOU',
  'MAMADOU',
  'FATOUMATA',
  'AISSATOU',
  'IBRAHIMA',
  'MOUSSA',
  'AWA',
  'OUMAR',
  'CHIDI',
  'NGOZI',
  'JEAN PAUL',
  'MARIE',
  'SEKOU',
  'ALPHA',
  'KADIATOU',
];
const NATIONS = ['GIN', 'CIV', 'SEN', 'CMR', 'MLI', 'NGA', 'COG', 'BFA'];

/** PVs that differ the way real ones do (names, documents, flights, dates), from a fixed seed. */
function realisticPvs(n: number) {
  let seed = 42;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % k;
  };
  const day = 86_400_000;
  return Array.from({ length: n }, (_, i) => {
    const nationality = NATIONS[rnd(NATIONS.length)]!;
    const issued = Date.UTC(2026, 9, 1) + rnd(60) * day + rnd(day);
    return makePv(i, {
      pvNumber: `${1000 + rnd(9000)}/${['CAS', 'RBA', 'TNG', 'OUJ', 'AGA'][rnd(5)]}/2026-${i}`,
      issuedAt: issued,
      beneficiary: {
        surname: SURNAMES[rnd(SURNAMES.length)]!,
        givenNames: `${GIVEN[rnd(GIVEN.length)]} ${GIVEN[rnd(GIVEN.length)]}`,
        sex: rnd(10) === 0 ? 'F' : 'M',
        birthDate: `${1970 + rnd(38)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`,
        nationality,
        iomCaseNumber: `MA-2026-${String(rnd(1_000_000)).padStart(6, '0')}`,
      },
      travelDocument: {
        kind: rnd(3) === 0 ? 'passport' : 'lpc',
        number: `${String.fromCharCode(65 + rnd(26))}${rnd(10_000_000)}`,
        issuingState: nationality,
        expiry: '2027-06-30',
      },
      ticket: {
        mode: 'air',
        carrier: ['AT', 'AF', 'TK', 'SN'][rnd(4)]!,
        flightNumber: String(100 + rnd(900)),
        date: `2026-12-${String(1 + rnd(28)).padStart(2, '0')}`,
        eticket: String(1_470_000_000_000 + rnd(1e9)),
      },
      authorisedPosts: rnd(4) === 0 ? ['CMN', 'RAK'] : 'any',
      validFrom: issued,
      validUntil: issued + 30 * day,
    });
  });
}

function backlog(n: number) {
  const entries = [];
  for (let i = 0; i < n; i++) {
    const pvNumber = `PV-2026-${String(100_000 + (i % 1500)).padStart(6, '0')}`;
    const kind = i % 4;
    if (kind === 0)
      entries.push({
        action: 'checkin.confirmed',
        subject: pvNumber,
        details: { pvNumber, boardingPass: `M1DIALLO/AMADOU E${i} CMNCKYAT 0535 336Y014C0057 100`, bags: 1 },
      });
    else if (kind === 1)
      entries.push({
        action: 'exchange.confirmed',
        subject: pvNumber,
        details: { pvNumber, receipt: `R-${i}`, from: { amount: 10000, currency: 'USD' }, to: { amount: 99150, currency: 'MAD' } },
      });
    else if (kind === 2)
      entries.push({
        action: 'perDiem.paid',
        subject: pvNumber,
        details: { pvNumber, paymentId: randomUUID(), amount: 10000, currency: 'USD', signedForms: true },
      });
    else
      entries.push({
        action: 'stamp.recorded',
        subject: pvNumber,
        details: { pvNumber, documentNumber: `LPC${i}`, stampNumber: `S-${i}`, verdict: 'authorised' },
      });
  }
  return entries;
}

async function run(report: BenchReport, label: string, viaProxy: { bitsPerSecond: number; rttMs: number } | null) {
  const server = await startServer({});
  try {
    const pvs = realisticPvs(PV_CHANGES);
    for (let i = 0; i < pvs.length; i += 1000) await server.store.importPvs(pvs.slice(i, i + 1000));
    const url = new URL(server.url);
    const proxy = await startThrottleProxy({ host: url.hostname, port: Number(url.port) }, viaProxy ?? { bitsPerSecond: 1e12, rttMs: 0 });
    const db = openPostDb();
    const engine = createSyncClient({
      db,
      baseUrl: `https://127.0.0.1:${proxy.port}`,
      tls: server.tls,
      applyPvs: applyTestPvs,
      pushBatchSize: 500,
      pullLimit: 1000,
      timeoutMs: 300_000,
    });
    const { code } = await server.store.createEnrolCode('CMN');
    const deviceId = newId();
    await engine.enrol({ code, deviceId });
    writeRecords(db, { deviceId, postCode: 'CMN' }, backlog(EVENTS), Date.now() - 30 * 86_400_000);
    proxy.counters.up = 0;
    proxy.counters.down = 0;
    const t0 = performance.now();
    const status = await engine.syncNow();
    const seconds = (performance.now() - t0) / 1000;
    const pulled = (db.prepare('SELECT count(*) AS n FROM test_pvs').get() as { n: number }).n;
    const pushed = (await server.store.deviceSummary(deviceId))?.events ?? 0;
    report.figure(
      `${label}: sync ${EVENTS} events + ${PV_CHANGES} PV changes`,
      seconds,
      's',
      `status ${status.state}, pushed ${pushed}, PVs ${pulled}`,
    );
    report.figure(`${label}: bytes up`, proxy.counters.up, 'B');
    report.figure(`${label}: bytes down`, proxy.counters.down, 'B');
    report.figure(`${label}: bytes per pushed event (up)`, Math.round(proxy.counters.up / EVENTS), 'B');
    report.figure(`${label}: bytes per pulled PV change (down, incl. push answers)`, Math.round(proxy.counters.down / PV_CHANGES), 'B');
    report.figure(
      `${label}: bytes per item, both ways`,
      Math.round((proxy.counters.up + proxy.counters.down) / (EVENTS + PV_CHANGES)),
      'B',
    );
    db.close();
    await proxy.close();
  } finally {
    await server.close();
  }
}

export const syncSuite: BenchSuite = {
  name: 'sync',
  async run(report) {
    await run(report, 'loopback', null);
    await run(report, '64 kbit/s, 500 ms RTT', { bitsPerSecond: 64_000, rttMs: 500 });
  },
};
