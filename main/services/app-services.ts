import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, PostStatus } from '../../core/ipc/contract';
import type { Db } from '../db/connection';
import { PRIVATE_DIR_MODE, openDatabase } from '../db/connection';
import type { KeyProtection, SecretProtector } from './secret-store';
import { fileProtector, loadOrCreateDatabaseKey } from './secret-store';
import type { AuditRepository } from '../db/repositories/audit-repository';
import { createAuditRepository } from '../db/repositories/audit-repository';
import type { DepartureRepository } from '../db/repositories/departure-repository';
import { createDepartureRepository } from '../db/repositories/departure-repository';
import { createLoginAttemptRepository } from '../db/repositories/login-attempt-repository';
import { createSessionRepository } from '../db/repositories/session-repository';
import { createRetentionRepository } from '../db/repositories/retention-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import type { UserRepository } from '../db/repositories/user-repository';
import { createUserRepository } from '../db/repositories/user-repository';
import type { AuthService } from './auth-service';
import { createAuthService } from './auth-service';
import { meetsMinimum } from '../../core/auth/pin-policy';
import type { PinHasher } from './pin-hash';
import { createPinHasher } from './pin-hash';
import { ProductionRefusal, productionProblem } from './production-guard';
import type { DepartureService } from './departure-service';
import { createDepartureService } from './departure-service';
import { createDepartureSettings } from './departure-settings';
import type { PassageService } from './passage-service';
import { createPassageService } from './passage-service';
import { createReceiptRepository } from '../db/repositories/receipt-repository';
import type { ReceiptPrinter, ReceiptService } from './receipt-service';
import { createReceiptService, createReceiptSettings } from './receipt-service';
import { createFlightRepository } from '../db/repositories/flight-repository';
import type { FlightService } from './flight-service';
import { createFlightService } from './flight-service';
import type { ScannerBackends, ScannerService } from './scanner-service';
import { createScannerService } from './scanner-service';
import type { SyncConfig, SyncService } from './sync-service';
import { createRetentionService } from './retention-service';
import type { RetentionService } from './retention-service';
import { createSyncService } from './sync-service';
import type { SetupService } from './setup-service';
import { createSetupService } from './setup-service';
import { createNodeHidBackend } from '../../native/hid-pos/hid-backend';
import { createSerialportBackend } from '../../native/serial/serial-backend';
import type { SupervisorDesk } from './supervisor-desk';
import { createSupervisorDesk } from './supervisor-desk';
import type { DbMaintenance, DbMaintenanceOptions, Ticker } from './db-maintenance';
import { createDbMaintenance } from './db-maintenance';
import { createWalRepository } from '../db/repositories/wal-repository';
import type { EventBus } from './event-bus';
import { createEventBus } from './event-bus';
import type { PostContext } from './post-context';
import { DEFAULT_IDLE_TIMEOUT_MS, IDLE_TIMEOUT_SETTING, readPostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { createConsoleLogger, systemClock } from './runtime';

export interface AppServicesOptions {
  /** Folder for the post database; `':memory:'` keeps everything in memory (tests). */
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * Fills an empty database before the services start (the demo seed of main/demo, in the demo
   * shells and the tests). Absent in production: a post gets its data by enrolling with its centre.
   */
  seed?: Seeder | null;
  /**
   * A packaged post: refuse to start on demo data (the demo flag, or trust in the public demo PV
   * signing key) with a message that says what to do.
   */
  refuseDemo?: boolean;
  /** Overrides the post's idle timeout (tests, kiosk setups). */
  idleTimeoutMs?: number;
  /** The centre to sync with; null or absent: not configured (the post works alone). */
  sync?: SyncConfig | null;
  /** Device backends (node-hid, serialport by default; fakes in tests). */
  scannerBackends?: ScannerBackends;
  /**
   * PIN hasher with the policy's parameters by default. Tests pass a fast one; the Electron shell
   * passes none and refuses one below the policy, so a production post never hashes cheaply.
   */
  pinHasher?: PinHasher;
  /**
   * Seals the database key and the private keys kept in settings: Electron's safeStorage in the
   * app (main/app/safe-storage.ts); by default a key file protected by its 0600 mode (browser mode).
   */
  secretProtector?: SecretProtector;
  /** Silent printing of receipts to the post's printer (Electron only: main/app). */
  receiptPrinter?: ReceiptPrinter;
  /** WAL checkpoint timing (main/services/db-maintenance.ts); tests pass a ticker they fire by hand. */
  dbMaintenance?: Partial<DbMaintenanceOptions> & { ticker?: Ticker };
}

/** What a seeder may write to: the repositories of an empty post database. */
export interface SeedDeps {
  db: Db;
  users: UserRepository;
  settings: SettingsRepository;
  clock: Clock;
  departures: DepartureRepository;
  hasher: PinHasher;
}
/** Fills an empty post database; answers whether it wrote anything. */
export type Seeder = (deps: SeedDeps) => Promise<boolean>;

export interface AppServices {
  /** Pseudonymisation of completed, synced departures after the retention period. */
  retention: RetentionService;
  db: Db;
  /** WAL checkpoints off the scan path; IPC commands and events tell it the desks are busy. */
  dbMaintenance: DbMaintenance;
  post: PostContext;
  auth: AuthService;
  audit: AuditRepository;
  departures: DepartureService;
  receipts: ReceiptService;
  flights: FlightService;
  scanners: ScannerService;
  passages: PassageService;
  sync: SyncService;
  /** First run: enrolment from the setup screen and the first pull's progress. */
  setup: SetupService;
  supervisor: SupervisorDesk;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  info: { version: string; mode: AppInfo['mode']; timeZone: () => string; keyProtection: KeyProtection };
  /**
   * Read from the settings on each call: enrolment configures the post while the app runs. The
   * post is configured once it has its code, its settings, a user and the trusted PV keys.
   */
  postStatus(): PostStatus;
  close(): Promise<void>;
}

/** Audit actions that change what a flight board shows. */
const FLIGHT_BOARD_ACTIONS: ReadonlySet<string> = new Set([
  'passage.verified',
  'passage.openedByHand',
  'checkin.confirmed',
  'exchange.confirmed',
  'perDiem.paid',
  'stamp.recorded',
  'referral.settled',
  'record.voided',
  'flight.noShow',
  'flight.noShowCleared',
  'flight.closed',
  'flight.reopened',
  'flight.departureSet',
  'pvs.imported',
]);

/** Audit actions that can add a passage to the referral queue or take one out of it. */
const REFERRAL_QUEUE_ACTIONS: ReadonlySet<string> = new Set(['passage.verified', 'referral.settled', 'record.voided']);

/** The composition root shared by the Electron app and the browser harness. */
export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createConsoleLogger();
  const hasher = options.pinHasher ?? createPinHasher();
  if (options.mode === 'electron' && !meetsMinimum(hasher.params)) {
    throw new Error('the PIN hasher is weaker than the PIN policy: refused in the Electron app');
  }
  const secrets = options.secretProtector ?? fileProtector;
  let file = ':memory:';
  let key: Buffer | null = null;
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    chmodSync(options.dataDir, PRIVATE_DIR_MODE);
    file = join(options.dataDir, 'rva-depart.sqlite');
    key = loadOrCreateDatabaseKey(options.dataDir, secrets);
  }
  const db = openDatabase(file, { key });
  const keyProtection: KeyProtection = key ? secrets.protection : 'memory';
  const settings = createSettingsRepository(db);
  const users = createUserRepository(db);
  const audit = createAuditRepository(db);
  const departureRepo = createDepartureRepository(db);
  if (options.seed) await options.seed({ db, users, settings, clock, departures: departureRepo, hasher });
  if (options.refuseDemo) {
    const problem = productionProblem(settings);
    if (problem) {
      db.close();
      throw new ProductionRefusal(problem);
    }
  }
  const { ticker, ...maintenanceOptions } = options.dbMaintenance ?? {};
  const dbMaintenance = createDbMaintenance({ wal: createWalRepository(db), clock, logger, ticker, options: maintenanceOptions });
  dbMaintenance.start();
  const post = readPostContext(settings, clock.now());
  const bus = createEventBus();
  // Any event (a device scan, a recorded fact, a sync round) means the desks are not idle.
  bus.subscribe(() => dbMaintenance.touch());
  const idleTimeoutMs = () => options.idleTimeoutMs ?? (Number(settings.get(IDLE_TIMEOUT_SETTING)) || DEFAULT_IDLE_TIMEOUT_MS);
  const auth = createAuthService({
    db,
    users,
    attempts: createLoginAttemptRepository(db),
    sessions: createSessionRepository(db),
    audit,
    hasher,
    clock,
    logger,
    post,
    idleTimeoutMs,
    onSessionEnded: (clientId, reason) => bus.emit('session.ended', { reason }, clientId),
  });
  auth.endStaleSessions();
  const departures = createDepartureService({
    db,
    repo: departureRepo,
    audit,
    clock,
    logger,
    post,
    settings: createDepartureSettings(settings),
    onSettled: (event) => bus.emit('referral.settled', event),
  });
  const passages = createPassageService({
    departures,
    logger,
    actorOf: (clientId) => {
      const caller = auth.resolve(clientId);
      return caller.ok ? { userId: caller.value.userId, role: caller.value.role } : null;
    },
    publish: (clientId, update) => bus.emit('passage.updated', update, clientId),
  });
  // Device readers' scans go straight into the desks' passages (the desks still hear the raw scan).
  bus.subscribe((key, payload) => {
    if (key !== 'scanner.scanned') return;
    const scan = payload as { source: string; raw: string };
    passages.deviceScan({ source: scan.source, raw: scan.raw });
  });
  const receipts = createReceiptService({
    db,
    departures: departureRepo,
    receipts: createReceiptRepository(db),
    audit,
    clock,
    logger,
    post,
    settings: createReceiptSettings(settings),
    printer: options.receiptPrinter,
  });
  const sync = createSyncService(options.sync ?? null, {
    db,
    clock,
    logger,
    post,
    settings,
    users,
    departures: departureRepo,
    appVersion: options.version,
    onStatus: (status) => bus.emit('sync.statusChanged', status),
  });
  const setup = createSetupService({ db, audit, post, settings, users, departures: departureRepo, sync, clock, logger });
  const supervisor = createSupervisorDesk({ db, audit, post, clock, logger, settings, bus, secrets });
  const flights = createFlightService({
    db,
    repo: createFlightRepository(db),
    audit,
    clock,
    logger,
    post,
    timeZone: () => createDepartureSettings(settings).timeZone(),
  });
  // The flight boards of every desk follow what any desk records (announced once it has committed).
  audit.onAppended((record) => {
    if (!FLIGHT_BOARD_ACTIONS.has(record.action)) return;
    const details = record.details as { pvNumber?: unknown } | null;
    const pvNumber = typeof details?.pvNumber === 'string' ? details.pvNumber : null;
    queueMicrotask(() => bus.emit('flights.changed', { pvNumber, action: record.action }));
  });
  // The referral queues and badges of every desk follow the same records.
  audit.onAppended((record) => {
    if (REFERRAL_QUEUE_ACTIONS.has(record.action)) queueMicrotask(() => bus.emit('referrals.changed', { action: record.action }));
  });
  const scanners = createScannerService({
    settings,
    bus,
    logger,
    backends: options.scannerBackends ?? { hid: () => createNodeHidBackend(), serial: () => createSerialportBackend() },
  });
  const retention = createRetentionService({ db, repo: createRetentionRepository(db), audit, post, settings, clock, logger });
  retention.start();
  await scanners.start();
  await sync.start();
  logger.info('app.started', { mode: options.mode, post: post.post.code, keyProtection });
  return {
    db,
    dbMaintenance,
    post,
    auth,
    audit,
    departures,
    passages,
    receipts,
    flights,
    scanners,
    sync,
    setup,
    supervisor,
    retention,
    bus,
    clock,
    logger,
    info: { version: options.version, mode: options.mode, timeZone: () => createDepartureSettings(settings).timeZone(), keyProtection },
    postStatus: () => ({
      configured: setup.ready(),
      demo: settings.get('demo') === '1',
    }),
    async close() {
      retention.stop();
      await sync.stop();
      await scanners.stop();
      dbMaintenance.stop();
      db.close();
    },
  };
}
