import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';

function db() {
  const d = new Database(':memory:');
  d.pragma('foreign_keys = ON');
  migrate(d, [m0001Base, m0002Departures]);
  d.prepare("INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('u1', 'e', 'E', 'escort', 'h', 0)").run();
  d.prepare(
    "INSERT INTO pvs (pv_number, revision, status, document_number, nationality, valid_from, valid_until, body, source, updated_at) VALUES ('PV1', 1, 'active', 'LP1', 'SEN', 0, 1, '{}', 'import', 0)",
  ).run();
  return d;
}

const pay = (d: Database.Database, id: string, generation: number) =>
  d
    .prepare(
      "INSERT INTO per_diem_payments (id, pv_number, generation, amount_cents, currency, period, receipt_number, forms_signed, signature_png, actor_id, post_code, device_id, at) VALUES (?, 'PV1', ?, 10000, 'USD', 'p', 'r', 1, x'89', 'u1', 'CMN', 'd', 0)",
    )
    .run(id, generation);

describe('0002_departures', () => {
  it('pays a PV once per generation, whatever the caller checked', () => {
    const d = db();
    pay(d, 'a', 0);
    expect(() => pay(d, 'b', 0)).toThrow(/UNIQUE/);
    pay(d, 'c', 1);
  });

  it('refuses a payment in another currency or of no amount', () => {
    const d = db();
    expect(() =>
      d
        .prepare(
          "INSERT INTO per_diem_payments (id, pv_number, generation, amount_cents, currency, period, receipt_number, forms_signed, signature_png, actor_id, post_code, device_id, at) VALUES ('x', 'PV1', 0, 10000, 'EUR', 'p', 'r', 1, x'89', 'u1', 'CMN', 'd', 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      d
        .prepare(
          "INSERT INTO per_diem_payments (id, pv_number, generation, amount_cents, currency, period, receipt_number, forms_signed, signature_png, actor_id, post_code, device_id, at) VALUES ('y', 'PV1', 0, 0, 'USD', 'p', 'r', 1, x'89', 'u1', 'CMN', 'd', 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('keeps facts append-only and voids unique per record', () => {
    const d = db();
    pay(d, 'a', 0);
    expect(() => d.prepare('UPDATE per_diem_payments SET amount_cents = 1').run()).toThrow(/append-only/);
    expect(() => d.prepare('DELETE FROM per_diem_payments').run()).toThrow(/append-only/);
    const voidIt = () =>
      d.prepare("INSERT INTO voids (id, target_kind, target_id, reason, actor_id, at) VALUES (?, 'perDiem', 'a', 'erreur', 'u1', 0)");
    voidIt().run('v1');
    expect(() => voidIt().run('v2')).toThrow(/UNIQUE/);
    expect(() =>
      d.prepare("INSERT INTO voids (id, target_kind, target_id, reason, actor_id, at) VALUES ('v3', 'perDiem', 'zz', 'no', 'u1', 0)").run(),
    ).toThrow(/CHECK/);
  });

  it('refuses a fact for a PV that is not in the cache', () => {
    const d = db();
    expect(() =>
      d
        .prepare(
          "INSERT INTO stamps (id, pv_number, generation, passage_id, stamp_number, actor_id, post_code, device_id, at) VALUES ('s', 'NOPE', 0, 'p', 'n', 'u1', 'CMN', 'd', 0)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
