/**
 * Signed exports of the supervisor desk: the shift log (CSV, PDF, JSON; one row per audit event
 * of the shift, voids with their reasons included) and the departures report (CSV, PDF). Each
 * file carries its manifest (export-manifest.ts); the export itself is written to the audit chain.
 */
import { createFormatter, plainAmount } from '../../core/format/format';
import { coreTranslator } from '../../core/i18n/catalog';
import type { DeparturesReport, ExportFile, ShiftView } from '../../core/ipc/shift-contract';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { ShiftLogRow } from '../db/repositories/shift-repository';
import type { DeviceKey } from './device-key';
import type { ExportFileType, ExportManifest } from './export-manifest';
import { sealExport } from './export-manifest';
import type { Column } from './export-pdf';
import { createPdf, drawRun, drawTable } from './export-pdf';
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

/** A rule reason key (from the verdict) as a sentence; the key itself if it has no message. */
function reasonText(key: string, params: Record<string, string | number> = {}): string {
  const messages = coreTranslator();
  return messages.has(key) ? messages.t('fr', key, params) : key;
}

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
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && !PLAIN_NUMBER.test(s) && FORMULA_START.test(s)) s = `'${s}`;
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const BOM = '\uFEFF';
const csv = (rows: (string | number | null)[][]): Buffer =>
  Buffer.from(BOM + rows.map((r) => r.map((v) => csvField(v)).join(',')).join('\r\n') + '\r\n', 'utf8');

