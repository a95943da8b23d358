import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePv } from '../../core/departure/testing';
import { createIpc } from '../ipc/index';
import { boardingPassFor, mrzFor } from '../testing/passage-fixtures';
import { createTestPinHasher } from '../testing/pin-hasher';
import { createAppServices } from './app-services';
import { RESUME_WITHIN_MS } from '../../core/departure/passage';
import { createManualClock, silentLogger } from './runtime';
import { seedDemo } from '../demo/demo-seed';

const NOW = Date.parse('2026-06-15T10:00:00Z');

interface Update {
  view: {
    passageId: string;
    verdict: string;
    pending: string[];
    scans: { kind: string; corrected?: boolean }[];
    rules: { id: string; status: string }[];
  } | null;
  notice: string | null;
}

const dir = mkdtempSync(join(tmpdir(), 'rva-passage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function desk(options: { dataDir?: string; now?: number } = {}) {
  const pv = samplePv();
  const clock = createManualClock(options.now ?? NOW);
  const services = await createAppServices({
    dataDir: options.dataDir ?? ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock,
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
  });
  const ipc = createIpc(services);
  const call = async (client: string, key: string, input: unknown) => ipc.dispatch(key, input, client);
  expect((await call('officer', 'auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
  expect((await call('supervisor', 'auth.login', { username: 'superviseur', pin: '3456' })).ok).toBe(true);
  await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [pv] }) });
  const scan = async (raw: string): Promise<Update> => {
    const r = await call('officer', 'passage.addScan', { source: 'wedge', raw });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as Update;
  };
  const rows = () => services.db.prepare('SELECT id, status, closed_at AS closedAt FROM passages ORDER BY at, rowid').all();
  const audits = () => (services.db.prepare("SELECT action FROM audit_log WHERE action = 'passage.verified'").all() as unknown[]).length;
  return { services, clock, call, scan, pv, rows, audits };
}

describe('the passage kept in main', () => {
  it('keeps one passage when the boarding pass follows an MRZ that says the person already left', async () => {
    const { call, scan, pv, rows, audits } = await desk();
    const first = await scan(mrzFor(pv));
    await scan(boardingPassFor(pv));
    expect((await call('officer', 'stamp.record', { passageId: first.view?.passageId, stampNumber: 'CMN-1' })).ok).toBe(true);

    // The same person again: the stamp ended the first passage, so this is a new one...
    const again = await scan(mrzFor(pv));
    expect(again.notice).toBe('newPassageStarted');
    expect(again.view?.verdict).toBe('DENY');
    expect(again.view?.rules.find((r) => r.id === 'departure.notAlready')?.status).toBe('failed');
    // ...and the boarding pass joins it: the PV's history does not end a passage.
    const both = await scan(boardingPassFor(pv));
    expect(both.notice).toBeNull();
    expect(both.view?.passageId).toBe(again.view?.passageId);
    expect(both.view?.scans.map((s) => s.kind)).toEqual(['mrz', 'bcbp']);
    expect(both.view?.verdict).toBe('DENY');
    expect(rows()).toEqual([
      { id: first.view?.passageId, status: 'complete', closedAt: NOW },
      { id: again.view?.passageId, status: 'complete', closedAt: null },
    ]);
    expect(audits()).toBe(2);
  });

  it('writes one row updated as scans come in, and no audit row for a partial scan', async () => {
    const { scan, pv, rows, audits } = await desk();
    const half = await scan(mrzFor(pv));
    expect(half.view?.pending).toEqual(['boardingPass']);
    expect(rows()).toEqual([{ id: half.view?.passageId, status: 'draft', closedAt: null }]);
    expect(audits()).toBe(0);
    const whole = await scan(boardingPassFor(pv));
    expect(whole.view?.passageId).toBe(half.view?.passageId);
    expect(rows()).toEqual([{ id: half.view?.passageId, status: 'complete', closedAt: null }]);
    expect(audits()).toBe(1);
    expect(await scan(boardingPassFor(pv))).toMatchObject({ notice: 'duplicateScan', view: { passageId: half.view?.passageId } });
  });

  it('starts a new passage only when asked, closing the old row', async () => {
    const { call, scan, pv, rows } = await desk();
    const first = await scan(mrzFor(pv));
    expect(await call('officer', 'passage.new', {})).toEqual({
      ok: true,
      value: { ended: true, update: { view: null, notice: null, revision: expect.any(Number) } },
    });
    const second = await scan(boardingPassFor(pv));
    expect(second.view?.passageId).not.toBe(first.view?.passageId);
    expect(second.view?.scans.map((s) => s.kind)).toEqual(['bcbp']);
    expect(rows()).toEqual([
      { id: first.view?.passageId, status: 'draft', closedAt: NOW },
      { id: second.view?.passageId, status: 'draft', closedAt: null },
    ]);
  });

  it('takes a device reader’s scan straight into the desk’s passage and tells that desk', async () => {
    const { services, call, pv } = await desk();
    const heard: { key: string; target: string | null; payload: unknown }[] = [];
    services.bus.subscribe((key, payload, target) => {
      if (key === 'passage.updated') heard.push({ key, target, payload });
    });
    expect(await call('officer', 'passage.current', {})).toEqual({
      ok: true,
      value: { view: null, notice: null, revision: expect.any(Number) },
    });
    services.bus.emit('scanner.scanned', { source: 'hid', raw: mrzFor(pv), at: NOW });
    services.bus.emit('scanner.scanned', { source: 'serial', raw: boardingPassFor(pv), at: NOW });
    expect(heard.map((h) => h.target)).toEqual(['officer', 'officer']);
    const last = heard[1]?.payload as Update;
    expect(last.view?.verdict).toBe('ALLOW');
    const current = (await call('officer', 'passage.current', {})) as { ok: true; value: Update };
    expect(current.value.view?.passageId).toBe(last.view?.passageId);
  });
});

