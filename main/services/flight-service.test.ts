/**
 * The flight board through the IPC dispatcher, as the desks call it: who may see and close a
 * flight, progress and counts after each step, opening a passage by hand (the verdict rules still
 * apply), closing with no-shows (all or nothing), the signed report (pdftotext, CSV), live events.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Pv } from '../../core/departure/pv';
import { samplePv } from '../../core/departure/testing';
import type { Board, FlightView } from '../../core/ipc/flights-contract';
import { createIpc } from '../ipc/index';
import { seedDemo } from '../demo/demo-seed';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../testing/passage-fixtures';
import { createTestPinHasher } from '../testing/pin-hasher';
import { createAppServices } from './app-services';
import { verifyExport } from './export-manifest';
import { createManualClock } from './runtime';
import type { Logger } from './runtime';

// 2026-06-15 10:00 UTC, 11:00 in Casablanca.
const NOW = Date.parse('2026-06-15T10:00:00Z');
const KEY = 'AIR:AT999:2026-06-15';
const NAMES = [
  ['Traoré', 'Awa'],
  ['Diallo', 'Mamadou'],
  ['Camara', 'Fatoumata'],
  ['Koné', 'Mohamed'],
  ['Sow', 'Aïssatou'],
] as const;

/** Five beneficiaries on flight AT 999 today, each with their own document. */
function flightPvs(): Pv[] {
  return NAMES.map(([surname, givenNames], i) =>
    samplePv({
      pvNumber: `PV-CMN-2026-90000${i + 1}`,
      beneficiary: { ...samplePv().beneficiary, surname, givenNames, iomCaseNumber: `MA-RVA-2026-900${i + 1}` },
      travelDocument: { ...samplePv().travelDocument, number: `LP90000${i + 1}` },
      ticket: { mode: 'air', carrier: 'AT', flightNumber: '999', date: '2026-06-15', pnr: `K7QZ${i}P` },
    }),
  );
}

