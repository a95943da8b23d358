import { createIpc } from '../ipc/index';
import { describe, expect, it, vi } from 'vitest';
import { pvFor, supervisorPost, userId } from '../demo/supervisor-fixtures';

describe('shifts', () => {
  it('opens with the drawer cash, expects it minus the per diem paid, and closes balanced without a reason', async () => {
    const { desk, steps, clock } = await supervisorPost();
    const pvs = [pvFor('GIN', 'Camara', 'Ibrahima'), pvFor('CIV', 'Kouassi', 'Yao')];
    steps.importPvs(pvs);
    const opened = desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 200_000 }, steps.supervisor);
    expect(opened).toMatchObject({ ok: true, value: { openingUsdCents: 50_000, openedBy: { name: 'Superviseur Démo' }, closing: null } });
    for (const pv of pvs) {
      clock.advance(10 * 60_000);
      steps.depart(pv);
    }
    expect(desk.shifts.status().expected).toEqual({ usdCents: 30_000, madCents: 200_000, perDiemCount: 2, perDiemCents: 20_000 });
    const closed = desk.shifts.close(
      { countedUsdCents: 30_000, countedMadCents: 200_000, expectedUsdCents: 30_000, expectedMadCents: 200_000 },
      steps.supervisor,
    );
    expect(closed).toMatchObject({
      ok: true,
      value: { closing: { expectedUsdCents: 30_000, varianceUsdCents: 0, varianceMadCents: 0, reason: null, perDiemCount: 2 } },
    });
    expect(desk.shifts.status().shift).toBeNull();
  });

  it('refuses a closing with a variance and no reason, then records it with the reason', async () => {
    const { desk, steps } = await supervisorPost();
    const pv = pvFor('SEN', 'Fall', 'Awa');
    steps.importPvs([pv]);
    desk.shifts.open({ openingUsdCents: 20_000, openingMadCents: 0 }, steps.supervisor);
    steps.depart(pv);
    expect(
      desk.shifts.close({ countedUsdCents: 9_000, countedMadCents: 0, expectedUsdCents: 10_000, expectedMadCents: 0 }, steps.supervisor),
    ).toMatchObject({
      ok: false,
      error: { code: 'badInput', message: 'shift.reasonRequired', params: { varianceUsdCents: -1_000 } },
    });
    expect(desk.shifts.status().shift).not.toBeNull();
    const closed = desk.shifts.close(
      { countedUsdCents: 9_000, countedMadCents: 0, expectedUsdCents: 10_000, expectedMadCents: 0, reason: 'Billet de 10 USD manquant' },
      steps.supervisor,
    );
    expect(closed).toMatchObject({
      ok: true,
      value: {
        closing: { expectedUsdCents: 10_000, countedUsdCents: 9_000, varianceUsdCents: -1_000, reason: 'Billet de 10 USD manquant' },
      },
    });
  });

  it('leaves a voided payment out of the expected cash', async () => {
    const { desk, steps } = await supervisorPost();
    const pv = pvFor('MLI', 'Keita', 'Moussa');
    steps.importPvs([pv]);
    desk.shifts.open({ openingUsdCents: 20_000, openingMadCents: 0 }, steps.supervisor);
    const { escortPassageId, paymentId } = steps.depart(pv);
    steps.voidPerDiem(escortPassageId, paymentId, 'Saisi sur le mauvais dossier');
    expect(desk.shifts.status().expected).toMatchObject({ usdCents: 20_000, perDiemCount: 0 });
  });

  it('previews the closing it would record, and refuses a close whose confirmed figure is no longer true', async () => {
    const { desk, steps, clock } = await supervisorPost();
    const [first, second] = [pvFor('GIN', 'Camara', 'Ibrahima'), pvFor('CIV', 'Kouassi', 'Yao')];
    steps.importPvs([first, second]);
    desk.shifts.open({ openingUsdCents: 100_000, openingMadCents: 0 }, steps.supervisor);
    steps.depart(first);
    const preview = desk.shifts.preview({ countedUsdCents: 85_000, countedMadCents: 0 });
    expect(preview).toEqual({
      ok: true,
      value: {
        expectedUsdCents: 90_000,
        expectedMadCents: 0,
        perDiemCount: 1,
        perDiemCents: 10_000,
        countedUsdCents: 85_000,
        countedMadCents: 0,
        varianceUsdCents: -5_000,
        varianceMadCents: 0,
      },
    });
    // Another desk pays a per diem between the preview and the confirmation.
    clock.advance(60_000);
    steps.depart(second);
    const stale = desk.shifts.close(
      { countedUsdCents: 85_000, countedMadCents: 0, reason: 'Écart constaté', expectedUsdCents: 90_000, expectedMadCents: 0 },
      steps.supervisor,
    );
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'shift.expectedChanged', params: { expectedUsdCents: 80_000, varianceUsdCents: 5_000 } },
    });
    expect(desk.shifts.status().shift).not.toBeNull();
    const closed = desk.shifts.close(
      { countedUsdCents: 85_000, countedMadCents: 0, reason: 'Écart constaté', expectedUsdCents: 80_000, expectedMadCents: 0 },
      steps.supervisor,
    );
    expect(closed).toMatchObject({ ok: true, value: { closing: { expectedUsdCents: 80_000, varianceUsdCents: 5_000, perDiemCount: 2 } } });
  });

  it('announces a change of the expected cash when a per diem is paid or voided, after the write', async () => {
    const { desk, steps, services } = await supervisorPost();
    const pv = pvFor('MLI', 'Keita', 'Moussa');
    steps.importPvs([pv]);
    desk.shifts.open({ openingUsdCents: 20_000, openingMadCents: 0 }, steps.supervisor);
    const seen: { cause: string; usd: number | undefined }[] = [];
    services.bus.subscribe((key, payload) => {
      if (key === 'shift.cashChanged')
        seen.push({ cause: (payload as { cause: string }).cause, usd: desk.shifts.status().expected?.usdCents });
    });
    const { escortPassageId, paymentId } = steps.depart(pv);
    await vi.waitFor(() => expect(seen).toEqual([{ cause: 'perDiemPaid', usd: 10_000 }]));
    steps.voidPerDiem(escortPassageId, paymentId, 'Saisi sur le mauvais dossier');
    await vi.waitFor(() =>
      expect(seen).toEqual([
        { cause: 'perDiemPaid', usd: 10_000 },
        { cause: 'perDiemVoided', usd: 20_000 },
      ]),
    );
  });

  it('keeps one open shift per post and refuses closing when none is open', async () => {
    const { desk, steps } = await supervisorPost();
    expect(
      desk.shifts.close({ countedUsdCents: 0, countedMadCents: 0, expectedUsdCents: 0, expectedMadCents: 0 }, steps.supervisor),
    ).toMatchObject({
      ok: false,
      error: { code: 'notFound' },
    });
    expect(desk.shifts.open({ openingUsdCents: 0, openingMadCents: 0 }, steps.supervisor).ok).toBe(true);
    expect(desk.shifts.open({ openingUsdCents: 0, openingMadCents: 0 }, steps.supervisor)).toMatchObject({
      ok: false,
      error: { code: 'alreadyDone', message: 'shift.alreadyOpen' },
    });
  });

  it('hands over to another supervisor, whose shift takes over the hand-over', async () => {
    const { desk, steps, services, clock } = await supervisorPost();
    services.db
      .prepare(
        "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('sup2', 'nuit', 'Superviseure de nuit', 'supervisor', 'x', 0)",
      )
      .run();
    const first = desk.shifts.open({ openingUsdCents: 10_000, openingMadCents: 5_000 }, steps.supervisor);
    expect(
      desk.shifts.handOver(
        {
          toUserId: steps.supervisor.userId,
          countedUsdCents: 10_000,
          countedMadCents: 5_000,
          expectedUsdCents: 10_000,
          expectedMadCents: 5_000,
        },
        steps.supervisor,
      ),
    ).toMatchObject({ ok: false, error: { message: 'shift.handOverToSelf' } });
    expect(
      desk.shifts.handOver(
        {
          toUserId: userId(services, 'officier'),
          countedUsdCents: 10_000,
          countedMadCents: 5_000,
          expectedUsdCents: 10_000,
          expectedMadCents: 5_000,
        },
        steps.supervisor,
      ),
    ).toMatchObject({ ok: false, error: { message: 'shift.handOverNotSupervisor' } });
    const handed = desk.shifts.handOver(
      { toUserId: 'sup2', countedUsdCents: 10_000, countedMadCents: 5_000, expectedUsdCents: 10_000, expectedMadCents: 5_000, note: 'RAS' },
      steps.supervisor,
    );
    expect(handed).toMatchObject({
      ok: true,
      value: { handOver: { toUserId: 'sup2', toUserName: 'Superviseure de nuit', note: 'RAS' }, closing: { varianceUsdCents: 0 } },
    });
    expect(desk.shifts.status().pendingHandOver).toMatchObject({
      toUserName: 'Superviseure de nuit',
      countedUsdCents: 10_000,
      countedMadCents: 5_000,
    });
    clock.advance(60_000);
    const next = desk.shifts.open({ openingUsdCents: 10_000, openingMadCents: 5_000 }, { userId: 'sup2', role: 'supervisor' });
    expect(next).toMatchObject({ ok: true, value: { handOverFromShiftId: first.ok ? first.value.id : 'x', openedBy: { id: 'sup2' } } });
    expect(desk.shifts.status().pendingHandOver).toBeNull();
    const actions = services.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'shift.%' ORDER BY seq")
      .all()
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['shift.opened', 'shift.closed', 'shift.opened']);
    expect(services.audit.verify().ok).toBe(true);
  });

  it('lets only the supervisor a hand-over is addressed to take it over', async () => {
    const { desk, steps, services } = await supervisorPost();
    for (const [id, username] of [
      ['sup2', 'nuit'],
      ['sup3', 'autre'],
    ]) {
      services.db
        .prepare("INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES (?, ?, ?, 'supervisor', 'x', 0)")
        .run(id, username, username);
    }
    desk.shifts.open({ openingUsdCents: 10_000, openingMadCents: 0 }, steps.supervisor);
    expect(desk.shifts.handOver({ toUserId: 'sup2', countedUsdCents: 10_000, countedMadCents: 0 }, steps.supervisor).ok).toBe(true);
    for (const actor of [{ userId: 'sup3', role: 'supervisor' as const }, steps.supervisor]) {
      expect(desk.shifts.open({ openingUsdCents: 10_000, openingMadCents: 0 }, actor)).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'shift.handOverForAnother' },
      });
    }
    expect(desk.shifts.status().pendingHandOver).toMatchObject({ toUserName: 'nuit' });
    expect(desk.shifts.open({ openingUsdCents: 10_000, openingMadCents: 0 }, { userId: 'sup2', role: 'supervisor' }).ok).toBe(true);
  });

  it('is reached through the dispatcher by supervisors only', async () => {
    const { services } = await supervisorPost();
    for (const [client, username, pin] of [
      ['sup', 'superviseur', '3456'],
      ['off', 'officier', '1234'],
    ] as const) {
      expect((await createIpc(services).dispatch('auth.login', { username, pin }, client)).ok).toBe(true);
    }
    expect(await createIpc(services).dispatch('shift.open', { openingUsdCents: 100, openingMadCents: 0 }, 'off')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await createIpc(services).dispatch('shift.open', { openingUsdCents: -1, openingMadCents: 0 }, 'sup')).toMatchObject({
      ok: false,
      error: { code: 'badInput' },
    });
    expect(await createIpc(services).dispatch('shift.open', { openingUsdCents: 100, openingMadCents: 0, extra: 1 }, 'sup')).toMatchObject({
      ok: false,
      error: { code: 'badInput' },
    });
    expect(await createIpc(services).dispatch('shift.open', { openingUsdCents: 100, openingMadCents: 0 }, 'sup')).toMatchObject({
      ok: true,
      value: { openingUsdCents: 100 },
    });
    expect(await createIpc(services).dispatch('shift.current', {}, 'sup')).toMatchObject({
      ok: true,
      value: { shift: { openingUsdCents: 100 }, expected: { usdCents: 100 } },
    });
  });

  it('refuses a NUL or another control character in a closing reason or a note with a clear error, writing nothing', async () => {
    const { services } = await supervisorPost();
    expect((await createIpc(services).dispatch('auth.login', { username: 'superviseur', pin: '3456' }, 'sup')).ok).toBe(true);
    expect((await createIpc(services).dispatch('shift.open', { openingUsdCents: 100, openingMadCents: 0 }, 'sup')).ok).toBe(true);
    for (const bad of ['écart\u0000caisse', 'écart\u0007caisse', 'écart\u001bcaisse', 'écart\u0085caisse', 'écart\u007fcaisse']) {
      expect(
        await createIpc(services).dispatch('shift.close', { countedUsdCents: 90, countedMadCents: 0, reason: bad }, 'sup'),
        JSON.stringify(bad),
      ).toEqual({ ok: false, error: { code: 'badInput', message: 'controlCharacters', params: { field: 'reason' } } });
      expect(await createIpc(services).dispatch('shift.open', { openingUsdCents: 1, openingMadCents: 0, note: bad }, 'sup')).toMatchObject({
        ok: false,
        error: { code: 'badInput', message: 'controlCharacters', params: { field: 'note' } },
      });
    }
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM shift_closings').get()).toEqual({ n: 0 });
    // line breaks and tabs are ordinary text in a reason
    expect(
      await createIpc(services).dispatch('shift.close', { countedUsdCents: 90, countedMadCents: 0, reason: 'écart\n\tcaisse' }, 'sup'),
    ).toMatchObject({ ok: true });
  });
});
