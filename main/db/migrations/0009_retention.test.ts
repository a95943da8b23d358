import { describe, expect, it } from 'vitest';
import { openDatabase } from '../connection';

const PSEUDO = JSON.stringify({ pseudonymised: true, document: null, boardingPass: null, summaries: [] });
const PASSAGE_REFUSED = /passages: (a closed passage is not edited|pseudonymised once)/;

function dbWithFacts() {
  const db = openDatabase(':memory:');
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('o1', 'off', 'Off', 'officer', 'h', 0)",
  ).run();
  db.prepare(
    `INSERT INTO pvs (pv_number, revision, status, document_number, nationality, valid_from, valid_until, body, source, updated_at)
     VALUES ('PV1', 1, 'active', 'LP1', 'GIN', 0, 1, '{}', 'import', 0)`,
  ).run();
  const passage = db.prepare(
    `INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, pv_number, pv_source, verdict, rules, scans, status, closed_at, updated_at)
     VALUES (?, 10, 'CMN', 'd', 'o1', 'officer', 'PV1', 'cache', 'ALLOW', '[]', '{"document":{"surname":"DIALLO"}}', 'complete', ?, 10)`,
  );
  passage.run('closed', 20);
  passage.run('open', null);
  db.prepare(
    `INSERT INTO checkins (id, pv_number, generation, bag_count, boarding_pass, actor_id, post_code, at)
     VALUES ('c1', 'PV1', 0, 1, '{"surname":"DIALLO"}', 'o1', 'CMN', 30)`,
  ).run();
  db.prepare(
    `INSERT INTO per_diem_payments (id, pv_number, generation, amount_cents, currency, period, receipt_number, forms_signed, signature_png, actor_id, post_code, device_id, at)
     VALUES ('d1', 'PV1', 0, 10000, 'USD', '2026', 'R1', 1, X'89504E47', 'o1', 'CMN', 'd', 40)`,
  ).run();
  return db;
}

describe('0009_retention: one pseudonymising update of the personal columns, nothing else', () => {
  it('lets a closed passage have its scans and rules pseudonymised once, with the marker', () => {
    const db = dbWithFacts();
    const pseudonymise = db.prepare("UPDATE passages SET scans = ?, rules = '[]', pseudonymised_at = 99 WHERE id = ?");
    pseudonymise.run(PSEUDO, 'closed');
    expect(db.prepare("SELECT scans, pseudonymised_at AS at FROM passages WHERE id = 'closed'").get()).toEqual({ scans: PSEUDO, at: 99 });
    // never a second time, and the marker never moves back
    expect(() => pseudonymise.run(PSEUDO, 'closed')).toThrow(PASSAGE_REFUSED);
    expect(() => db.prepare("UPDATE passages SET pseudonymised_at = NULL WHERE id = 'closed'").run()).toThrow(PASSAGE_REFUSED);
  });

  it('refuses on a passage: an update without the marker, a value not marked, another column, an open passage, a delete', () => {
    const db = dbWithFacts();
    expect(() => db.prepare("UPDATE passages SET scans = ? WHERE id = 'closed'").run(PSEUDO)).toThrow(PASSAGE_REFUSED);
    expect(() => db.prepare("UPDATE passages SET scans = '{\"document\":null}', pseudonymised_at = 1 WHERE id = 'closed'").run()).toThrow(
      PASSAGE_REFUSED,
    );
    expect(() =>
      db.prepare("UPDATE passages SET scans = ?, verdict = 'DENY', pseudonymised_at = 1 WHERE id = 'closed'").run(PSEUDO),
    ).toThrow(PASSAGE_REFUSED);
    expect(() => db.prepare("UPDATE passages SET scans = ?, pseudonymised_at = 1 WHERE id = 'open'").run(PSEUDO)).toThrow(PASSAGE_REFUSED);
    expect(() => db.prepare("DELETE FROM passages WHERE id = 'closed'").run()).toThrow(/append-only/);
    expect(db.prepare("SELECT scans FROM passages WHERE id = 'closed'").get()).toEqual({ scans: '{"document":{"surname":"DIALLO"}}' });
  });

  it('lets a check-in have its boarding pass pseudonymised once, and nothing else', () => {
    const db = dbWithFacts();
    expect(() => db.prepare("UPDATE checkins SET bag_count = 2 WHERE id = 'c1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE checkins SET boarding_pass = '{}', pseudonymised_at = 1 WHERE id = 'c1'").run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare("UPDATE checkins SET boarding_pass = '{\"pseudonymised\":true}', bag_count = 3, pseudonymised_at = 1 WHERE id = 'c1'")
        .run(),
    ).toThrow(/append-only/);
    db.prepare("UPDATE checkins SET boarding_pass = '{\"pseudonymised\":true}', pseudonymised_at = 1 WHERE id = 'c1'").run();
    expect(() =>
      db.prepare('UPDATE checkins SET boarding_pass = \'{"pseudonymised":true,"x":1}\', pseudonymised_at = 2 WHERE id = \'c1\'').run(),
    ).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM checkins WHERE id = 'c1'").run()).toThrow(/append-only/);
  });

  it('lets a per diem payment have its signature emptied once, and nothing else', () => {
    const db = dbWithFacts();
    expect(() => db.prepare("UPDATE per_diem_payments SET amount_cents = 1 WHERE id = 'd1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE per_diem_payments SET signature_png = X'00', pseudonymised_at = 1 WHERE id = 'd1'").run()).toThrow(
      /append-only/,
    );
    expect(() =>
      db.prepare("UPDATE per_diem_payments SET signature_png = X'', receipt_number = 'R2', pseudonymised_at = 1 WHERE id = 'd1'").run(),
    ).toThrow(/append-only/);
    db.prepare("UPDATE per_diem_payments SET signature_png = X'', pseudonymised_at = 1 WHERE id = 'd1'").run();
    expect(db.prepare("SELECT length(signature_png) AS n, amount_cents AS cents FROM per_diem_payments WHERE id = 'd1'").get()).toEqual({
      n: 0,
      cents: 10000,
    });
    expect(() => db.prepare("UPDATE per_diem_payments SET signature_png = X'', pseudonymised_at = 2 WHERE id = 'd1'").run()).toThrow(
      /append-only/,
    );
  });

  it('refuses a row written already marked', () => {
    const db = dbWithFacts();
    expect(() =>
      db
        .prepare(
          `INSERT INTO checkins (id, pv_number, generation, bag_count, boarding_pass, actor_id, post_code, at, pseudonymised_at)
           VALUES ('c2', 'PV1', 1, 1, '{"pseudonymised":true}', 'o1', 'CMN', 30, 31)`,
        )
        .run(),
    ).toThrow(/not written so/);
  });
});
