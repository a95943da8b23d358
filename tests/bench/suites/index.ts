import type { BenchReport } from '../report';
import { barcodesSuite } from './barcodes';
import { dbEncryptionSuite } from './db-encryption';
import { departuresSuite } from './departures';
import { deskTypingSuite } from './desk-typing';
import { devicesSuite } from './devices';
import { documentsSuite } from './documents';
import { exportsSuite } from './exports';
import { flightsSuite } from './flights';
import { mrzOcrSuite } from './mrz-ocr';
import { pvImportSuite } from './pv-import';
import { syncSuite } from './sync';

export interface BenchSuite {
  name: string;
  run(report: BenchReport): Promise<void>;
}

/** One line per suite. */
export const suites: BenchSuite[] = [
  departuresSuite,
  mrzOcrSuite,
  documentsSuite,
  barcodesSuite,
  devicesSuite,
  deskTypingSuite,
  exportsSuite,
  syncSuite,
  pvImportSuite,
  flightsSuite,
  dbEncryptionSuite,
];
