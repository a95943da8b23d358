/**
 * Signed exports of the supervisor desk: the shift log (CSV, PDF, JSON; one row per audit event
 * of the shift, voids with their reasons included) and the departures report (CSV, PDF). Each
 * file carries its manifest (export-manifest.ts); the export itself is written to the audit chain.
 */
import { countryName } from '../../core/format/countries';
import { createFormatter, formatRuleParams, plainAmount } from '../../core/format/format';
import { coreBundles, type CoreMessages } from '../../core/i18n/catalog';
import type { Language, MessageKey } from '../../core/i18n/messages';
import { createTranslator, withoutIsolates, type MessageParams, type Translator } from '../../core/i18n/translator';
import type { DeparturesReport, ExportFile, ShiftView } from '../../core/ipc/shift-contract';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { ShiftLogRow } from '../db/repositories/shift-repository';
import type { DeviceKey } from './device-key';
import type { ExportFileType, ExportManifest } from './export-manifest';
import { sealExport } from './export-manifest';
import type { Column } from './export-pdf';
import { createPdf, drawRun, drawTable, drawWrapped } from './export-pdf';
import { exportMessages } from './export-messages';
import type { PostContext } from './post-context';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';
import type { Actor } from './departure-service';

export interface ShiftLogEvent {
  seq: number;
  at: number;
  action: string;
  actorName: string;
  actorRole: string;
  pvNumber: string;
  beneficiary: string;
  nationality: string;
  verdict: string;
  amountCents: number | null;
  currency: string;
  reason: string;
  recordId: string;
  details: string;
  hash: string;
}

export interface ShiftLog {
  post: PostContext['post'];
  deviceId: string;
  shift: ShiftView;
  events: ShiftLogEvent[];
  /** The post's IANA time zone: every local time of the log is written in it. */
  timeZone: string;
}

type ExportTree = (typeof exportMessages)['fr'] & CoreMessages;
let translator: Translator<ExportTree> | undefined;

/** The words of an export in one language, with the one formatter of that language and the post's zone. */
export function exportWords(language: Language, timeZone: string) {
  translator ??= createTranslator<ExportTree>([exportMessages, ...coreBundles]);
  const tr = translator;
  const f = createFormatter(language, timeZone);
  const t = (key: MessageKey<ExportTree>, params?: MessageParams) => tr.t(language, key, params);
  return {
    language,
    f,
    t,
    /** A rule reason key (from the verdict) as a sentence, its parameters as the banner shows them. */
    reason: (key: string, params: Record<string, string | number> = {}) =>
      tr.has(key) ? tr.t(language, key, formatRuleParams(f, params)) : key,
    /** An audit action ("perDiem.paid") as words; the code when it has none. */
    action: (action: string) => {
      const key = `export.actions.${action}`;
      return tr.has(key) ? tr.t(language, key) : action;
    },
    /** A verdict (ALLOW, REFER, DENY) or a settlement decision (allow, deny) as words. */
    verdict: (v: string) => {
      const key = `verdict.${v.toUpperCase()}`;
      return v && tr.has(key) ? tr.t(language, key) : v;
    },
    country: (code: string) => (code ? countryName(code, language) : ''),
  };
}
export type ExportWords = ReturnType<typeof exportWords>;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** One audit row as a log event: the common fields pulled out of its details. */
export function toLogEvent(r: ShiftLogRow): ShiftLogEvent {
  const d = JSON.parse(r.details) as Record<string, unknown>;
  const failed = Array.isArray(d.failed) ? (d.failed as unknown[]).map(str).join(' ') : '';
  const amount =
    typeof d.amountCents === 'number'
      ? { cents: d.amountCents, currency: str(d.currency) || 'USD' }
      : typeof d.madGivenCents === 'number'
        ? { cents: d.madGivenCents, currency: 'MAD' }
        : typeof d.varianceUsdCents === 'number'
          ? { cents: d.varianceUsdCents, currency: 'USD' }
          : typeof d.openingUsdCents === 'number'
            ? { cents: d.openingUsdCents, currency: 'USD' }
            : null;
  return {
    seq: r.seq,
    at: r.at,
    action: r.action,
    actorName: r.actorName ?? '',
    actorRole: r.actorRole ?? '',
    pvNumber: str(d.pvNumber) || (r.beneficiarySurname ? str(r.subject) : ''),
    beneficiary: r.beneficiarySurname ? `${r.beneficiarySurname} ${r.beneficiaryGivenNames ?? ''}`.trim() : '',
    nationality: r.nationality ?? '',
    verdict: str(d.verdict) || str(d.decision),
    amountCents: amount?.cents ?? null,
    currency: amount?.currency ?? '',
    reason: str(d.reason) || failed,
    recordId: str(d.recordId) || str(d.id) || str(d.shiftId),
    details: r.details,
    hash: r.hash,
  };
}

