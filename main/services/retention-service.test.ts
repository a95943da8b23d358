import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TINY_SIGNATURE_PNG } from '../testing/passage-fixtures';
import { pvFor, supervisorPost } from '../demo/supervisor-fixtures';
import { createReceiptRepository } from '../db/repositories/receipt-repository';
import { createDepartureRepository } from '../db/repositories/departure-repository';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { DEFAULT_RETENTION_DAYS, retentionDays } from './retention-service';
import { applyCentralSettings } from './sync-service';

const DAY = 86_400_000;

/** Every text and blob of every table (the audit chain too), as one string to search. */
function everything(db: Awaited<ReturnType<typeof supervisorPost>>['services']['db']): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables
    .flatMap(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
    .map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)))
    .join('\n');
}

type Services = Awaited<ReturnType<typeof supervisorPost>>['services'];

/** The centre acknowledges every record in the outbox. */
function acknowledgeAll(services: Services): void {
  for (const r of services.db.prepare('SELECT audit_seq AS seq FROM outbox').all() as { seq: number }[]) services.audit.acknowledge(r.seq);
}

/** The one `retention.pseudonymised` record of the chain, its details parsed. */
function retentionRecord(services: Services): { subject: string; details: Record<string, unknown> } {
  const row = services.db.prepare("SELECT subject, details FROM audit_log WHERE action = 'retention.pseudonymised'").get() as {
    subject: string;
    details: string;
  };
  return { subject: row.subject, details: JSON.parse(row.details) as Record<string, unknown> };
}

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

  it('pseudonymises the scans, the boarding pass of the check-in and the per diem signature too, once each, and says so in the chain', async () => {
    const { services, steps, clock } = await supervisorPost();
    const pv = pvFor('GIN', 'Tshibanda', 'Ngalula', {});
    const withPnr = { ...pv, ticket: { ...pv.ticket, pnr: 'QW7RTY' } } as typeof pv;
    steps.importPvs([withPnr]);
    const { escortPassageId, paymentId } = steps.depart(withPnr);
    const checkedIn = services.departures.confirmCheckin({ passageId: escortPassageId, bagCount: 1 }, steps.escort);
    expect(checkedIn.ok).toBe(true);
    // a later scan of the same person (already departed), within the retention period
    clock.advance(20 * DAY);
    const later = steps.verify(withPnr);
    services.departures.close(later.passageId);
    for (const r of services.db.prepare('SELECT audit_seq AS seq FROM outbox').all() as { seq: number }[])
      services.audit.acknowledge(r.seq);
    const personal = ['TSHIBANDA', 'NGALULA', 'QW7RTY', withPnr.travelDocument.number];
    for (const value of personal) expect(everything(services.db).toUpperCase()).toContain(value);
    const receipts = createReceiptRepository(services.db);
    expect(receipts.perDiemSignature(paymentId)?.length).toBeGreaterThan(60);

    clock.advance(11 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });

    const passages = services.db
      .prepare('SELECT id, scans, rules, pseudonymised_at AS at FROM passages WHERE pv_number = ? ORDER BY at')
      .all(withPnr.pvNumber) as { id: string; scans: string; rules: string; at: number | null }[];
    expect(passages.filter((p) => p.at !== null).map((p) => p.id)).not.toContain(later.passageId);
    expect(passages.filter((p) => p.at !== null)).toHaveLength(2);
    for (const p of passages.filter((x) => x.at !== null)) {
      expect(JSON.parse(p.scans)).toMatchObject({ pseudonymised: true, document: { surname: 'PSEUDONYME', nationality: 'GIN' } });
      for (const value of personal) expect(`${p.scans}${p.rules}`.toUpperCase()).not.toContain(value);
    }
    const checkin = services.db
      .prepare('SELECT boarding_pass AS bp, bag_count AS bags FROM checkins WHERE pv_number = ?')
      .get(withPnr.pvNumber) as {
      bp: string;
      bags: number;
    };
    expect(checkin.bags).toBe(1);
    expect(JSON.parse(checkin.bp)).toMatchObject({ pseudonymised: true, legs: [{ carrier: 'AT', flightNumber: '535', from: 'CMN' }] });
    for (const value of personal) expect(checkin.bp.toUpperCase()).not.toContain(value);
    const payment = services.db
      .prepare('SELECT length(signature_png) AS bytes, amount_cents AS cents FROM per_diem_payments WHERE id = ?')
      .get(paymentId);
    expect(payment).toEqual({ bytes: 0, cents: 10_000 });
    expect(receipts.perDiemSignature(paymentId)).toBeNull();

    // the chain verifies and records what was done, with the hash of the signature that was erased
    expect(services.audit.verify().ok).toBe(true);
    const record = services.db.prepare("SELECT subject, details FROM audit_log WHERE action = 'retention.pseudonymised'").all() as {
      subject: string;
      details: string;
    }[];
    expect(record).toHaveLength(1);
    expect(record[0]?.subject).toBe(withPnr.pvNumber);
    expect(JSON.parse(record[0]?.details ?? '{}')).toMatchObject({
      passages: 2,
      checkins: 1,
      perDiem: [{ id: paymentId, signatureSha256: createHash('sha256').update(Buffer.from(TINY_SIGNATURE_PNG, 'base64')).digest('hex') }],
    });

    // the passage still opens; the later one keeps its fields until its own period is over
    const view = services.departures.view(escortPassageId, steps.supervisor);
    expect(view.ok && view.value.document?.surname).toBe('PSEUDONYME');
    expect(JSON.stringify(services.db.prepare('SELECT scans FROM passages WHERE id = ?').get(later.passageId))).toContain('TSHIBANDA');
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    for (const r of services.db.prepare('SELECT audit_seq AS seq FROM outbox').all() as { seq: number }[])
      services.audit.acknowledge(r.seq);
    clock.advance(20 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });
    for (const value of personal) expect(everything(services.db).toUpperCase()).not.toContain(value);
    expect(services.audit.verify().ok).toBe(true);
  });

  it('pseudonymises a passage with no PV once the centre has it and the period has passed', async () => {
    const { services, steps, clock } = await supervisorPost();
    // A document and boarding pass the post has no PV for: a passage is recorded, with a PV for nobody.
    const stranger = pvFor('MLI', 'Tchakounte', 'Wendpanga');
    const seen = steps.verify(stranger);
    services.departures.close(seen.passageId);
    const row = () =>
      services.db.prepare('SELECT pv_number AS pv, scans, pseudonymised_at AS at FROM passages WHERE id = ?').get(seen.passageId) as {
        pv: string | null;
        scans: string;
        at: number | null;
      };
    expect(row().pv).toBeNull();
    expect(row().scans.toUpperCase()).toContain('TCHAKOUNTE');
    clock.advance(31 * DAY);
    // not yet at the centre: kept
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    acknowledgeAll(services);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    expect(row().at).toBe(clock.now());
    expect(JSON.parse(row().scans)).toMatchObject({ pseudonymised: true });
    for (const value of ['TCHAKOUNTE', 'WENDPANGA', stranger.travelDocument.number])
      expect(everything(services.db).toUpperCase()).not.toContain(value);
    const record = retentionRecord(services);
    expect(record.subject).toBe(seen.passageId);
    expect(record.details).toMatchObject({ pv: false, passages: 1, checkins: 0, perDiem: [] });
    expect(services.audit.verify().ok).toBe(true);
  });

  it('pseudonymises a PV that never departed once its validity has ended and the period has passed', async () => {
    const { services, steps, clock } = await supervisorPost();
    const repo = createDepartureRepository(services.db);
    const pv = pvFor('SEN', 'Gnassingbe', 'Yendoube');
    steps.importPvs([pv]);
    const seen = steps.verify(pv);
    services.departures.close(seen.passageId);
    acknowledgeAll(services);
    // Still valid, then expired for less than the period: the PV may yet be used, or re-scheduled.
    clock.advance(pv.validUntil - clock.now());
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    clock.advance(29 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    expect(repo.findPv(pv.pvNumber)?.beneficiary.surname).toBe('Gnassingbe');
    clock.advance(2 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 1 });
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    expect(repo.findPv(pv.pvNumber)?.beneficiary).toMatchObject({ surname: 'PSEUDONYME', nationality: 'SEN' });
    expect(repo.findPvByDocument(pv.travelDocument.number, 'SEN')).toBeNull();
    for (const value of ['GNASSINGBE', 'YENDOUBE', pv.travelDocument.number])
      expect(everything(services.db).toUpperCase()).not.toContain(value);
    const record = retentionRecord(services);
    expect(record.subject).toBe(pv.pvNumber);
    expect(record.details).toMatchObject({ pv: true, expired: true, passages: 1 });
    expect(services.audit.verify().ok).toBe(true);
  });

  it('keeps an expired PV whose records the centre does not have yet', async () => {
    const { services, steps, clock } = await supervisorPost();
    const repo = createDepartureRepository(services.db);
    const pv = pvFor('GIN', 'Sylla', 'Aminata');
    steps.importPvs([pv]);
    services.departures.close(steps.verify(pv).passageId);
    clock.advance(pv.validUntil - clock.now() + 31 * DAY);
    expect(services.retention.run()).toEqual({ pseudonymised: 0 });
    expect(repo.findPv(pv.pvNumber)?.beneficiary.surname).toBe('Sylla');
  });
});
