import { createIpc } from '../ipc/index';
import { describe, expect, it } from 'vitest';
import { generatePvSigningKeyPair, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import { samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../testing/passage-fixtures';
import { createAppServices } from './app-services';
import { createManualClock, silentLogger } from './runtime';
import { createTestPinHasher } from '../testing/pin-hasher';
import { seedDemo } from '../demo/demo-seed';

// 2026-06-15 10:00 UTC: the sample PV's flight day.
const NOW = Date.parse('2026-06-15T10:00:00Z');

async function post(pvs: Pv[] = [samplePv()]) {
  const clock = createManualClock(NOW);
  const services = await createAppServices({
    dataDir: ':memory:',
    mode: 'browser',
    version: 'test',
    seed: seedDemo,
    clock,
    logger: silentLogger,
    pinHasher: createTestPinHasher(),
  });
  const call = async (client: string, key: string, input: unknown) => createIpc(services).dispatch(key, input, client);
  for (const [client, username, pin] of [
    ['escort', 'escorte', '2345'],
    ['officer', 'officier', '1234'],
    ['supervisor', 'superviseur', '3456'],
  ] as const) {
    expect((await call(client, 'auth.login', { username, pin })).ok).toBe(true);
  }
  const imported = await call('supervisor', 'pvs.import', { format: 'json', content: JSON.stringify({ version: 1, pvs }) });
  expect(imported).toMatchObject({ ok: true, value: { ok: true } });
  const verify = async (client: string, pv: Pv, extra: { boardingPass?: boolean } = {}) => {
    const scans = [{ source: 'wedge', raw: mrzFor(pv) }];
    if (extra.boardingPass !== false) scans.push({ source: 'wedge', raw: boardingPassFor(pv) });
    const r = await call(client, 'departures.verify', { scans });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as {
      passageId: string;
      verdict: string;
      actions: string[];
      rules: { id: string; status: string }[];
      timeline: Record<string, { id: string } | null>;
    };
  };
  return { services, clock, call, verify };
}

const pay = (passageId: string, receiptNumber = 'R-001') => ({
  passageId,
  receiptNumber,
  formsSigned: true,
  signaturePng: TINY_SIGNATURE_PNG,
});

describe('a whole passage', () => {
  it('escort confirms check-in, exchange and per diem; officer gets ALLOW and stamps', async () => {
    const { call, verify, services } = await post();
    const pv = samplePv();
    const escortView = await verify('escort', pv);
    expect(escortView.actions).toEqual(['checkin', 'exchange', 'pay']);
    expect((await call('escort', 'checkin.confirm', { passageId: escortView.passageId, bagCount: 1 })).ok).toBe(true);
    expect(
      (
        await call('escort', 'exchange.confirm', {
          passageId: escortView.passageId,
          madGivenCents: 100_000,
          currency: 'XOF',
          amountReceivedCents: 6_000_000,
          rate: '60.1',
          receiptNumber: 'X-77',
        })
      ).ok,
    ).toBe(true);
    const paid = await call('escort', 'perDiem.pay', pay(escortView.passageId));
    expect(paid).toMatchObject({ ok: true, value: { timeline: { perDiem: { amountCents: 10_000, currency: 'USD' } }, actions: [] } });

    const officerView = await verify('officer', pv);
    expect(officerView.verdict).toBe('ALLOW');
    expect(officerView.actions).toEqual(['stamp']);
    const stamped = await call('officer', 'stamp.record', { passageId: officerView.passageId, stampNumber: 'CMN-0042' });
    expect(stamped).toMatchObject({ ok: true, value: { timeline: { stamp: { stampNumber: 'CMN-0042', postCode: 'CMN' } }, actions: [] } });

    const again = await verify('officer', pv);
    expect(again.verdict).toBe('DENY');
    expect(again.rules.find((r) => r.id === 'departure.notAlready')?.status).toBe('failed');

    const actions = services.db
      .prepare("SELECT action FROM audit_log WHERE action NOT LIKE 'auth.%' ORDER BY seq")
      .all()
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual([
      'pvs.imported',
      'passage.verified',
      'checkin.confirmed',
      'exchange.confirmed',
      'perDiem.paid',
      'passage.verified',
      'stamp.recorded',
      'passage.verified',
    ]);
    expect(services.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({
      n: (services.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
    });
    expect((await call('supervisor', 'audit.verify', {})).ok).toBe(true);
  });

  it('keeps each role to its own actions', async () => {
    const { call, verify } = await post();
    const view = await verify('officer', samplePv());
    expect(await call('officer', 'perDiem.pay', pay(view.passageId))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('escort', 'stamp.record', { passageId: view.passageId, stampNumber: 'X1' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('officer', 'pvs.import', { format: 'json', content: '{}' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('refusals', () => {
  it('DENYs a revoked PV and refuses the stamp', async () => {
    const pv = samplePv({ status: 'revoked' });
    const { call, verify } = await post([pv]);
    const view = await verify('officer', pv);
    expect(view.verdict).toBe('DENY');
    expect(view.rules.find((r) => r.id === 'pv.status')?.status).toBe('failed');
    expect(view.actions).toEqual([]);
    expect(await call('officer', 'stamp.record', { passageId: view.passageId, stampNumber: 'S1' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
  });

  it('REFERs a minor; the stamp waits for a supervisor who settles with a reason', async () => {
    const pv = samplePv({ flags: { minor: { mnaReference: 'TPI-CASA-2026-77' } } });
    const { call, verify } = await post([pv]);
    const view = await verify('officer', pv);
    expect(view.verdict).toBe('REFER');
    expect(await call('officer', 'stamp.record', { passageId: view.passageId, stampNumber: 'S1' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'departure.stampNeedsAllow' },
    });
    const queue = await call('supervisor', 'referrals.list', {});
    expect(queue).toMatchObject({ ok: true, value: [{ passageId: view.passageId, rules: [{ id: 'flags.minor' }] }] });
    expect(await call('supervisor', 'referral.settle', { passageId: view.passageId, decision: 'allow', reason: 'ok' })).toMatchObject({
      ok: false,
      error: { code: 'badInput' },
    });
    expect(
      (
        await call('supervisor', 'referral.settle', {
          passageId: view.passageId,
          decision: 'allow',
          reason: 'Ordonnance du juge des mineurs vue',
        })
      ).ok,
    ).toBe(true);
    expect(
      await call('supervisor', 'referral.settle', { passageId: view.passageId, decision: 'deny', reason: 'second thoughts' }),
    ).toMatchObject({ ok: false, error: { code: 'alreadyDone' } });
    expect(await call('supervisor', 'referrals.list', {})).toEqual({ ok: true, value: [] });
    expect(await call('officer', 'stamp.record', { passageId: view.passageId, stampNumber: 'S1' })).toMatchObject({ ok: true });
  });

  it('refuses the per diem and the stamp when the document has the PV number but another name and birth date', async () => {
    const pv = samplePv();
    const { call, services } = await post([pv]);
    const impostor = samplePv({ beneficiary: { ...pv.beneficiary, surname: 'Koné', givenNames: 'Ibrahim', birthDate: '2001-01-01' } });
    for (const client of ['escort', 'officer'] as const) {
      const r = await call(client, 'departures.verify', {
        scans: [
          { source: 'wedge', raw: mrzFor(impostor) },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ],
      });
      const view = (
        r as { ok: true; value: { passageId: string; verdict: string; actions: string[]; rules: { id: string; status: string }[] } }
      ).value;
      expect(view.verdict).toBe('DENY');
      expect(view.rules.filter((x) => x.status === 'failed').map((x) => x.id)).toEqual(
        expect.arrayContaining(['identity.name', 'identity.birthDate']),
      );
      expect(view.actions).toEqual([]);
      const refused =
        client === 'escort'
          ? await call(client, 'perDiem.pay', pay(view.passageId))
          : await call(client, 'stamp.record', { passageId: view.passageId, stampNumber: 'S1' });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'refused', message: client === 'escort' ? 'departure.payNeedsAllow' : 'departure.stampNeedsAllow' },
      });
    }
    expect(services.db.prepare('SELECT count(*) AS n FROM per_diem_payments').get()).toEqual({ n: 0 });
    expect(services.db.prepare('SELECT count(*) AS n FROM stamps').get()).toEqual({ n: 0 });
  });

  it('holds the per diem on a REFER until a supervisor allows it', async () => {
    const pv = samplePv();
    const { call, services } = await post([pv]);
    const other = samplePv({ beneficiary: { ...pv.beneficiary, sex: 'F' } });
    const r = await call('escort', 'departures.verify', {
      scans: [
        { source: 'wedge', raw: mrzFor(other) },
        { source: 'wedge', raw: boardingPassFor(pv) },
      ],
    });
    const view = (r as { ok: true; value: { passageId: string; verdict: string; actions: string[] } }).value;
    expect(view.verdict).toBe('REFER');
    expect(view.actions).toEqual(['checkin', 'exchange']);
    expect(await call('escort', 'perDiem.pay', pay(view.passageId))).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'departure.payNeedsAllow' },
    });
    expect(services.db.prepare('SELECT count(*) AS n FROM per_diem_payments').get()).toEqual({ n: 0 });
    await call('supervisor', 'referral.settle', { passageId: view.passageId, decision: 'allow', reason: 'Erreur de saisie du sexe au PV' });
    expect((await call('escort', 'perDiem.pay', pay(view.passageId))).ok).toBe(true);
  });

  it('pays the per diem once and tells who paid and when', async () => {
    const { call, verify, clock } = await post();
    const first = await verify('escort', samplePv());
    expect((await call('escort', 'perDiem.pay', pay(first.passageId))).ok).toBe(true);
    clock.advance(60_000);
    const second = await verify('escort', samplePv());
    expect(second.actions).not.toContain('pay');
    const refused = await call('escort', 'perDiem.pay', pay(second.passageId, 'R-002'));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'alreadyDone', message: 'departure.already.perDiem', params: { by: 'Escorte OIM Démo', at: NOW, postCode: 'CMN' } },
    });
  });

  it('lets a supervisor void a mistaken payment with a reason, after which it can be paid once more', async () => {
    const { call, verify, services } = await post();
    const view = await verify('escort', samplePv());
    const paid = await call('escort', 'perDiem.pay', pay(view.passageId));
    const paymentId = (paid as { ok: true; value: { timeline: { perDiem: { id: string } } } }).value.timeline.perDiem.id;
    const voided = await call('supervisor', 'record.void', {
      passageId: view.passageId,
      kind: 'perDiem',
      recordId: paymentId,
      reason: 'Montant saisi sur le mauvais dossier',
    });
    expect(voided).toMatchObject({ ok: true, value: { timeline: { perDiem: null } } });
    expect(
      await call('supervisor', 'record.void', { passageId: view.passageId, kind: 'perDiem', recordId: paymentId, reason: 'twice' }),
    ).toMatchObject({ ok: false, error: { code: 'alreadyDone' } });
    expect((await call('escort', 'perDiem.pay', pay(view.passageId, 'R-003'))).ok).toBe(true);
    expect(await call('escort', 'perDiem.pay', pay(view.passageId, 'R-004'))).toMatchObject({ ok: false, error: { code: 'alreadyDone' } });
    expect(services.db.prepare('SELECT count(*) AS n FROM per_diem_payments').get()).toEqual({ n: 2 });
    expect(() => services.db.prepare('DELETE FROM per_diem_payments').run()).toThrow(/append-only/);
  });

  it('refuses a signature that is not a PNG', async () => {
    const { call, verify } = await post();
    const view = await verify('escort', samplePv());
    const notPng = Buffer.from('x'.repeat(200)).toString('base64');
    expect(await call('escort', 'perDiem.pay', { ...pay(view.passageId), signaturePng: notPng })).toMatchObject({
      ok: false,
      error: { code: 'badInput', message: 'departure.signatureInvalid' },
    });
  });
});

describe('signed PV QR', () => {
  it('checks a PV missing from the cache by its signed QR, and refuses a forged one', async () => {
    const trusted = generatePvSigningKeyPair();
    const forger = generatePvSigningKeyPair();
    const pv = samplePv({ pvNumber: 'PV-QR-ONLY-1' });
    const other = samplePv({ pvNumber: 'PV-OTHER-1', travelDocument: { ...samplePv().travelDocument, number: 'LP9999999' } });
    const { call, services } = await post([other]);
    services.db
      .prepare("UPDATE post_settings SET value = ? WHERE key = 'pv.trustedKeys'")
      .run(JSON.stringify([{ keyId: 'centre-1', publicKey: trusted.publicKey }]));
    const good = signPvQr(pvToQrFields(pv), trusted.privateKey, 'centre-1');
    const forged = signPvQr(pvToQrFields(pv), forger.privateKey, 'centre-1');

    const accepted = await call('officer', 'departures.verify', {
      scans: [
        { source: 'camera', raw: good },
        { source: 'wedge', raw: mrzFor(pv) },
        { source: 'wedge', raw: boardingPassFor(pv) },
      ],
    });
    expect(accepted).toMatchObject({ ok: true, value: { verdict: 'ALLOW', pv: { pvNumber: 'PV-QR-ONLY-1', source: 'qr' } } });

    const refused = await call('officer', 'departures.verify', {
      scans: [
        { source: 'camera', raw: forged },
        { source: 'wedge', raw: mrzFor(pv) },
      ],
    });
    expect(refused).toMatchObject({ ok: true, value: { verdict: 'DENY' } });
    const rules = (refused as { ok: true; value: { rules: { id: string; status: string; reason: string }[] } }).value.rules;
    expect(rules.find((r) => r.id === 'pv.qr')).toMatchObject({ status: 'failed' });
  });
});

describe('PV import', () => {
  it('refuses a bad file whole, naming the line and field, and imports nothing', async () => {
    const { call, services } = await post([]);
    const good = samplePv({ pvNumber: 'PV-OK-1' });
    const bad = { ...samplePv({ pvNumber: 'PV-BAD-2' }), beneficiary: { ...samplePv().beneficiary, nationality: 'Senegal' } };
    const result = await call('supervisor', 'pvs.import', {
      format: 'json',
      content: JSON.stringify({ version: 1, pvs: [good, bad] }, null, 2),
    });
    expect(result).toMatchObject({ ok: true, value: { ok: false } });
    const errors = (result as { ok: true; value: { errors: { line: number | null; field: string | null }[] } }).value.errors;
    expect(errors[0]?.field).toMatch(/nationality/);
    expect(errors[0]?.line).toBeGreaterThan(1);
    expect(services.db.prepare("SELECT count(*) AS n FROM pvs WHERE pv_number LIKE 'PV-%-_'").get()).toEqual({ n: 0 });
  });

  it('keeps the newer revision when an older file is imported again', async () => {
    const { call, services } = await post([samplePv({ revision: 3, status: 'revoked' })]);
    const older = await call('supervisor', 'pvs.import', {
      format: 'json',
      content: JSON.stringify({ version: 1, pvs: [samplePv({ revision: 2 })] }),
    });
    expect(older).toMatchObject({ ok: true, value: { ok: true, received: 1, written: 0 } });
    expect(services.db.prepare("SELECT status FROM pvs WHERE pv_number = 'PV-CMN-2026-000123'").get()).toEqual({ status: 'revoked' });
  });
});

describe('referral queue', () => {
  it('leaves out passages still waiting for a scan and shows the newest per PV', async () => {
    const pv = samplePv({ flags: { minor: { mnaReference: 'TPI-1' } } });
    const { call, verify } = await post([pv]);
    const half = await verify('officer', pv, { boardingPass: false });
    expect(half.verdict).toBe('REFER');
    expect(await call('supervisor', 'referrals.list', {})).toEqual({ ok: true, value: [] });
    await verify('officer', pv);
    const newest = await verify('officer', pv);
    const queue = await call('supervisor', 'referrals.list', {});
    expect(queue).toMatchObject({ ok: true, value: [{ passageId: newest.passageId }] });
    expect((queue as { ok: true; value: unknown[] }).value).toHaveLength(1);
  });

  it('lets a later passage of the PV ride on the decision when it raises no new concern', async () => {
    const pv = samplePv({ flags: { minor: { mnaReference: 'TPI-1' } } });
    const { call, verify, services } = await post([pv]);
    const events: unknown[] = [];
    services.bus.subscribe((key, payload) => events.push({ key, payload }));
    const first = await verify('officer', pv);
    await call('supervisor', 'referral.settle', { passageId: first.passageId, decision: 'allow', reason: 'Décision du juge vue' });
    expect(events).toContainEqual({
      key: 'referral.settled',
      payload: { passageId: first.passageId, pvNumber: pv.pvNumber, decision: 'allow' },
    });
    const again = await verify('officer', pv);
    expect(again.verdict).toBe('REFER');
    expect(again.actions).toEqual(['stamp']);
    expect(await call('supervisor', 'referrals.list', {})).toEqual({ ok: true, value: [] });
    const twice = await call('supervisor', 'referral.settle', { passageId: first.passageId, decision: 'deny', reason: 'changed my mind' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'alreadyDone', params: { by: 'Superviseur Démo' } } });
  });

  it('tells the escort how much to hand over', async () => {
    const { verify } = await post();
    const view = (await verify('escort', samplePv())) as unknown as { perDiem: { amountCents: number; currency: string } };
    expect(view.perDiem).toMatchObject({ amountCents: 10_000, currency: 'USD' });
  });
});