async function post() {
  const lines: string[] = [];
  const log = (event: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ event, ...fields }));
  const logger: Logger = { info: log, warn: log, error: log };
  const services = await createAppServices({
    dataDir: ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock: createManualClock(NOW),
    logger,
    pinHasher: createTestPinHasher(),
  });
  const ipc = createIpc(services);
  const call = async (client: string, key: string, input: unknown) => ipc.dispatch(key, input, client);
  for (const [client, username, pin] of [
    ['escort', 'escorte', '2345'],
    ['officer', 'officier', '1234'],
    ['supervisor', 'superviseur', '3456'],
  ] as const) {
    expect((await call(client, 'auth.login', { username, pin })).ok).toBe(true);
  }
  const pvs = flightPvs();
  expect((await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs }) })).ok).toBe(true);
  const value = async <T>(client: string, key: string, input: unknown): Promise<T> => {
    const r = await call(client, key, input);
    if (!r.ok) throw new Error(`${key}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const flight = async (client = 'supervisor'): Promise<FlightView> => {
    const board = await value<Board>(client, 'flights.board', {});
    const f = board.flights.find((x) => x.key === KEY);
    if (!f) throw new Error('flight not on the board');
    return f;
  };
  /** A whole passage at a desk: document and boarding pass scanned; its id. */
  const passage = async (client: string, pv: Pv, doc = pv): Promise<string> => {
    await value(client, 'passage.new', {});
    await value(client, 'passage.addScan', { source: 'wedge', raw: mrzFor(doc) });
    const u = await value<{ view: { passageId: string } }>(client, 'passage.addScan', { source: 'wedge', raw: boardingPassFor(pv) });
    return u.view.passageId;
  };
  return { services, call, value, flight, passage, pvs, lines };
}

describe('who may see and close a flight', () => {
  it('shows the board to escorts and supervisors; only a supervisor closes, sets the time or exports', async () => {
    const { call, value } = await post();
    expect((await value<Board>('escort', 'flights.board', {})).date).toBe('2026-06-15');
    expect(await call('officer', 'flights.board', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const client of ['officer', 'escort']) {
      expect(await call(client, 'flights.close', { flightKey: KEY, noShows: [] })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await call(client, 'flights.setDeparture', { flightKey: KEY, time: '14:30' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await call(client, 'flights.report', { flightKey: KEY, format: 'pdf' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });
});

describe('the board', () => {
  it('lists the flight with its five beneficiaries by name, and the counts follow each step', async () => {
    const { flight, value, passage, pvs } = await post();
    let f = await flight('escort');
    expect(f.identity).toEqual({ mode: 'air', carrier: 'AT', flightNumber: '999', date: '2026-06-15' });
    expect(f.beneficiaries.map((b) => b.surname)).toEqual(['Camara', 'Diallo', 'Koné', 'Sow', 'Traoré']);
    expect(f.counts).toMatchObject({ total: 5, arrived: 0, missing: 5 });

    const [awa] = pvs as [Pv];
    const id = await passage('escort', awa);
    f = await flight();
    expect(f.counts).toMatchObject({ arrived: 1, missing: 4, checkedIn: 0 });
    expect(f.beneficiaries.find((b) => b.pvNumber === awa.pvNumber)?.stage).toBe('arrived');

    await value('escort', 'checkin.confirm', { passageId: id, bagCount: 1 });
    expect((await flight()).counts).toMatchObject({ checkedIn: 1 });
    const id2 = await passage('escort', awa);
    await value('escort', 'perDiem.pay', { passageId: id2, receiptNumber: 'R-1', formsSigned: true, signaturePng: TINY_SIGNATURE_PNG });
    f = await flight();
    expect(f.counts).toMatchObject({ paid: 1 });
    expect(f.perDiemTotalCents).toBe(10_000);
    const id3 = await passage('officer', awa);
    await value('officer', 'stamp.record', { passageId: id3, stampNumber: 'S-1' });
    f = await flight();
    expect(f.counts).toMatchObject({ stamped: 1, arrived: 1, missing: 4 });
    expect(f.beneficiaries.find((b) => b.pvNumber === awa.pvNumber)?.stage).toBe('stamped');
  });

  it('counts a referral until the supervisor decides, and a refusal', async () => {
    const { call, value, flight, passage, pvs } = await post();
    const [, mamadou, fatoumata] = pvs as [Pv, Pv, Pv];
    // Revised PVs: Mamadou flagged (referred), Fatoumata's document expired (refused).
    const flagged = { ...mamadou, revision: 2, flags: { traffickingVictim: true } };
    const expired = { ...fatoumata, revision: 2, travelDocument: { ...fatoumata.travelDocument, expiry: '2026-01-31' } };
    expect(
      (await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [flagged, expired] }) })).ok,
    ).toBe(true);
    const referredId = await passage('escort', flagged);
    await passage('officer', expired);
    let f = await flight();
    expect(f.counts).toMatchObject({ arrived: 2, referred: 1, refused: 1, missing: 3 });
    expect(f.beneficiaries.find((b) => b.pvNumber === mamadou.pvNumber)?.stage).toBe('referred');
    expect(f.beneficiaries.find((b) => b.pvNumber === fatoumata.pvNumber)?.stage).toBe('refused');
    await value('supervisor', 'referral.settle', { passageId: referredId, decision: 'allow', reason: 'Escorte partenaire vérifiée' });
    f = await flight();
    expect(f.counts).toMatchObject({ referred: 0, refused: 1 });
    expect(f.beneficiaries.find((b) => b.pvNumber === mamadou.pvNumber)?.stage).toBe('arrived');
  });

  it('shows a referral allowed on an earlier passage as settled, not referred, when the beneficiary comes back', async () => {
    const { call, value, flight, passage, pvs } = await post();
    const mamadou = pvs[1] as Pv;
    const flagged = { ...mamadou, revision: 2, flags: { traffickingVictim: true } };
    expect((await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [flagged] }) })).ok).toBe(
      true,
    );
    const first = await passage('escort', flagged);
    await value('supervisor', 'referral.settle', { passageId: first, decision: 'allow', reason: 'Escorte partenaire vérifiée' });
    // Back at a desk: the new passage is a REFER on the same concern, covered by the decision.
    const second = await passage('escort', flagged);
    const desk = await value<{ view: { passageId: string; verdict: string; settlement: { decision: string } | null } }>(
      'escort',
      'passage.current',
      {},
    );
    expect(desk.view).toMatchObject({ passageId: second, verdict: 'REFER', settlement: { decision: 'allow' } });
    const f = await flight();
    expect(f.beneficiaries.find((b) => b.pvNumber === mamadou.pvNumber)).toMatchObject({
      stage: 'arrived',
      progress: { referred: false, refused: false },
    });
    expect(f.counts).toMatchObject({ referred: 0, arrived: 1 });
  });

  it('announces changes recorded at any desk', async () => {
    const { services, passage, value, pvs } = await post();
    const seen: { pvNumber: string | null; action: string }[] = [];
    services.bus.subscribe((key, payload) => {
      if (key === 'flights.changed') seen.push(payload as { pvNumber: string | null; action: string });
    });
    const pv = pvs[0] as Pv;
    const id = await passage('escort', pv);
    await value('escort', 'checkin.confirm', { passageId: id, bagCount: 0 });
    await vi.waitFor(() =>
      expect(seen).toEqual(
        expect.arrayContaining([
          { pvNumber: pv.pvNumber, action: 'passage.verified' },
          { pvNumber: pv.pvNumber, action: 'checkin.confirmed' },
        ]),
      ),
    );
  });

  it('tells every desk when the referral queue changes: a referral recorded, then settled', async () => {
    const { services, call, passage, value, pvs } = await post();
    const seen: string[] = [];
    services.bus.subscribe((key, payload) => {
      if (key === 'referrals.changed') seen.push((payload as { action: string }).action);
    });
    const mamadou = pvs[1] as Pv;
    const flagged = { ...mamadou, revision: 2, flags: { traffickingVictim: true } };
    expect((await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [flagged] }) })).ok).toBe(
      true,
    );
    const id = await passage('escort', flagged);
    await vi.waitFor(() => expect(seen).toContain('passage.verified'));
    await value('supervisor', 'referral.settle', { passageId: id, decision: 'allow', reason: 'Escorte partenaire vérifiée' });
    await vi.waitFor(() => expect(seen).toContain('referral.settled'));
  });

  it('sets the scheduled departure in the post time zone', async () => {
    const { value } = await post();
    const f = await value<FlightView>('supervisor', 'flights.setDeparture', { flightKey: KEY, time: '14:30' });
    expect(new Date(f.departureAt ?? 0).toISOString()).toBe('2026-06-15T13:30:00.000Z');
  });
});

describe('opening a passage by hand', () => {
  it('selects the PV but allows nothing until the document is checked, and the audit chain says who opened it', async () => {
    const { value, pvs, services, flight } = await post();
    const pv = pvs[3] as Pv;
    const opened = await value<{ view: { pending: string[]; actions: string[]; pv: { pvNumber: string } | null; verdict: string } }>(
      'escort',
      'passage.openForPv',
      { pvNumber: pv.pvNumber },
    );
    expect(opened.view.pv?.pvNumber).toBe(pv.pvNumber);
    expect(opened.view.pending).toContain('travelDocument');
    expect(opened.view.verdict).not.toBe('ALLOW');
    expect(opened.view.actions).toEqual([]);
    const audit = services.db.prepare("SELECT subject, actor_role AS role FROM audit_log WHERE action = 'passage.openedByHand'").all();
    expect(audit).toEqual([{ subject: pv.pvNumber, role: 'escort' }]);
    expect((await flight()).beneficiaries.find((b) => b.pvNumber === pv.pvNumber)?.progress.arrived).toBe(true);

    // The document and boarding pass then come in: the verdict rules run against the chosen PV.
    await value('escort', 'passage.addScan', { source: 'wedge', raw: mrzFor(pv) });
    const done = await value<{ view: { verdict: string; actions: string[] } }>('escort', 'passage.addScan', {
      source: 'wedge',
      raw: boardingPassFor(pv),
    });
    expect(done.view.verdict).toBe('ALLOW');
    expect(done.view.actions).toEqual(expect.arrayContaining(['checkin', 'exchange', 'pay']));
  });

  it("checks another person's document against the chosen PV: no money, no stamp", async () => {
    const { value, pvs } = await post();
    const [chosen, other] = pvs as [Pv, Pv];
    await value('escort', 'passage.openForPv', { pvNumber: chosen.pvNumber });
    await value('escort', 'passage.addScan', { source: 'wedge', raw: mrzFor(other) });
    const u = await value<{ view: { verdict: string; actions: string[]; pv: { pvNumber: string } } }>('escort', 'passage.addScan', {
      source: 'wedge',
      raw: boardingPassFor(chosen),
    });
    expect(u.view.pv.pvNumber).toBe(chosen.pvNumber);
    expect(u.view.verdict).not.toBe('ALLOW');
    expect(u.view.actions).not.toContain('pay');
  });

  it('refuses an unknown PV', async () => {
    const { call } = await post();
    expect(await call('escort', 'passage.openForPv', { pvNumber: 'PV-NOPE' })).toMatchObject({
      ok: false,
      error: { code: 'notFound', message: 'flights.errors.pvNotFound' },
    });
  });
});

describe('closing a flight', () => {
  it('records the no-shows and the closing in one step, all or nothing', async () => {
    const { call, value, flight, passage, pvs, services } = await post();
    const [awa, , , , sow] = pvs as [Pv, Pv, Pv, Pv, Pv];
    const id = await passage('officer', awa);
    await value('officer', 'stamp.record', { passageId: id, stampNumber: 'S-1' });
    const count = () => (services.db.prepare('SELECT count(*) AS n FROM flight_no_shows').get() as { n: number }).n;

    // "other" needs a note.
    expect(
      await call('supervisor', 'flights.close', { flightKey: KEY, noShows: [{ pvNumber: sow.pvNumber, reason: 'other' }] }),
    ).toMatchObject({ ok: false, error: { code: 'badInput', message: 'noteRequired' } });
    // A stamped beneficiary left: refused, and nothing is written.
    expect(
      await call('supervisor', 'flights.close', {
        flightKey: KEY,
        noShows: [
          { pvNumber: sow.pvNumber, reason: 'medical' },
          { pvNumber: awa.pvNumber, reason: 'didNotCome' },
        ],
      }),
    ).toMatchObject({ ok: false, error: { code: 'refused', message: 'flights.errors.alreadyStamped' } });
    expect(count()).toBe(0);
    expect(
      await call('supervisor', 'flights.close', { flightKey: KEY, noShows: [{ pvNumber: 'PV-CMN-2026-001037', reason: 'medical' }] }),
    ).toMatchObject({ ok: false, error: { code: 'badInput', message: 'flights.errors.notOnFlight' } });
    expect(await call('supervisor', 'flights.close', { flightKey: 'AIR:XX1:2026-06-15', noShows: [] })).toMatchObject({
      ok: false,
      error: { code: 'notFound' },
    });

    const closed = await value<FlightView>('supervisor', 'flights.close', {
      flightKey: KEY,
      noShows: [{ pvNumber: sow.pvNumber, reason: 'other', note: 'Hospitalisé la veille' }],
    });
    expect(closed.closed?.actorName).toBe('Superviseur Démo');
    expect(closed.counts).toMatchObject({ noShow: 1, stamped: 1, missing: 3 });
    expect(closed.beneficiaries.find((b) => b.pvNumber === sow.pvNumber)).toMatchObject({
      stage: 'noShow',
      noShow: { reason: 'other', note: 'Hospitalisé la veille' },
    });
    expect((await flight()).closed).not.toBeNull();
    expect(await call('supervisor', 'flights.close', { flightKey: KEY, noShows: [] })).toMatchObject({
      ok: false,
      error: { code: 'alreadyDone', message: 'flights.errors.alreadyClosed' },
    });
    const chain = services.db.prepare("SELECT action, subject, details FROM audit_log WHERE action LIKE 'flight.%' ORDER BY seq").all() as {
      action: string;
      subject: string;
      details: string;
    }[];
    expect(chain.map((r) => [r.action, r.subject])).toEqual([
      ['flight.noShow', sow.pvNumber],
      ['flight.closed', KEY],
    ]);
    expect(JSON.parse(chain[0]!.details)).toMatchObject({ pvNumber: sow.pvNumber, reason: 'other', flightKey: KEY });
    expect(services.audit.verify().ok).toBe(true);
  });
});

describe('no-shows before closing, and reopening', () => {
  it('marks and clears a no-show before closing; refuses a closed flight, a stamped beneficiary, a second mark', async () => {
    const { call, value, flight, passage, pvs, services } = await post();
    const [awa, mamadou, , , sow] = pvs as [Pv, Pv, Pv, Pv, Pv];
    const id = await passage('officer', awa);
    await value('officer', 'stamp.record', { passageId: id, stampNumber: 'S-1' });

    let f = await value<FlightView>('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: sow.pvNumber, reason: 'withdrew' });
    expect(f.closed).toBeNull();
    expect(f.counts).toMatchObject({ noShow: 1, missing: 3 });
    expect(f.beneficiaries.find((b) => b.pvNumber === sow.pvNumber)).toMatchObject({ stage: 'noShow', noShow: { reason: 'withdrew' } });
    expect(await call('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: sow.pvNumber, reason: 'medical' })).toMatchObject({
      ok: false,
      error: { code: 'alreadyDone', message: 'flights.errors.alreadyNoShow' },
    });
    expect(await call('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: awa.pvNumber, reason: 'medical' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'flights.errors.alreadyStamped' },
    });
    expect(await call('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: mamadou.pvNumber, reason: 'other' })).toMatchObject({
      ok: false,
      error: { code: 'badInput', message: 'noteRequired' },
    });
    expect(await call('supervisor', 'flights.clearNoShow', { flightKey: KEY, pvNumber: mamadou.pvNumber })).toMatchObject({
      ok: false,
      error: { code: 'notFound', message: 'flights.errors.noNoShow' },
    });

    // Cleared: they came after all; marked again with another reason.
    f = await value<FlightView>('supervisor', 'flights.clearNoShow', { flightKey: KEY, pvNumber: sow.pvNumber });
    expect(f.counts).toMatchObject({ noShow: 0, missing: 4 });
    f = await value<FlightView>('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: sow.pvNumber, reason: 'medical' });
    expect(f.beneficiaries.find((b) => b.pvNumber === sow.pvNumber)?.noShow?.reason).toBe('medical');

    // Closing keeps the marked no-show; nothing more is marked or cleared on a closed flight.
    f = await value<FlightView>('supervisor', 'flights.close', { flightKey: KEY, noShows: [] });
    expect(f.counts).toMatchObject({ noShow: 1 });
    expect(await call('supervisor', 'flights.markNoShow', { flightKey: KEY, pvNumber: mamadou.pvNumber, reason: 'medical' })).toMatchObject(
      {
        ok: false,
        error: { code: 'refused', message: 'flights.errors.closed' },
      },
    );
    expect(await call('supervisor', 'flights.clearNoShow', { flightKey: KEY, pvNumber: sow.pvNumber })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'flights.errors.closed' },
    });
    const chain = services.db.prepare("SELECT action, subject FROM audit_log WHERE action LIKE 'flight.%' ORDER BY seq").all();
    expect(chain).toEqual([
      { action: 'flight.noShow', subject: sow.pvNumber },
      { action: 'flight.noShowCleared', subject: sow.pvNumber },
      { action: 'flight.noShow', subject: sow.pvNumber },
      { action: 'flight.closed', subject: KEY },
    ]);
    expect((await flight()).closed).not.toBeNull();
  });

  it('keeps a no-show on the flight it was for when the PV moves to a later flight the same day: the new flight is not blocked', async () => {
    const { call, value, flight, passage, pvs } = await post();
    const sow = pvs[4] as Pv;
    await value('supervisor', 'flights.close', { flightKey: KEY, noShows: [{ pvNumber: sow.pvNumber, reason: 'didNotCome', note: '' }] });
    // The centre re-schedules the PV on tonight's AT 1001 (here as the post receives it: a new revision).
    const later = {
      ...sow,
      revision: sow.revision + 1,
      ticket: { mode: 'air' as const, carrier: 'AT', flightNumber: '1001', date: '2026-06-15' },
    };
    expect((await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [later] }) })).ok).toBe(
      true,
    );

    const board = await value<Board>('supervisor', 'flights.board', {});
    const next = board.flights.find((f) => f.key === 'AIR:AT1001:2026-06-15');
    expect(next?.beneficiaries.map((b) => [b.pvNumber, b.stage, b.noShow])).toEqual([[sow.pvNumber, 'expected', null]]);
    expect(next?.counts).toMatchObject({ total: 1, noShow: 0, missing: 1 });
    const old = await flight();
    expect(old.beneficiaries.find((b) => b.pvNumber === sow.pvNumber)).toMatchObject({ stage: 'noShow', noShow: { reason: 'didNotCome' } });
    expect(old.counts).toMatchObject({ total: 5, noShow: 1 });

    // Marked and cleared on the new flight on its own, then allowed and stamped there.
    const mark = { flightKey: 'AIR:AT1001:2026-06-15', pvNumber: sow.pvNumber };
    expect(await value<FlightView>('supervisor', 'flights.markNoShow', { ...mark, reason: 'medical' })).toMatchObject({
      counts: { noShow: 1 },
    });
    expect(await value<FlightView>('supervisor', 'flights.clearNoShow', mark)).toMatchObject({ counts: { noShow: 0 } });
    const id = await passage('officer', later);
    await value('officer', 'stamp.record', { passageId: id, stampNumber: 'S-1001' });
    const after = (await value<Board>('supervisor', 'flights.board', {})).flights.find((f) => f.key === 'AIR:AT1001:2026-06-15');
    expect(after?.beneficiaries.map((b) => b.stage)).toEqual(['stamped']);
    // The stamp is the new flight's: the old one still counts the no-show, not a departure.
    expect((await flight()).beneficiaries.find((b) => b.pvNumber === sow.pvNumber)?.stage).toBe('noShow');
    expect((await flight()).counts).toMatchObject({ noShow: 1, stamped: 0 });
    const csv = await value<{ contentBase64: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'csv' });
    const sowLines = Buffer.from(csv.contentBase64, 'base64')
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes(sow.pvNumber));
    expect(sowLines.join('\n')).toMatch(/Ne s’est pas présenté|didNotCome/);
    expect(sowLines.join('\n')).not.toContain('S-1001');
  });

  it('reopens a closed flight with a reason, audited and synced; closes again; the report says it was reopened', async () => {
    const { call, value, pvs, services } = await post();
    const sow = pvs[4] as Pv;
    expect(await call('supervisor', 'flights.reopen', { flightKey: KEY, reason: 'Arrivé en retard' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'flights.errors.notClosed' },
    });
    await value('supervisor', 'flights.close', { flightKey: KEY, noShows: [{ pvNumber: sow.pvNumber, reason: 'didNotCome' }] });
    expect(await call('supervisor', 'flights.reopen', { flightKey: KEY, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'badInput' },
    });
    const reopened = await value<FlightView>('supervisor', 'flights.reopen', { flightKey: KEY, reason: 'Arrivé en retard' });
    expect(reopened.closed).toBeNull();
    expect(reopened.counts).toMatchObject({ noShow: 1 });
    await value('supervisor', 'flights.clearNoShow', { flightKey: KEY, pvNumber: sow.pvNumber });
    const closed = await value<FlightView>('supervisor', 'flights.close', { flightKey: KEY, noShows: [] });
    expect(closed.closed).not.toBeNull();
    expect(closed.counts).toMatchObject({ noShow: 0 });

    const row = services.db.prepare("SELECT actor_role AS role, details FROM audit_log WHERE action = 'flight.reopened'").get() as {
      role: string;
      details: string;
    };
    expect(row.role).toBe('supervisor');
    expect(JSON.parse(row.details)).toMatchObject({ flightKey: KEY, reason: 'Arrivé en retard' });
    // Queued for the centre with its audit row.
    expect(
      services.db
        .prepare("SELECT count(*) AS n FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.action = 'flight.reopened'")
        .get(),
    ).toEqual({ n: 1 });
    expect(services.audit.verify().ok).toBe(true);

    const csv = await value<{ contentBase64: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'csv' });
    expect(Buffer.from(csv.contentBase64, 'base64').toString('utf8')).toMatch(/REOPENED,.*Arrivé en retard/);
    const dir = mkdtempSync(join(tmpdir(), 'rva-flight-'));
    const pdf = await value<{ contentBase64: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'pdf' });
    writeFileSync(join(dir, 'r.pdf'), Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Vol rouvert le 15\/06\/2026 11:00 par Superviseur Démo : Arrivé en retard/);
  });

  it('refuses escorts and officers: the contract and the service itself', async () => {
    const { call, services, pvs } = await post();
    const sow = pvs[4] as Pv;
    for (const client of ['officer', 'escort']) {
      for (const [key, input] of [
        ['flights.markNoShow', { flightKey: KEY, pvNumber: sow.pvNumber, reason: 'medical' }],
        ['flights.clearNoShow', { flightKey: KEY, pvNumber: sow.pvNumber }],
        ['flights.reopen', { flightKey: KEY, reason: 'Arrivé en retard' }],
      ] as const) {
        expect(await call(client, key, input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    const escort = { userId: 'u-escort', role: 'escort' as const };
    expect(services.flights.markNoShow({ flightKey: KEY, pvNumber: sow.pvNumber, reason: 'medical', note: '' }, escort)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(services.flights.clearNoShow({ flightKey: KEY, pvNumber: sow.pvNumber }, escort)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(services.flights.reopen({ flightKey: KEY, reason: 'Arrivé en retard' }, escort)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'flight.%'").get()).toEqual({ n: 0 });
  });
});

describe('the flight report', () => {
  it('lists each beneficiary with their steps, times and staff, the per diem total and the no-shows; signed', async () => {
    const { value, passage, pvs, services, lines } = await post();
    const [awa, mamadou, , , sow] = pvs as [Pv, Pv, Pv, Pv, Pv];
    const id = await passage('escort', awa);
    await value('escort', 'checkin.confirm', { passageId: id, bagCount: 1 });
    const id2 = await passage('escort', awa);
    await value('escort', 'perDiem.pay', { passageId: id2, receiptNumber: 'R-1', formsSigned: true, signaturePng: TINY_SIGNATURE_PNG });
    const id3 = await passage('officer', awa);
    await value('officer', 'stamp.record', { passageId: id3, stampNumber: 'S-1' });
    await value('supervisor', 'flights.setDeparture', { flightKey: KEY, time: '14:30' });
    await value('supervisor', 'flights.close', {
      flightKey: KEY,
      noShows: [
        { pvNumber: sow.pvNumber, reason: 'withdrew' },
        { pvNumber: mamadou.pvNumber, reason: 'medical' },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'rva-flight-'));
    const pdf = await value<{ contentBase64: string; fileName: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'pdf' });
    const file = Buffer.from(pdf.contentBase64, 'base64');
    expect(verifyExport(file, { expectedPublicKey: services.supervisor.deviceKey().publicKeySpki })).toMatchObject({ valid: true });
    writeFileSync(join(dir, pdf.fileName), file);
    const text = execFileSync('pdftotext', ['-layout', join(dir, pdf.fileName), '-'], { encoding: 'utf8' });
    expect(text).toContain('Rapport de vol AT 999 du 15/06/2026');
    expect(text).toContain('5 bénéficiaires · sortis 1 · absents 2 · pécules 1');
    expect(text).toContain('Départ prévu : 15/06/2026 14:30');
    expect(text).toMatch(/Total des pécules : 100,00.USD/);
    expect(text).toMatch(/Traoré Awa\s+Sorti/);
    expect(text).toMatch(/Enregistré 11:00 \(Escorte OIM Démo\)/);
    expect(text).toMatch(/Tampon 11:00 \(Officier Démo\)/);
    expect(text).toContain('A renoncé');
    expect(text).toContain('Raison médicale');
    expect(text).toMatch(/Vol clôturé le 15\/06\/2026 11:00 par Superviseur Démo/);

    const arPdf = await value<{ contentBase64: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'pdf', language: 'ar' });
    writeFileSync(join(dir, 'ar.pdf'), Buffer.from(arPdf.contentBase64, 'base64'));
    const ar = execFileSync('pdftotext', [join(dir, 'ar.pdf'), '-'], { encoding: 'utf8' }).normalize('NFKC');
    expect(ar).toContain('AT 999');
    expect(ar).toMatch(/الغائبون|نوﺒﺋﺎﻐﻟا|نوبئاغلا/);

    const csv = await value<{ contentBase64: string }>('supervisor', 'flights.report', { flightKey: KEY, format: 'csv' });
    const csvText = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    const rows = csvText.split('\r\n');
    expect(rows[0]).toMatch(/^\uFEFFflight,pv_number,beneficiary,/);
    const awaRow = rows.find((r) => r.includes(awa.pvNumber)) ?? '';
    expect(awaRow).toContain('stamped');
    expect(awaRow).toContain('15/06/2026 11:00:00,Escorte OIM Démo');
    expect(awaRow).toContain('100.00,USD');
    expect(rows.find((r) => r.includes(sow.pvNumber))).toContain('noShow');
    expect(rows.find((r) => r.includes(sow.pvNumber))).toContain('withdrew');
    expect(rows.find((r) => r.includes(',TOTAL,'))).toContain('100.00,USD');
    expect(csvText).toMatch(/#RVA-EXPORT-MANIFEST /);

    // Exports are in the chain; names never reach the log.
    expect(services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'export.created'").get()).toEqual({ n: 3 });
    expect(lines.join('\n')).not.toMatch(/Traoré|Sow|Diallo/);
  });
});