describe('New passage pressed as a device reader scans', () => {
  /** A second traveller, on the same import. */
  const secondPv = () =>
    samplePv({
      pvNumber: 'PV-CMN-2026-000124',
      beneficiary: {
        ...samplePv().beneficiary,
        surname: 'Camara',
        givenNames: 'Fatoumata',
        sex: 'F',
        birthDate: '1995-02-11',
        nationality: 'GIN',
      },
      travelDocument: { ...samplePv().travelDocument, number: 'LG0987342', issuingState: 'GIN' },
    });

  async function crossing() {
    const d = await desk();
    const other = secondPv();
    await d.call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs: [other] }) });
    const heard: Update[] = [];
    d.services.bus.subscribe((key, payload, target) => {
      if (key === 'passage.updated' && target === 'officer') heard.push(payload as Update);
    });
    await d.scan(mrzFor(d.pv));
    const shown = (await d.scan(boardingPassFor(d.pv))) as Update & { revision: number };
    expect(shown.view?.verdict).toBe('ALLOW');
    // The next traveller's document, read by the HID scanner just before main hears of the press.
    d.services.bus.emit('scanner.scanned', { source: 'hid', raw: mrzFor(other), at: NOW });
    expect(heard).toHaveLength(1);
    return { ...d, other, shown, heard };
  }

  it('takes the late scan into the new passage and closes the old one as the desk showed it', async () => {
    const { services, call, pv, other, shown, rows } = await crossing();
    const r = await call('officer', 'passage.new', { seen: shown.revision });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const { ended, update } = r.value as { ended: boolean; update: Update & { revision: number } };
    expect(ended).toBe(true);
    expect(update.view?.passageId).not.toBe(shown.view?.passageId);
    expect(update.view?.scans.map((s) => s.kind)).toEqual(['mrz']);
    expect(update.view?.pending).toEqual(['boardingPass']);
    expect(update.revision).toBeGreaterThan(shown.revision);
    // The old row holds its own traveller's document and boarding pass, ALLOW, closed.
    const old = services.db
      .prepare('SELECT verdict, closed_at AS closedAt, scans FROM passages WHERE id = ?')
      .get(shown.view?.passageId) as {
      verdict: string;
      closedAt: number | null;
      scans: string;
    };
    expect(old.verdict).toBe('ALLOW');
    expect(old.closedAt).toBe(NOW);
    expect((JSON.parse(old.scans) as { document: { documentNumber: string } }).document.documentNumber).toBe(pv.travelDocument.number);
    // The next scan joins the late document: nothing was lost.
    services.bus.emit('scanner.scanned', { source: 'hid', raw: boardingPassFor(other), at: NOW });
    const current = (await call('officer', 'passage.current', {})) as { ok: true; value: Update };
    expect(current.value.view?.passageId).toBe(update.view?.passageId);
    expect(current.value.view?.scans.map((s) => s.kind)).toEqual(['mrz', 'bcbp']);
    expect(current.value.view?.verdict).toBe('ALLOW');
    expect(rows()).toHaveLength(2);
  });

  it('settles a second crossing the same way, from the revision the first answer gave', async () => {
    const { services, call, pv, other, shown, heard, rows } = await crossing();
    const first = await call('officer', 'passage.new', { seen: shown.revision });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    // The second traveller's boarding pass joins; the desk shows it.
    services.bus.emit('scanner.scanned', { source: 'hid', raw: boardingPassFor(other), at: NOW });
    const seen = heard[heard.length - 1] as Update & { revision: number };
    expect(seen.view?.scans.map((s) => s.kind)).toEqual(['mrz', 'bcbp']);
    // The first traveller again, read before main hears of the next press.
    services.bus.emit('scanner.scanned', { source: 'hid', raw: mrzFor(pv), at: NOW });
    const second = await call('officer', 'passage.new', { seen: seen.revision });
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    const { update } = second.value as { update: Update };
    expect(update.view?.scans.map((s) => s.kind)).toEqual(['mrz']);
    expect(update.view?.passageId).not.toBe(seen.view?.passageId);
    const closed = services.db.prepare('SELECT verdict, closed_at AS closedAt FROM passages WHERE id = ?').get(seen.view?.passageId);
    expect(closed).toEqual({ verdict: 'ALLOW', closedAt: NOW });
    expect(rows()).toHaveLength(3);
  });

  it('without the revision shown, or when the desk had seen the scan, closes the passage as it stands', async () => {
    const { call, heard, shown } = await crossing();
    const late = heard[0] as Update & { revision: number };
    expect(late.view?.passageId).toBe(shown.view?.passageId);
    const r = await call('officer', 'passage.new', { seen: late.revision });
    expect(r).toMatchObject({ ok: true, value: { ended: true, update: { view: null, notice: null } } });
    const next = (await call('officer', 'passage.current', {})) as { ok: true; value: Update };
    expect(next.value.view).toBeNull();
  });
});