/** Amount columns of data files: "-50.00" (see docs/exports.md); empty when there is none. */
export const money = (cents: number | null): string => (cents === null ? '' : plainAmount(cents));

/**
 * What a spreadsheet may run as a formula: a sign (ASCII, full-width or another look-alike that
 * Excel folds to ASCII) after any blank, control or invisible format characters (zero-width
 * spaces, bidi marks, BOM), or a leading tab or carriage return.
 */
const FORMULA_START = /^(?:[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212\uFE62\uFE63\uFE66\uFE6B]|[\t\r])/u;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * RFC 4180 field. Any text cell that a spreadsheet would run as a formula gets a leading
 * apostrophe (plain numbers such as amounts excepted), and a cell holding a comma, a semicolon
 * (the separator of French Excel), a tab, a quote or a line break is quoted, so no part of it
 * starts a cell of its own whichever separator the spreadsheet picks.
 */
export function csvField(value: string | number | null): string {
  // Bidi isolates of the messages serve screens and PDFs; a spreadsheet cell gets the bare text.
  let s = value === null ? '' : withoutIsolates(String(value));
  if (typeof value === 'string' && !PLAIN_NUMBER.test(s) && FORMULA_START.test(s)) s = `'${s}`;
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const BOM = '\uFEFF';
export const csv = (rows: (string | number | null)[][]): Buffer =>
  Buffer.from(BOM + rows.map((r) => r.map((v) => csvField(v)).join(',')).join('\r\n') + '\r\n', 'utf8');

const LOG_COLUMNS = [
  'seq',
  'time_utc',
  'time_local',
  'action',
  'action_label',
  'actor',
  'role',
  'pv_number',
  'beneficiary',
  'nationality',
  'verdict',
  'amount',
  'currency',
  'reason',
  'record_id',
  'details',
  'audit_hash',
];

export function shiftLogCsv(log: ShiftLog, language: Language = 'fr'): Buffer {
  const rows: (string | number | null)[][] = [LOG_COLUMNS];
  const w = exportWords(language, log.timeZone);
  const f = w.f;
  for (const e of log.events) {
    rows.push([
      e.seq,
      new Date(e.at).toISOString(),
      f.dateTimeSeconds(e.at),
      e.action,
      w.action(e.action),
      e.actorName,
      e.actorRole,
      e.pvNumber,
      e.beneficiary,
      e.nationality,
      e.verdict,
      money(e.amountCents),
      e.currency,
      e.reason,
      e.recordId,
      e.details,
      e.hash,
    ]);
  }
  return csv(rows);
}

export function shiftTotals(log: ShiftLog) {
  const count = (action: string) => log.events.filter((e) => e.action === action).length;
  const verdicts = { ALLOW: 0, REFER: 0, DENY: 0 } as Record<string, number>;
  for (const e of log.events) if (e.action === 'passage.verified') verdicts[e.verdict] = (verdicts[e.verdict] ?? 0) + 1;
  return {
    events: log.events.length,
    passages: count('passage.verified'),
    allow: verdicts.ALLOW ?? 0,
    refer: verdicts.REFER ?? 0,
    deny: verdicts.DENY ?? 0,
    stamps: count('stamp.recorded'),
    perDiemPaid: count('perDiem.paid'),
    voids: count('record.voided'),
    settlements: count('referral.settled'),
  };
}

export function shiftLogJson(log: ShiftLog): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 'rva-shift-log/2',
      post: log.post,
      deviceId: log.deviceId,
      timeZone: log.timeZone,
      shift: log.shift,
      totals: shiftTotals(log),
      events: log.events.map((e) => ({ ...e, details: JSON.parse(e.details) as unknown })),
    }),
    'utf8',
  );
}

