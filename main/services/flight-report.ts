/**
 * The flight report (docs/flights.md): every beneficiary of a flight with the steps recorded for
 * them (time and staff), the per diem total and the no-shows with their reasons, as CSV and PDF.
 * Signed and written to the audit chain by the export service, like the shift log.
 */
import type { Language } from '../../core/i18n/messages';
import type { FlightView } from '../../core/ipc/flights-contract';
import { csv, exportWords, money } from './export-service';
import type { ExportWords } from './export-service';
import { createPdf, drawRun, drawTable } from './export-pdf';
import type { FlightReport, ReportStep } from './flight-service';

/** "AT 535" or the land route. */
export function flightName(f: FlightView): string {
  return f.identity.mode === 'air' ? `${f.identity.carrier} ${f.identity.flightNumber}` : f.identity.route;
}

function stepText(w: ExportWords, s: ReportStep): string {
  const step = w.t(`export.flight.steps.${s.step}`);
  const time = w.f.time(s.at);
  const extra =
    s.decision !== undefined
      ? `${step} ${w.verdict(s.decision)}`
      : s.reason !== undefined
        ? `${step} ${w.t(`export.flight.reasons.${s.reason}`)}${s.note ? ` «${s.note}»` : ''}`
        : step;
  return s.amountCents !== undefined
    ? w.t('export.flight.stepAmount', { step: extra, amount: w.f.amount(s.amountCents, 'USD'), time, actor: s.actorName })
    : w.t('export.flight.step', { step: extra, time, actor: s.actorName });
}

const STEP_COLUMNS = ['arrived', 'checkin', 'exchange', 'perDiem', 'referred', 'refused', 'settled', 'stamp', 'noShow'] as const;

/**
 * One row per beneficiary: the stage, then for each step its local time and the staff member
 * (empty when it did not happen); the per diem amount; then the no-show reason and note. A last
 * row gives the per diem total.
 */
export function flightReportCsv(r: FlightReport, language: Language = 'fr'): Buffer {
  const w = exportWords(language, r.timeZone);
  const header = ['flight', 'pv_number', 'beneficiary', 'nationality', 'document_number', 'iom_case', 'status', 'status_label'];
  for (const s of STEP_COLUMNS) header.push(`${s}_local`, `${s}_by`);
  header.push('per_diem_amount', 'currency', 'no_show_reason', 'no_show_note');
  const rows: (string | number | null)[][] = [header];
  for (const b of r.flight.beneficiaries) {
    const steps = r.steps[b.pvNumber] ?? [];
    const row: (string | number | null)[] = [
      r.flight.key,
      b.pvNumber,
      `${b.surname} ${b.givenNames}`.trim(),
      b.nationality,
      b.documentNumber,
      b.iomCaseNumber,
      b.stage,
      w.t(`export.flight.stages.${b.stage}`),
    ];
    for (const kind of STEP_COLUMNS) {
      const s = steps.filter((x) => x.step === kind).pop();
      row.push(s ? w.f.dateTimeSeconds(s.at) : '', s ? s.actorName : '');
    }
    const paid = steps.find((x) => x.step === 'perDiem');
    row.push(money(paid?.amountCents ?? null), paid ? 'USD' : '', b.noShow?.reason ?? '', b.noShow?.note ?? '');
    rows.push(row);
  }
  const total = r.flight.perDiemTotalCents;
  const blanks = Array.from({ length: 5 + STEP_COLUMNS.length * 2 }, () => '');
  rows.push([
    r.flight.key,
    'TOTAL',
    w.t('export.flight.perDiemTotal', { amount: w.f.amount(total, 'USD') }),
    ...blanks,
    money(total),
    'USD',
    '',
    '',
  ]);
  for (const x of r.reopenings) {
    const text = w.t('export.flight.reopened', { time: w.f.dateTime(x.at), name: x.actorName, reason: x.reason });
    rows.push([r.flight.key, 'REOPENED', text, ...blanks, '', '', '', '']);
  }
  return csv(rows);
}

