import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { createDepartureRepository } from '../repositories/departure-repository';
import { migrations } from './index';

function db(upTo = migrations.length) {
  const d = new Database(':memory:');
  d.pragma('foreign_keys = ON');
  migrate(d, migrations.slice(0, upTo));
  d.prepare(
    "INSERT INTO users (id, username, display_name, role, pin_hash, created_at) VALUES ('o1', 'off', 'Off', 'officer', 'h', 0)",
  ).run();
  return d;
}

const passage = (d: Database.Database, id: string, updatedAt: number, closedAt: number | null, scans: object) =>
  d
    .prepare(
      `INSERT INTO passages (id, at, post_code, device_id, actor_id, actor_role, pv_number, pv_source, verdict, rules, scans, status, closed_at, updated_at)
       VALUES (?, ?, 'CMN', 'd1', 'o1', 'officer', NULL, NULL, 'REFER', '[]', ?, 'draft', ?, ?)`,
    )
    .run(id, updatedAt, JSON.stringify(scans), closedAt, updatedAt);

const draft = { pending: ['boardingPass'], draft: { scans: [{ source: 'wedge', raw: 'M1X' }] } };

describe('0012_open_passages', () => {
  it('keeps the passages written before it, and finds the open one a user left at a device', () => {
    const d = db(11);
    passage(d, 'closed', 10, 11, draft);
    passage(d, 'open', 20, null, draft);
    passage(d, 'before-drafts', 30, null, { pending: ['boardingPass'] });
    migrate(d, migrations);
    expect(d.prepare('SELECT id FROM passages ORDER BY at').all()).toEqual([{ id: 'closed' }, { id: 'open' }, { id: 'before-drafts' }]);
    const repo = createDepartureRepository(d);
    const find = (q: { since?: number; held?: string[]; deviceId?: string; actorId?: string }) =>
      repo.resumablePassage({ actorId: 'o1', postCode: 'CMN', deviceId: 'd1', since: 0, held: [], ...q })?.id ?? null;
    expect(find({})).toBe('open');
    expect(find({ since: 21 })).toBeNull();
    expect(find({ held: ['open'] })).toBeNull();
    expect(find({ deviceId: 'd2' })).toBeNull();
    expect(find({ actorId: 'o2' })).toBeNull();
  });

  it('looks the open passages up through their own index, not through every passage', () => {
    const d = db();
    const plan = d
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM passages WHERE closed_at IS NULL AND actor_id = 'o1' AND updated_at >= 0
         ORDER BY updated_at DESC LIMIT 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX passages_open_by_actor/);
  });

  it('removes the scans as the desk gave them when a passage closes, and nothing else', () => {
    const d = db();
    passage(d, 'open', 20, null, draft);
    createDepartureRepository(d).closePassage('open', 25);
    const row = d.prepare('SELECT scans, closed_at AS closedAt FROM passages').get() as { scans: string; closedAt: number };
    expect(row.closedAt).toBe(25);
    expect(JSON.parse(row.scans)).toEqual({ pending: ['boardingPass'] });
  });
});