/** Column widths of the shift log table (landscape A4), in the order of the columns messages. */
const LOG_PDF_COLUMNS: { key: keyof (typeof exportMessages)['fr']['export']['shiftLog']['columns']; width: number; align?: 'right' }[] = [
  { key: 'seq', width: 34, align: 'right' },
  { key: 'time', width: 78 },
  { key: 'action', width: 92 },
  { key: 'actor', width: 88 },
  { key: 'pv', width: 100 },
  { key: 'beneficiary', width: 120 },
  { key: 'nationality', width: 30 },
  { key: 'verdict', width: 62 },
  { key: 'amount', width: 58, align: 'right' },
  { key: 'reason', width: 116 },
];

function keyValues(doc: PDFKit.PDFDocument, pairs: [string, string][], x: number, width: number): void {
  for (const [k, v] of pairs) {
    const y = doc.y;
    drawRun(doc, k, x, y, 130, { size: 8.5, bold: true });
    const height = drawWrapped(doc, v, x + 132, y, width - 132, { size: 8.5, lineHeight: 12 });
    doc.y = y + Math.max(12, height);
  }
}

/** A shift log row's reason: the rule ids of a check as the rules' titles, any other reason as written. */
function logReason(w: ExportWords, e: ShiftLogEvent): string {
  if (e.action !== 'passage.verified') return e.reason;
  const corrected = (JSON.parse(e.details) as { mrzCorrected?: unknown }).mrzCorrected === true;
  return [
    ...(e.reason ? e.reason.split(' ').map((id) => w.reason(`rule.${id}.title`)) : []),
    ...(corrected ? [w.t('export.report.mrzCorrected')] : []),
  ].join(w.t('export.report.reasonSeparator'));
}

