import { describe, expect, it } from 'vitest';
import { pvFor, supervisorPost } from '../demo/supervisor-fixtures';
import { createDepartureRepository } from '../db/repositories/departure-repository';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { DEFAULT_RETENTION_DAYS, retentionDays } from './retention-service';
import { applyCentralSettings } from './sync-service';

const DAY = 86_400_000;

describe('retention: pseudonymisation of completed, synced departures', () => {
  it('replaces the personal fields after the retention period, once the centre has the records, and keeps the counts', async () => {
    const { services, steps, clock, desk } = await supervisorPost();
    const repo = createDepartureRepository(services.db);
    const synced = pvFor('GIN', 'Diallo', 'Mamadou');
    const unsynced = pvFor('CIV', 'Kone', 'Awa');
    const notDeparted = pvFor('SEN', 'Ndiaye', 'Fatou');
    steps.importPvs([synced, unsynced, notDeparted]);
    steps.depart(synced);
    steps.depart(unsynced);
    steps.verify(notDeparted);
    const ack = (pvNumber: string) => {
      const rows = services.db
        .prepare('SELECT o.audit_seq AS seq FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq WHERE a.subject = ?')
        .all(pvNumber) as { seq: number }[];
      for (const r of rows) services.audit.acknowledge(r.seq);
    };
    ack(synced.pvNumber);
    ack(notDeparted.pvNumber);

    clock.advance(29 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    clock.advance(2 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });

    const done = repo.findPv(synced.pvNumber)!;
    expect(done.beneficiary).toMatchObject({
      surname: 'PSEUDONYME',
      givenNames: '',
      birthDate: `${synced.beneficiary.birthDate.slice(0, 4)}-01-01`,
    });
    expect(done.beneficiary.nationality).toBe('GIN');
    expect(done.travelDocument.number).not.toBe(synced.travelDocument.number);
    expect(JSON.stringify(done)).not.toMatch(/Diallo|Mamadou/);
    // a scan of the real document no longer finds the PV
    expect(repo.findPvByDocument(synced.travelDocument.number, 'GIN')).toBeNull();
    // the others keep their fields: not yet at the centre, or not departed
    expect(repo.findPv(unsynced.pvNumber)?.beneficiary.surname).toBe('Kone');
    expect(repo.findPv(notDeparted.pvNumber)?.beneficiary.surname).toBe('Ndiaye');
    // a later import of the same PV does not bring the fields back
    steps.importPvs([{ ...synced, revision: synced.revision + 1 }]);
    expect(repo.findPv(synced.pvNumber)?.beneficiary.surname).toBe('PSEUDONYME');
    // reports still count the departure, with its nationality
    const day = new Date(clock.now() - 31 * DAY).toISOString().slice(0, 10);
    const report = desk.reports.departures({ from: day, to: day });
    expect(report).toMatchObject({ ok: true, value: { total: 2 } });
    // the audit chain is untouched
    expect(services.audit.verify().ok).toBe(true);
  });

  it('follows the retention period set for the post (by the centre)', async () => {
    const { services, steps, clock } = await supervisorPost();
    const pv = pvFor('GIN', 'Camara', 'Ibrahima');
    steps.importPvs([pv]);
    steps.depart(pv);
    for (const r of services.db.prepare('SELECT audit_seq AS seq FROM outbox').all() as { seq: number }[])
      services.audit.acknowledge(r.seq);
    services.db.prepare("INSERT INTO post_settings (key, value, updated_at) VALUES ('retention.pseudonymiseAfterDays', '90', 0)").run();
    clock.advance(31 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    clock.advance(60 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });
  });

  it('takes the period from the central settings, and the default when none or out of range', async () => {
    const { services } = await supervisorPost();
    const settings = createSettingsRepository(services.db);
    expect(retentionDays(settings)).toBe(DEFAULT_RETENTION_DAYS);
    const perDiem = { amount: 10_000, currency: 'USD', periodDays: 365 };
    applyCentralSettings(settings, { perDiem }, 0);
    expect(retentionDays(settings)).toBe(DEFAULT_RETENTION_DAYS);
    applyCentralSettings(settings, { perDiem, retention: { pseudonymiseAfterDays: 7 } }, 0);
    expect(retentionDays(settings)).toBe(7);
    settings.set('retention.pseudonymiseAfterDays', '0', 0);
    expect(retentionDays(settings)).toBe(DEFAULT_RETENTION_DAYS);
  });
});
