import type { Migration } from '../migration';
import { m0001Base } from './0001_base';
import { m0002Departures } from './0002_departures';
import { m0003Sync } from './0003_sync';
import { m0004Shifts } from './0004_shifts';
import { m0005Auth } from './0005_auth';
import { m0006CentreTrust } from './0006_centre_trust';
import { m0007PassageState } from './0007_passage_state';
import { m0008Flights } from './0008_flights';
import { m0009Retention } from './0009_retention';
import { m0010FlightReopen } from './0010_flight_reopen';
import { m0011CentreRotation } from './0011_centre_rotation';
import { m0012OpenPassages } from './0012_open_passages';
import { m0013RetentionExpiry } from './0013_retention_expiry';

/** Every migration, in order. Add new ones at the end; never edit a released one. */
export const migrations: readonly Migration[] = [
  m0001Base,
  m0002Departures,
  m0003Sync,
  m0004Shifts,
  m0005Auth,
  m0006CentreTrust,
  m0007PassageState,
  m0008Flights,
  m0009Retention,
  m0010FlightReopen,
  m0011CentreRotation,
  m0012OpenPassages,
  m0013RetentionExpiry,
];
