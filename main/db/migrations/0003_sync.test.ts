import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../connection';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';
import { m0003Sync } from './0003_sync';

describe('0003_sync', () => {
  const db = new Database(':memory:');
  migrate(db, [m0001Base, m0002Departures, m0003Sync]);

  it('starts with one sync state row at cursor 0, not enrolled', () => {
    expect(db.prepare('SELECT id, cursor, device_id FROM sync_state').all()).toEqual([{ id: 1, cursor: '0', device_id: null }]);
  });

  it('keeps a single sync state row', () => {
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK/);
  });

  it('accepts only a decimal cursor (a bigint kept as text)', () => {
    db.prepare("UPDATE sync_state SET cursor = '18446744073709551615'").run();
    expect(() => db.prepare("UPDATE sync_state SET cursor = '-1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE sync_state SET cursor = 'abc'").run()).toThrow(/CHECK/);
  });
});