describe('an MRZ the officer corrected on the keyboard', () => {
  it('is stored with the passage’s scan, shown in its scan list and written to the audit chain', async () => {
    const { services, call, scan, pv } = await desk();
    const r = await call('officer', 'passage.addScan', { source: 'camera', raw: mrzFor(pv), corrected: true });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const first = r.value as Update;
    expect(first.view?.scans).toMatchObject([{ kind: 'mrz', corrected: true }]);
    const whole = await scan(boardingPassFor(pv));
    expect(whole.view?.scans.map((s) => [s.kind, s.corrected === true])).toEqual([
      ['mrz', true],
      ['bcbp', false],
    ]);
    const stored = services.db.prepare('SELECT scans FROM passages').get() as { scans: string };
    const summaries = (JSON.parse(stored.scans) as { summaries: { kind: string; corrected?: boolean }[] }).summaries;
    expect(summaries.map((s) => s.corrected === true)).toEqual([true, false]);
    const audit = services.db.prepare("SELECT details FROM audit_log WHERE action = 'passage.verified'").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ mrzCorrected: true });
    // Read back later (another desk opening it), the flag is still there.
    const again = await call('supervisor', 'departures.view', { passageId: whole.view?.passageId });
    expect(again.ok && (again.value as { scans: { corrected?: boolean }[] }).scans[0]?.corrected).toBe(true);
  });

  it('is not flagged when the camera reading was sent as read, and the flag is refused from any other source', async () => {
    const { services, call, pv } = await desk();
    const r = await call('officer', 'passage.addScan', { source: 'camera', raw: mrzFor(pv) });
    expect(r.ok && (r.value as Update).view?.scans[0]?.corrected).toBeFalsy();
    const wedge = await call('officer', 'passage.addScan', { source: 'wedge', raw: boardingPassFor(pv), corrected: true });
    expect(wedge.ok).toBe(false);
    expect(!wedge.ok && wedge.error.code).toBe('badInput');
    const stored = services.db.prepare('SELECT scans FROM passages').all() as { scans: string }[];
    expect(stored.map((s) => (JSON.parse(s.scans) as { summaries: unknown[] }).summaries.length)).toEqual([1]);
  });
});

