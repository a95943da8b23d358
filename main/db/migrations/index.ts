import type { Migration } from '../migration';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';
import { m0003Sync } from './0003_sync';
import { m0004Shifts } from './0004_shifts';
import { m0005Auth } from './0005_auth';
import { m0008PassageState } from './0008_passage_state';

/** Every migration, in order. Add new ones at the end; never edit a released one. */
/**
 * Versions 6 and 7 are taken by work merged separately (sync and server security); until they are
 * in this list, empty steps hold their places. Replace each by the real migration when it lands.
 */
const reserved = (version: number): Migration => ({ version, name: `reserved_${version}`, up() {} });

export const migrations: readonly Migration[] = [
  m0001Base,
  m0002Departures,
  m0003Sync,
  m0004Shifts,
  m0005Auth,
  reserved(6),
  reserved(7),
  m0008PassageState,
];
