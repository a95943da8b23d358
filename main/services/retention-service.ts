import { createHash, randomBytes } from 'node:crypto';
import type { Pv } from '../../core/departure/pv';
import { pseudonymiseBoardingPass, pseudonymiseRules, pseudonymiseScans } from '../../core/departure/retention';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import { PSEUDONYM } from '../db/repositories/retention-repository';
import type { DueFacts, RetentionRepository } from '../db/repositories/retention-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';

/** Days a completed, synced departure keeps its personal fields on the post, unless the centre sets `retention.pseudonymiseAfterDays`. */
export const DEFAULT_RETENTION_DAYS = 30;
export const RETENTION_SETTING = 'retention.pseudonymiseAfterDays';
const DAY = 86_400_000;
const BATCH = 500;

/** The retention period in days: the post setting (1 to 3650), else the default. */
export function retentionDays(settings: SettingsRepository): number {
  const n = Number(settings.get(RETENTION_SETTING));
  return Number.isSafeInteger(n) && n >= 1 && n <= 3650 ? n : DEFAULT_RETENTION_DAYS;
}

/**
 * The PV with its personal fields replaced: names, exact birth date (the year is kept), case and
 * document numbers, the child-protection reference, PNR and e-ticket. Kept: PV number, nationality,
 * sex, document kind and issuing state, ticket mode, dates, status and flags, which the reports
 * count. The document number becomes a random one, so no document scan finds the PV any more.
 */
export function pseudonymisePv(pv: Pv, token: string): Pv {
  const { pnr: _pnr, eticket: _eticket, ...ticket } = pv.ticket as Pv['ticket'] & { pnr?: string; eticket?: string };
  return {
    ...pv,
    beneficiary: {
      ...pv.beneficiary,
      surname: PSEUDONYM,
      givenNames: '',
      birthDate: `${pv.beneficiary.birthDate.slice(0, 4)}-01-01`,
      iomCaseNumber: PSEUDONYM,
    },
    travelDocument: { ...pv.travelDocument, number: `X${token}` },
    ticket: ticket as Pv['ticket'],
    flags: { ...pv.flags, ...(pv.flags.minor ? { minor: { ...pv.flags.minor, mnaReference: PSEUDONYM } } : {}) },
  };
}

/**
 * Pseudonymises the personal fields of completed departures once the centre has them and the
 * retention period has passed: the PV in the cache, and the facts older than the period (closed
 * passages' scans and rule outcomes, check-ins' boarding passes, per diem signatures; migration
 * 0009 allows that one update of those rows). Each PV done is one `retention.pseudonymised`
 * record of the audit chain (what was done, and the SHA-256 of each signature erased), in the same
 * transaction. Run at startup and then daily; each run works in batches, each in its own
 * transaction, so a large backlog never holds the database for long.
 */
export function createRetentionService(deps: {
  db: Db;
  repo: RetentionRepository;
  audit: AuditRepository;
  post: PostContext;
  settings: SettingsRepository;
  clock: Clock;
  logger: Logger;
  token?: () => string;
}) {
  const device = { deviceId: deps.post.deviceId, postCode: deps.post.post.code };
  const token = deps.token ?? (() => randomBytes(8).toString('hex').toUpperCase());
  let timer: ReturnType<typeof setInterval> | null = null;

  /** The PV's facts recorded up to `factsCutoff`, pseudonymised, and one chain record for all of it. */
  function pseudonymiseFacts(
    subject: string,
    pvNumber: string | null,
    pv: { due: boolean; expired?: true },
    factsCutoff: number,
    days: number,
    now: number,
  ) {
    const facts: DueFacts = pvNumber !== null ? deps.repo.dueFacts(pvNumber, factsCutoff) : { passages: [], checkins: [], perDiem: [] };
    for (const p of facts.passages) pseudonymisePassage(p, now);
    for (const c of facts.checkins)
      deps.repo.pseudonymiseCheckin(c.id, JSON.stringify(pseudonymiseBoardingPass(JSON.parse(c.boardingPass))), now);
    for (const d of facts.perDiem) deps.repo.pseudonymisePerDiem(d.id, now);
    record(subject, { pv: pv.due, ...(pv.expired ? { expired: true } : {}), retentionDays: days, facts }, now);
  }

  function pseudonymisePassage(p: DueFacts['passages'][number], now: number): void {
    deps.repo.pseudonymisePassage(
      p.id,
      JSON.stringify(pseudonymiseScans(JSON.parse(p.scans))),
      JSON.stringify(pseudonymiseRules(JSON.parse(p.rules))),
      now,
    );
  }

  function record(subject: string, what: { pv: boolean; expired?: true; retentionDays: number; facts: DueFacts }, now: number): void {
    const { facts, ...rest } = what;
    deps.audit.append(
      {
        id: newId(deps.clock),
        at: now,
        actorId: null,
        actorRole: null,
        action: 'retention.pseudonymised',
        subject,
        details: {
          ...rest,
          passages: facts.passages.length,
          checkins: facts.checkins.length,
          perDiem: facts.perDiem.map((d) => ({ id: d.id, signatureSha256: createHash('sha256').update(d.signature).digest('hex') })),
        },
      },
      device,
    );
  }

  /** Runs `step` over batches from `next` until none is left, each batch in its own transaction. */
  function inBatches<T>(next: () => T[], step: (item: T) => void): number {
    let done = 0;
    for (;;) {
      const batch = next();
      if (batch.length === 0) return done;
      deps.db.transaction(() => batch.forEach(step))();
      done += batch.length;
    }
  }

  function run(): { pseudonymised: number } {
    const now = deps.clock.now();
    const days = retentionDays(deps.settings);
    const cutoff = now - days * DAY;
    // Departures completed here (a stamp not voided) before the cutoff.
    const departed = inBatches(
      () => deps.repo.due(cutoff, BATCH),
      (row) => {
        if (row.pvDue) {
          const pv = pseudonymisePv(JSON.parse(row.body) as Pv, token());
          deps.repo.replace(row.pvNumber, JSON.stringify(pv), pv.travelDocument.number, now);
        }
        pseudonymiseFacts(row.pvNumber, row.pvNumber, { due: row.pvDue }, cutoff, days, now);
      },
    );
    // PVs that never departed here and can no longer be used: validity over for longer than the
    // period. Every closed fact about them goes with them.
    const expired = inBatches(
      () => deps.repo.dueExpired(cutoff, BATCH),
      (row) => {
        const pv = pseudonymisePv(JSON.parse(row.body) as Pv, token());
        deps.repo.replace(row.pvNumber, JSON.stringify(pv), pv.travelDocument.number, now);
        pseudonymiseFacts(row.pvNumber, row.pvNumber, { due: true, expired: true }, now, days, now);
      },
    );
    // Passages no PV stands behind (none was found, or it was pseudonymised before them).
    const loose = inBatches(
      () => deps.repo.dueLoosePassages(cutoff, BATCH),
      (p) => {
        pseudonymisePassage(p, now);
        record(p.id, { pv: false, retentionDays: days, facts: { passages: [p], checkins: [], perDiem: [] } }, now);
      },
    );
    const pseudonymised = departed + expired + loose;
    if (pseudonymised > 0) deps.logger.info('retention.pseudonymised', { count: pseudonymised });
    return { pseudonymised };
  }

  return {
    run,
    /** Runs now, then every `everyMs` (a day) until `stop`. */
    start(everyMs = DAY): void {
      run();
      timer ??= setInterval(() => {
        try {
          run();
        } catch (error) {
          deps.logger.warn('retention.failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }, everyMs);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
export type RetentionService = ReturnType<typeof createRetentionService>;