/** The LPC an officer types when it has no MRZ, for the sample PV's beneficiary. */
const typedLpc = {
  documentNumber: 'LP0451278',
  surname: "N'Diaye",
  givenNames: 'Mamadou Aliou',
  nationality: 'SEN',
  birthDate: '14/03/1998',
  sex: 'M',
  expiryDate: '01/09/2026',
};

describe('a passage half-scanned when the app restarts or the officer signs in again', () => {
  it('comes back after a restart with the same passage, its scans and the PV chosen by hand, and completes in one row', async () => {
    const dataDir = join(dir, 'restart');
    const before = await desk({ dataDir });
    const opened = await before.call('officer', 'passage.openForPv', { pvNumber: before.pv.pvNumber });
    expect(opened.ok).toBe(true);
    const half = await before.scan(mrzFor(before.pv));
    expect(half.view?.pending).toEqual(['boardingPass']);
    await before.services.close();

    // A new process on the same database: nothing in memory, the officer signs in again.
    const after = await desk({ dataDir, now: NOW + 60_000 });
    const resumed = (await after.call('officer', 'passage.current', {})) as { ok: true; value: Update };
    expect(resumed.value.notice).toBe('passageResumed');
    expect(resumed.value.view).toEqual(half.view);
    const whole = await after.scan(boardingPassFor(after.pv));
    expect(whole.notice).toBeNull();
    expect(whole.view?.passageId).toBe(half.view?.passageId);
    expect(whole.view?.scans.map((s) => s.kind)).toEqual(['mrz', 'bcbp']);
    expect(whole.view?.verdict).toBe('ALLOW');
    expect(after.rows()).toEqual([{ id: half.view?.passageId, status: 'complete', closedAt: null }]);
    // The PV chosen by hand is still the passage's: a scan of it again is not a new passage.
    const stored = after.services.db.prepare('SELECT scans FROM passages').get() as { scans: string };
    expect(JSON.parse(stored.scans)).toMatchObject({ openedFor: after.pv.pvNumber });
    await after.services.close();
  });

  it('comes back with the typed LPC after a sign-out and a new sign-in at the same desk', async () => {
    const { call, scan, pv, rows } = await desk();
    const typed = (await call('officer', 'passage.addManual', { manualDocument: typedLpc })) as { ok: true; value: Update };
    expect(typed.value.view?.pending).toEqual(['boardingPass']);
    expect((await call('officer', 'auth.logout', { reason: 'idle' })).ok).toBe(true);
    expect((await call('officer', 'auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
    const resumed = (await call('officer', 'passage.current', {})) as { ok: true; value: Update };
    expect(resumed.value).toEqual({ view: typed.value.view, notice: 'passageResumed', revision: expect.any(Number) });
    const whole = await scan(boardingPassFor(pv));
    expect(whole.view?.passageId).toBe(typed.value.view?.passageId);
    expect(whole.view?.pending).toEqual([]);
    expect(whole.view?.scans.map((s) => s.kind)).toEqual(['bcbp', 'lpc']);
    expect(rows()).toHaveLength(1);
  });

  it('is not brought back once ended by a new passage, for another user, or past its age', async () => {
    const { services, clock, call, scan, pv } = await desk();
    const signInAgain = async (client: string, username: string, pin: string) => {
      await call(client, 'auth.logout', { reason: 'logout' });
      expect((await call(client, 'auth.login', { username, pin })).ok).toBe(true);
      return ((await call(client, 'passage.current', {})) as { ok: true; value: Update }).value;
    };
    // Another user at the same desk: not theirs.
    const first = await scan(mrzFor(pv));
    expect(await signInAgain('officer', 'escorte', '2345')).toEqual({ view: null, notice: null, revision: expect.any(Number) });
    // Its own user, as long as it is recent: back.
    expect((await signInAgain('officer', 'officier', '1234')).view?.passageId).toBe(first.view?.passageId);
    // Untouched for longer than the resume window: a fresh desk (the row stays as it was).
    clock.advance(RESUME_WITHIN_MS + 1);
    expect(await signInAgain('officer', 'officier', '1234')).toEqual({ view: null, notice: null, revision: expect.any(Number) });
    // A new passage ends it for good.
    const second = await scan(boardingPassFor(pv));
    expect(second.view?.passageId).not.toBe(first.view?.passageId);
    expect((await call('officer', 'passage.new', {})).ok).toBe(true);
    expect(await signInAgain('officer', 'officier', '1234')).toEqual({ view: null, notice: null, revision: expect.any(Number) });
    const open = services.db.prepare('SELECT id FROM passages WHERE closed_at IS NULL').all();
    expect(open).toEqual([{ id: first.view?.passageId }]);
  });

  it('is never a passage verified whole outside the desk (departures.verify)', async () => {
    const { call, pv, rows } = await desk();
    const whole = await call('officer', 'departures.verify', { scans: [{ source: 'wedge', raw: mrzFor(pv) }] });
    expect(whole.ok).toBe(true);
    expect(rows()).toHaveLength(1);
    await call('officer', 'auth.logout', { reason: 'logout' });
    expect((await call('officer', 'auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
    expect(await call('officer', 'passage.current', {})).toEqual({
      ok: true,
      value: { view: null, notice: null, revision: expect.any(Number) },
    });
  });

  it('is never taken from a desk where the same user is still working on it', async () => {
    const { clock, call, scan, pv } = await desk();
    const first = await scan(mrzFor(pv));
    expect((await call('desk-2', 'auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
    expect(await call('desk-2', 'passage.current', {})).toEqual({
      ok: true,
      value: { view: null, notice: null, revision: expect.any(Number) },
    });
    // The first desk still has it, without a notice (it never left).
    expect(await call('officer', 'passage.current', {})).toEqual({
      ok: true,
      value: { view: first.view, notice: null, revision: expect.any(Number) },
    });
    // Once the first desk's session has ended without a sign-out (a closed window, idle), it is free.
    clock.advance(10 * 60_000);
    expect((await call('desk-3', 'auth.login', { username: 'officier', pin: '1234' })).ok).toBe(true);
    expect(await call('desk-3', 'passage.current', {})).toEqual({
      ok: true,
      value: { view: first.view, notice: 'passageResumed', revision: expect.any(Number) },
    });
  });

  it('keeps the raw scans only while the passage is open', async () => {
    const { services, call, scan, pv } = await desk();
    await scan(mrzFor(pv));
    const raw = () => JSON.parse((services.db.prepare('SELECT scans FROM passages').get() as { scans: string }).scans) as object;
    expect(JSON.stringify(raw())).toContain(mrzFor(pv).split('\n')[0]);
    expect((await call('officer', 'passage.new', {})).ok).toBe(true);
    expect(JSON.stringify(raw())).not.toContain(mrzFor(pv).split('\n')[0]);
    expect(raw()).toMatchObject({ summaries: [{ kind: 'mrz' }], pending: ['boardingPass'] });
  });
});