export async function shiftLogPdf(log: ShiftLog, createdAt: number, language: Language = 'fr'): Promise<Buffer> {
  const w = exportWords(language, log.timeZone);
  const { f, t } = w;
  const { doc, done } = await createPdf({ title: `${t('export.shiftLog.title')} ${log.post.code}`, createdAt });
  const s = log.shift;
  const totals = shiftTotals(log);
  drawRun(doc, t('export.shiftLog.heading', { app: t('export.app') }), 32, 30, 600, { size: 15, bold: true });
  doc.y = 54;
  const left = doc.y;
  const usdMad = (usd: number, mad: number) => t('export.shiftLog.amounts', { usd: f.amount(usd, 'USD'), mad: f.amount(mad, 'MAD') });
  keyValues(
    doc,
    [
      [t('export.shiftLog.post'), t('export.shiftLog.postValue', { name: log.post.name, code: log.post.code })],
      [t('export.shiftLog.shift'), s.id],
      [t('export.shiftLog.supervisor'), s.openedBy.name],
      [
        t('export.shiftLog.opening'),
        t('export.shiftLog.openingValue', {
          time: f.dateTimeSeconds(s.openedAt),
          usd: f.amount(s.openingUsdCents, 'USD'),
          mad: f.amount(s.openingMadCents, 'MAD'),
        }),
      ],
      [t('export.shiftLog.note'), s.note || '—'],
      [
        t('export.shiftLog.closing'),
        s.closing
          ? t('export.shiftLog.closingValue', { time: f.dateTimeSeconds(s.closing.closedAt), name: s.closing.closedByName })
          : t('export.shiftLog.inProgress'),
      ],
      [
        t('export.shiftLog.handOver'),
        s.handOver ? t('export.shiftLog.handOverValue', { name: s.handOver.toUserName, time: f.dateTimeSeconds(s.handOver.at) }) : '—',
      ],
    ],
    32,
    380,
  );
  const afterLeft = doc.y;
  doc.y = left;
  const c = s.closing;
  keyValues(
    doc,
    [
      [
        t('export.shiftLog.passages'),
        t('export.shiftLog.passagesValue', { total: totals.passages, allow: totals.allow, refer: totals.refer, deny: totals.deny }),
      ],
      [t('export.shiftLog.stamps'), f.integer(totals.stamps)],
      [
        t('export.shiftLog.perDiem'),
        c
          ? t('export.shiftLog.perDiemValue', { count: f.integer(c.perDiemCount), amount: f.amount(c.perDiemCents, 'USD') })
          : f.integer(totals.perDiemPaid),
      ],
      [t('export.shiftLog.expected'), c ? usdMad(c.expectedUsdCents, c.expectedMadCents) : '—'],
      [t('export.shiftLog.counted'), c ? usdMad(c.countedUsdCents, c.countedMadCents) : '—'],
      [
        t('export.shiftLog.variance'),
        c
          ? c.reason
            ? t('export.shiftLog.varianceReason', {
                usd: f.amount(c.varianceUsdCents, 'USD'),
                mad: f.amount(c.varianceMadCents, 'MAD'),
                reason: c.reason,
              })
            : usdMad(c.varianceUsdCents, c.varianceMadCents)
          : '—',
      ],
      [
        t('export.shiftLog.voids'),
        t('export.shiftLog.voidsValue', { voids: totals.voids, settlements: totals.settlements, events: totals.events }),
      ],
    ],
    420,
    390,
  );
  doc.y = Math.max(afterLeft, doc.y) + 8;
  const columns: Column[] = LOG_PDF_COLUMNS.map((col) => ({
    title: t(`export.shiftLog.columns.${col.key}`),
    width: col.width,
    ...(col.align ? { align: col.align } : {}),
  }));
  const rows = (function* () {
    for (const e of log.events)
      yield [
        String(e.seq),
        f.dateTimeSeconds(e.at),
        w.action(e.action),
        e.actorName,
        e.pvNumber,
        e.beneficiary,
        e.nationality,
        w.verdict(e.verdict),
        e.amountCents === null ? '' : f.amount(e.amountCents, e.currency),
        logReason(w, e),
      ];
  })();
  drawTable(doc, columns, rows, { footer: (page) => t('export.shiftLog.footer', { post: log.post.code, id: s.id, page }) });
  doc.end();
  return done;
}

type Passage = DeparturesReport['refused'][number];
type VoidKind = keyof (typeof exportMessages)['fr']['export']['report']['kinds'];
const VOID_KINDS: ReadonlySet<string> = new Set<VoidKind>(['checkin', 'exchange', 'perDiem', 'stamp']);

function reportWords(r: DeparturesReport, language: Language) {
  const w = exportWords(language, r.period.timeZone);
  const reasons = (p: Passage) =>
    [...p.reasons.map((x) => w.reason(x.reason, x.params)), ...(p.mrzCorrected ? [w.t('export.report.mrzCorrected')] : [])].join(
      w.t('export.report.reasonSeparator'),
    );
  const outcome = (p: DeparturesReport['referred'][number]) =>
    w.t('export.report.outcome', {
      reasons: reasons(p),
      outcome: p.settlement
        ? w.t(p.settlement.decision === 'allow' ? 'export.report.allowed' : 'export.report.denied', { reason: p.settlement.reason })
        : w.t('export.report.pending'),
    });
  const kind = (k: string) => (VOID_KINDS.has(k) ? w.t(`export.report.kinds.${k as VoidKind}`) : k);
  return { ...w, reasons, outcome, kind };
}