const LOG_COLUMNS = [
  'seq',
  'time_utc',
  'time_local',
  'action',
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

export function shiftLogCsv(log: ShiftLog): Buffer {
  const rows: (string | number | null)[][] = [LOG_COLUMNS];
  const f = createFormatter('fr', log.timeZone);
  for (const e of log.events) {
    rows.push([
      e.seq,
      new Date(e.at).toISOString(),
      f.dateTimeSeconds(e.at),
      e.action,
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

const LOG_PDF_COLUMNS: Column[] = [
  { title: 'N°', width: 34, align: 'right' },
  { title: 'Heure', width: 78 },
  { title: 'Action', width: 82 },
  { title: 'Agent', width: 88 },
  { title: 'PV', width: 100 },
  { title: 'Bénéficiaire', width: 130 },
  { title: 'Nat.', width: 30 },
  { title: 'Verdict', width: 42 },
  { title: 'Montant', width: 58, align: 'right' },
  { title: 'Motif', width: 136 },
];

function keyValues(doc: PDFKit.PDFDocument, pairs: [string, string][], x: number, width: number): void {
  for (const [k, v] of pairs) {
    const y = doc.y;
    drawRun(doc, k, x, y, 130, { size: 8.5, bold: true });
    drawRun(doc, v, x + 132, y, width - 132, { size: 8.5 });
    doc.y = y + 12;
  }
}

export async function shiftLogPdf(log: ShiftLog, createdAt: number): Promise<Buffer> {
  const { doc, done } = createPdf({ title: `Journal de vacation ${log.post.code}`, createdAt });
  const s = log.shift;
  const t = shiftTotals(log);
  const f = createFormatter('fr', log.timeZone);
  drawRun(doc, 'RVA Départ · Journal de vacation', 32, 30, 600, { size: 15, bold: true });
  doc.y = 54;
  const left = doc.y;
  keyValues(
    doc,
    [
      ['Poste', `${log.post.name} (${log.post.code})`],
      ['Vacation', s.id],
      ['Superviseur', s.openedBy.name],
      [
        'Ouverture',
        `${f.dateTimeSeconds(s.openedAt)} · caisse ${f.amount(s.openingUsdCents, 'USD')}, ${f.amount(s.openingMadCents, 'MAD')}`,
      ],
      ['Clôture', s.closing ? `${f.dateTimeSeconds(s.closing.closedAt)} par ${s.closing.closedByName}` : 'vacation en cours'],
      ['Passation', s.handOver ? `à ${s.handOver.toUserName} (${f.dateTimeSeconds(s.handOver.at)})` : '—'],
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
      ['Passages', `${t.passages} (autorisés ${t.allow}, soumis ${t.refer}, refusés ${t.deny})`],
      ['Tampons de sortie', String(t.stamps)],
      ['Pécules versés', c ? `${c.perDiemCount} · ${f.amount(c.perDiemCents, 'USD')}` : String(t.perDiemPaid)],
      ['Caisse attendue', c ? `${f.amount(c.expectedUsdCents, 'USD')}, ${f.amount(c.expectedMadCents, 'MAD')}` : '—'],
      ['Caisse comptée', c ? `${f.amount(c.countedUsdCents, 'USD')}, ${f.amount(c.countedMadCents, 'MAD')}` : '—'],
      [
        'Écart',
        c
          ? `${f.amount(c.varianceUsdCents, 'USD')}, ${f.amount(c.varianceMadCents, 'MAD')}${c.reason ? ` · motif : ${c.reason}` : ''}`
          : '—',
      ],
      ['Annulations', `${t.voids} · régularisations ${t.settlements} · événements ${t.events}`],
    ],
    420,
    390,
  );
  doc.y = Math.max(afterLeft, doc.y) + 8;
  const rows = (function* () {
    for (const e of log.events)
      yield [
        String(e.seq),
        f.dateTimeSeconds(e.at),
        e.action,
        e.actorName,
        e.pvNumber,
        e.beneficiary,
        e.nationality,
        e.verdict,
        e.amountCents === null ? '' : f.amount(e.amountCents, e.currency),
        e.reason,
      ];
  })();
  drawTable(doc, LOG_PDF_COLUMNS, rows, { footer: (page) => `${log.post.code} · vacation ${s.id} · page ${page}` });
  doc.end();
  return done;
}

export function reportCsv(r: DeparturesReport): Buffer {
  const f = createFormatter('fr', r.period.timeZone);
  const rows: (string | number | null)[][] = [['section', 'key', 'label', 'count', 'percent', 'amount', 'detail']];
  for (const n of r.byNationality.top) rows.push(['nationality', n.code, n.label, n.count, n.percent.toFixed(2), null, null]);
  rows.push([
    'nationality',
    'OTHERS',
    'Autres',
    r.byNationality.others.count,
    r.byNationality.others.percent.toFixed(2),
    null,
    r.byNationality.others.codes.join(' '),
  ]);
  rows.push(['nationality', 'TOTAL', 'Total général', r.byNationality.total.count, r.byNationality.total.percent.toFixed(2), null, null]);
  for (const d of r.byDay) rows.push(['day', d.day, d.day, d.count, null, null, null]);
  for (const h of r.byHour)
    rows.push(['hour', String(h.hour).padStart(2, '0'), `${String(h.hour).padStart(2, '0')}:00`, h.count, null, null, null]);
  rows.push(['perDiem', 'paid', 'Pécules versés', r.perDiem.count, null, money(r.perDiem.totalCents), 'USD']);
  rows.push(['perDiem', 'voided', 'Pécules annulés', r.perDiem.voidedCount, null, money(r.perDiem.voidedCents), 'USD']);
  for (const x of r.reasonCounts)
    rows.push([x.verdict === 'DENY' ? 'refusedReason' : 'referredReason', x.id, reasonText(x.reason), x.count, null, null, x.reason]);
  for (const p of r.refused)
    rows.push([
      'refused',
      p.passageId,
      p.name,
      1,
      null,
      null,
      `${f.dateTime(p.at)} ${p.pvNumber ?? ''} ${p.nationality} ${p.reasons.map((x) => x.id).join(' ')}`,
    ]);
  for (const p of r.referred)
    rows.push([
      'referred',
      p.passageId,
      p.name,
      1,
      null,
      null,
      `${f.dateTime(p.at)} ${p.pvNumber ?? ''} ${p.nationality} ${p.reasons.map((x) => x.id).join(' ')}${p.settlement ? ` → ${p.settlement.decision}: ${p.settlement.reason}` : ' → en attente'}`,
    ]);
  for (const v of r.voids)
    rows.push(['void', v.recordId, v.kind, 1, null, null, `${f.dateTime(v.at)} ${v.pvNumber ?? ''} ${v.actorName}: ${v.reason}`]);
  return csv(rows);
}

export async function reportPdf(r: DeparturesReport, post: PostContext['post'], createdAt: number): Promise<Buffer> {
  const f = createFormatter('fr', r.period.timeZone);
  const pct = (n: number) => f.percent(n);
  const { doc, done } = createPdf({
    title: `Départs ${f.calendarDate(r.period.from)} – ${f.calendarDate(r.period.to)}`,
    createdAt,
    landscape: false,
  });
  drawRun(doc, `RVA Départ · Départs du ${f.calendarDate(r.period.from)} au ${f.calendarDate(r.period.to)}`, 32, 30, 530, {
    size: 14,
    bold: true,
  });
  drawRun(
    doc,
    `${post.name} (${post.code}) · ${r.total} départs · pécules ${r.perDiem.count} (${f.amount(r.perDiem.totalCents, 'USD')}), annulés ${r.perDiem.voidedCount}`,
    32,
    50,
    530,
    { size: 9 },
  );
  doc.y = 72;
  drawRun(doc, 'Par nationalité', 32, doc.y, 300, { size: 11, bold: true });
  doc.y += 16;
  const nat = [
    ...r.byNationality.top.map((n) => [n.label, String(n.count), pct(n.percent)]),
    ['Autres', String(r.byNationality.others.count), pct(r.byNationality.others.percent)],
    ['Total général', String(r.byNationality.total.count), pct(r.byNationality.total.percent)],
  ];
  drawTable(
    doc,
    [
      { title: 'Nationalité', width: 200 },
      { title: 'Nombre', width: 70, align: 'right' },
      { title: '%', width: 70, align: 'right' },
    ],
    nat,
    { size: 9, rowHeight: 14 },
  );
  doc.y += 8;
  drawRun(doc, 'Par heure (heure locale)', 32, doc.y, 300, { size: 11, bold: true });
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
  drawRun(doc, 'Refus et renvois', 32, doc.y, 300, { size: 11, bold: true });
  doc.y += 16;
  const passages = [
    ...r.refused.map((p) => [
      'Refusé',
      f.dateTime(p.at),
      p.pvNumber ?? '',
      p.name,
      p.reasons.map((x) => reasonText(x.reason, x.params)).join(' ; '),
    ]),
    ...r.referred.map((p) => [
      'Soumis',
      f.dateTime(p.at),
      p.pvNumber ?? '',
      p.name,
      `${p.reasons.map((x) => reasonText(x.reason, x.params)).join(' ; ')}${p.settlement ? ` → ${p.settlement.decision === 'allow' ? 'autorisé' : 'refusé'} : ${p.settlement.reason}` : ' → en attente'}`,
    ]),
    ...r.voids.map((v) => ['Annulation', f.dateTime(v.at), v.pvNumber ?? '', v.actorName, `${v.kind} : ${v.reason}`]),
  ];
  drawTable(
    doc,
    [
      { title: 'Type', width: 52 },
      { title: 'Heure', width: 78 },
      { title: 'PV', width: 100 },
      { title: 'Nom', width: 110 },
      { title: 'Motif', width: 190 },
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
    async shiftLog(log: ShiftLog, format: ExportFileType, actor: Actor): Promise<ExportFile> {
      const stamp = createFormatter('fr', log.timeZone).fileStamp(log.shift.openedAt);
      const fileName = `vacation-${post.post.code}-${stamp}-${log.shift.id.slice(-8)}.${format}`;
      const content = format === 'csv' ? shiftLogCsv(log) : format === 'json' ? shiftLogJson(log) : await shiftLogPdf(log, clock.now());
      return finish('shift-log', format, fileName, log.shift.id, content, actor);
    },
    async report(report: DeparturesReport, format: 'csv' | 'pdf', actor: Actor): Promise<ExportFile> {
      const fileName = `departs-${post.post.code}-${report.period.from}_${report.period.to}.${format}`;
      const content = format === 'csv' ? reportCsv(report) : await reportPdf(report, post.post, clock.now());
      return finish('departures-report', format, fileName, `${report.period.from}/${report.period.to}`, content, actor);
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