export async function flightReportPdf(r: FlightReport, language: Language = 'fr'): Promise<Buffer> {
  const w = exportWords(language, r.timeZone);
  const { f, t } = w;
  const fl = r.flight;
  const names = { flight: flightName(fl), date: f.calendarDate(fl.identity.date) };
  const { doc, done } = await createPdf({ title: t('export.flight.title', names), createdAt: r.generatedAt });
  drawRun(doc, t('export.flight.heading', { app: t('export.app'), ...names }), 32, 30, 760, { size: 14, bold: true });
  const c = fl.counts;
  const lines = [
    t('export.flight.summary', {
      post: t('export.shiftLog.postValue', { name: r.post.name, code: r.post.code }),
      total: f.integer(c.total),
      stamped: f.integer(c.stamped),
      noShows: f.integer(c.noShow),
      paid: f.integer(c.paid),
      amount: f.amount(fl.perDiemTotalCents, 'USD'),
    }),
    fl.departureAt !== null ? t('export.flight.departure', { time: f.dateTime(fl.departureAt) }) : t('export.flight.noDeparture'),
    fl.closed ? t('export.flight.closed', { time: f.dateTime(fl.closed.at), name: fl.closed.actorName }) : t('export.flight.open'),
    ...r.reopenings.map((x) => t('export.flight.reopened', { time: f.dateTime(x.at), name: x.actorName, reason: x.reason })),
    t('export.flight.perDiemTotal', { amount: f.amount(fl.perDiemTotalCents, 'USD') }),
  ];
  let y = 52;
  for (const line of lines) {
    drawRun(doc, line, 32, y, 760, { size: 9 });
    y += 13;
  }
  doc.y = y + 6;
  drawRun(doc, t('export.flight.beneficiaries'), 32, doc.y, 400, { size: 11, bold: true });
  doc.y += 16;
  const footer = (page: number) => t('export.flight.footer', { post: r.post.code, flight: `${names.flight} ${names.date}`, page });
  drawTable(
    doc,
    [
      { title: t('export.flight.columns.pv'), width: 120 },
      { title: t('export.flight.columns.name'), width: 150 },
      { title: t('export.flight.columns.status'), width: 90 },
      { title: t('export.flight.columns.steps'), width: 418 },
    ],
    fl.beneficiaries.map((b) => [
      b.pvNumber,
      `${b.surname} ${b.givenNames}`.trim(),
      t(`export.flight.stages.${b.stage}`),
      (r.steps[b.pvNumber] ?? []).map((s) => stepText(w, s)).join(' · '),
    ]),
    { size: 8, rowHeight: 13, footer },
  );
  doc.y += 8;
  drawRun(doc, t('export.flight.noShows'), 32, doc.y, 400, { size: 11, bold: true });
  doc.y += 16;
  const noShows = fl.beneficiaries.filter((b) => b.noShow);
  if (noShows.length === 0) drawRun(doc, t('export.flight.none'), 32, doc.y, 400, { size: 9 });
  else
    drawTable(
      doc,
      [
        { title: t('export.flight.columns.pv'), width: 120 },
        { title: t('export.flight.columns.name'), width: 150 },
        { title: t('export.flight.columns.reason'), width: 290 },
        { title: t('export.flight.columns.time'), width: 90 },
        { title: t('export.flight.columns.actor'), width: 128 },
      ],
      noShows.map((b) => {
        const n = b.noShow as NonNullable<typeof b.noShow>;
        return [
          b.pvNumber,
          `${b.surname} ${b.givenNames}`.trim(),
          n.note ? `${t(`export.flight.reasons.${n.reason}`)} : ${n.note}` : t(`export.flight.reasons.${n.reason}`),
          f.dateTime(n.at),
          n.actorName,
        ];
      }),
      { size: 8, rowHeight: 13 },
    );
  doc.end();
  return done;
}