export function reportCsv(r: DeparturesReport, language: Language = 'fr'): Buffer {
  const w = reportWords(r, language);
  const { f, t } = w;
  const rows: (string | number | null)[][] = [['section', 'key', 'label', 'count', 'percent', 'amount', 'detail']];
  for (const n of r.byNationality.top) rows.push(['nationality', n.code, w.country(n.code), n.count, n.percent.toFixed(2), null, null]);
  rows.push([
    'nationality',
    'OTHERS',
    t('export.report.others'),
    r.byNationality.others.count,
    r.byNationality.others.percent.toFixed(2),
    null,
    r.byNationality.others.codes.join(' '),
  ]);
  rows.push([
    'nationality',
    'TOTAL',
    t('export.report.total'),
    r.byNationality.total.count,
    r.byNationality.total.percent.toFixed(2),
    null,
    null,
  ]);
  for (const d of r.byDay) rows.push(['day', d.day, f.calendarDate(d.day), d.count, null, null, null]);
  for (const h of r.byHour)
    rows.push(['hour', String(h.hour).padStart(2, '0'), `${String(h.hour).padStart(2, '0')}:00`, h.count, null, null, null]);
  rows.push(['perDiem', 'paid', t('export.report.perDiemPaid'), r.perDiem.count, null, money(r.perDiem.totalCents), 'USD']);
  rows.push(['perDiem', 'voided', t('export.report.perDiemVoided'), r.perDiem.voidedCount, null, money(r.perDiem.voidedCents), 'USD']);
  for (const x of r.reasonCounts)
    rows.push([x.verdict === 'DENY' ? 'refusedReason' : 'referredReason', x.id, w.reason(x.reason), x.count, null, null, x.reason]);
  const detail = (p: Passage, text: string) =>
    [f.dateTime(p.at), p.pvNumber ?? '', w.country(p.nationality), text].filter(Boolean).join(' · ');
  for (const p of r.refused) rows.push(['refused', p.passageId, p.name, 1, null, null, detail(p, w.reasons(p))]);
  for (const p of r.referred) rows.push(['referred', p.passageId, p.name, 1, null, null, detail(p, w.outcome(p))]);
  for (const v of r.voids)
    rows.push(['void', v.recordId, v.kind, 1, null, null, `${f.dateTime(v.at)} ${v.pvNumber ?? ''} ${v.actorName}: ${v.reason}`]);
  return csv(rows);
}

export async function reportPdf(
  r: DeparturesReport,
  post: PostContext['post'],
  createdAt: number,
  language: Language = 'fr',
): Promise<Buffer> {
  const w = reportWords(r, language);
  const { f, t } = w;
  const period = { from: f.calendarDate(r.period.from), to: f.calendarDate(r.period.to) };
  const { doc, done } = await createPdf({ title: t('export.report.title', period), createdAt, landscape: false });
  drawRun(doc, t('export.report.heading', { app: t('export.app'), ...period }), 32, 30, 530, { size: 14, bold: true });
  drawRun(
    doc,
    t('export.report.summary', {
      post: t('export.shiftLog.postValue', { name: post.name, code: post.code }),
      total: f.integer(r.total),
      count: f.integer(r.perDiem.count),
      amount: f.amount(r.perDiem.totalCents, 'USD'),
      voided: f.integer(r.perDiem.voidedCount),
    }),
    32,
    50,
    530,
    { size: 9 },
  );
  doc.y = 72;
  drawRun(doc, t('export.report.byNationality'), 32, doc.y, 300, { size: 11, bold: true });
  doc.y += 16;
  const nat = [
    ...r.byNationality.top.map((n) => [w.country(n.code), f.integer(n.count), f.percent(n.percent)]),
    [t('export.report.others'), f.integer(r.byNationality.others.count), f.percent(r.byNationality.others.percent)],
    [t('export.report.total'), f.integer(r.byNationality.total.count), f.percent(r.byNationality.total.percent)],
  ];
  drawTable(
    doc,
    [
      { title: t('export.report.nationality'), width: 200 },
      { title: t('export.report.count'), width: 70, align: 'right' },
      { title: t('export.report.percent'), width: 70, align: 'right' },
    ],
    nat,
    { size: 9, rowHeight: 14 },
  );
  doc.y += 8;
  drawRun(doc, t('export.report.byHour'), 32, doc.y, 300, { size: 11, bold: true });
  doc.y += 16;
  const max = Math.max(1, ...r.byHour.map((h) => h.count));
  const baseY = doc.y + 70;
  for (const h of r.byHour) {
    const height = (h.count / max) * 60;
    doc.rect(36 + h.hour * 21, baseY - height, 15, height).fill('#3b6ea5');
    drawRun(doc, String(h.hour).padStart(2, '0'), 36 + h.hour * 21, baseY + 3, 20, { size: 6.5 });
  }
  doc.fillColor('black');
  doc.y = baseY + 18;
  drawRun(doc, t('export.report.passages'), 32, doc.y, 300, { size: 11, bold: true });
  doc.y += 16;
  const passages = [
    ...r.refused.map((p) => [t('export.report.refused'), f.dateTime(p.at), p.pvNumber ?? '', p.name, w.reasons(p)]),
    ...r.referred.map((p) => [t('export.report.referred'), f.dateTime(p.at), p.pvNumber ?? '', p.name, w.outcome(p)]),
    ...r.voids.map((v) => [
      t('export.report.void'),
      f.dateTime(v.at),
      v.pvNumber ?? '',
      v.actorName,
      t('export.report.voidReason', { kind: w.kind(v.kind), reason: v.reason }),
    ]),
  ];
  drawTable(
    doc,
    [
      { title: t('export.report.type', {}), width: 52 },
      { title: t('export.report.time'), width: 78 },
      { title: t('export.report.pv'), width: 100 },
      { title: t('export.report.name'), width: 110 },
      { title: t('export.report.reason'), width: 190 },
    ],
    passages,
    { size: 7.5 },
  );
  doc.end();
  return done;
}

