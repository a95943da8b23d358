import { describe, expect, it } from 'vitest';
import { openDatabase } from '../connection';
import { createAuditRepository } from './audit-repository';

const device = { deviceId: 'dev-1', postCode: 'CMN' };
const entry = (i: number) => ({
  id: `id-${i}`,
  at: 1000 + i,
  actorId: 'u1',
  actorRole: 'officer',
  action: 'test.done',
  subject: `s${i}`,
  details: { i, b: 'x' },
});

function seeded(n: number) {
  const db = openDatabase(':memory:');
  const audit = createAuditRepository(db);
  db.transaction(() => {
    for (let i = 1; i <= n; i++) audit.append(entry(i), device);
  })();
  return { db, audit };
}

describe('audit repository', () => {
  it('chains records and queues each for the centre', () => {
    const { db, audit } = seeded(5);
    const rows = audit.range(1, 5);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(audit.verify()).toEqual({ ok: true, count: 5, head: rows[4]?.hash });
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 5 });
  });

  it('refuses to append outside a transaction', () => {
    const db = openDatabase(':memory:');
    expect(() => createAuditRepository(db).append(entry(1), device)).toThrow(/inside a transaction/);
  });

  it('reports the first row whose content was altered', () => {
    const { db, audit } = seeded(6);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET details = '{"b":"x","i":99}' WHERE seq = 4`).run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'hash' });
  });

  it('reports a removed row as a broken link', () => {
    const { db, audit } = seeded(6);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM outbox WHERE audit_seq = 3').run();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(audit.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'seq' });
  });

  it('rolls back the record with the caller when the caller fails', () => {
    const { db, audit } = seeded(2);
    expect(() =>
      db.transaction(() => {
        audit.append(entry(3), device);
        throw new Error('fact refused');
      })(),
    ).toThrow('fact refused');
    expect(audit.head().seq).toBe(2);
    expect(audit.verify().ok).toBe(true);
  });
});