const MIME: Record<ExportFileType, string> = { csv: 'text/csv;charset=utf-8', pdf: 'application/pdf', json: 'application/json' };

export interface ExportDeps {
  db: Db;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  key: () => DeviceKey;
}

export function createExportService(deps: ExportDeps) {
  const { db, audit, clock, post } = deps;

  /** Seals the content, then writes `export.created` to the audit chain (after the head the manifest names). */
  function finish(
    kind: ExportManifest['kind'],
    fileType: ExportFileType,
    fileName: string,
    subject: string,
    content: Buffer,
    actor: Actor,
  ): ExportFile {
    const at = clock.now();
    return db
      .transaction(() => {
        const head = audit.head();
        const { file, manifest } = sealExport(
          { kind, fileType, fileName, createdAt: at, postCode: post.post.code, deviceId: post.deviceId, subject, auditHead: head, content },
          deps.key(),
        );
        audit.append(
          {
            id: newId(clock),
            at,
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'export.created',
            subject,
            details: { kind, fileType, fileName, contentSha256: manifest.contentSha256, bytes: file.length, auditHeadSeq: head.seq },
          },
          { deviceId: post.deviceId, postCode: post.post.code },
        );
        deps.logger.info('export.created', { kind, fileType, bytes: file.length });
        return {
          fileName,
          mimeType: MIME[fileType],
          contentBase64: file.toString('base64'),
          sha256: manifest.contentSha256,
          bytes: file.length,
          auditHead: head,
        };
      })
      .immediate();
  }

  return {
    /** Signs a report built elsewhere (the flight report) and writes `export.created` to the audit chain. */
    seal(
      kind: ExportManifest['kind'],
      fileType: 'csv' | 'pdf',
      fileName: string,
      subject: string,
      content: Buffer,
      actor: Actor,
    ): ExportFile {
      return finish(kind, fileType, fileName, subject, content, actor);
    },
    async shiftLog(log: ShiftLog, format: ExportFileType, actor: Actor, language: Language = 'fr'): Promise<ExportFile> {
      const stamp = createFormatter(language, log.timeZone).fileStamp(log.shift.openedAt);
      const fileName = `vacation-${post.post.code}-${stamp}-${log.shift.id.slice(-8)}.${format}`;
      const content =
        format === 'csv'
          ? shiftLogCsv(log, language)
          : format === 'json'
            ? shiftLogJson(log)
            : await shiftLogPdf(log, clock.now(), language);
      return finish('shift-log', format, fileName, log.shift.id, content, actor);
    },
    async report(report: DeparturesReport, format: 'csv' | 'pdf', actor: Actor, language: Language = 'fr'): Promise<ExportFile> {
      const fileName = `departs-${post.post.code}-${report.period.from}_${report.period.to}.${format}`;
      const content = format === 'csv' ? reportCsv(report, language) : await reportPdf(report, post.post, clock.now(), language);
      return finish('departures-report', format, fileName, `${report.period.from}/${report.period.to}`, content, actor);
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
