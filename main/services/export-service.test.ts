import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../core/ipc/shift-contract';
import { verifyExport } from './export-manifest';
import { shapingRuns, visualOrder } from './export-pdf';
import { csvField } from './export-service';
import { pvFor, supervisorPost } from '../demo/supervisor-fixtures';
import { boardingPassFor, mrzFor } from '../testing/passage-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'rva-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A closed shift: two departures (one by a beneficiary with an Arabic given name), a DENY for an Arabic-named PV, a voided payment, a short till. */
async function closedShift() {
  const post = await supervisorPost();
  const { desk, steps, clock } = post;
  const pvs = [
    pvFor('GIN', 'Diallo', 'Mamadou'),
    pvFor('SDN', 'Ahmed', 'عمر'),
    pvFor('SDN', 'عبد الله', 'محمد'),
    pvFor('CIV', 'Kone', 'Awa'),
  ];
  steps.importPvs(pvs);
  desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 100_000 }, steps.supervisor);
  clock.advance(5 * 60_000);
  steps.depart(pvs[0]!);
  clock.advance(5 * 60_000);
  steps.depart(pvs[1]!);
  steps.verify(pvs[2]!);
  const mistaken = steps.depart(pvs[3]!);
  steps.voidPerDiem(mistaken.escortPassageId, mistaken.paymentId, 'Pécule saisi sur le mauvais dossier');
  clock.advance(60 * 60_000);
  const expected = desk.shifts.status().expected;
  const closed = desk.shifts.close(
    {
      countedUsdCents: 29_000,
      countedMadCents: 100_000,
      expectedUsdCents: expected?.usdCents ?? 0,
      expectedMadCents: expected?.madCents ?? 0,
      reason: 'نقص في الصندوق',
    },
    steps.supervisor,
  );
  if (!closed.ok) throw new Error(closed.error.message);
  return { ...post, shiftId: closed.value.id };
}

let shift: Awaited<ReturnType<typeof closedShift>>;
const files: Partial<Record<'csv' | 'pdf' | 'json', Buffer>> = {};
const exported: Partial<Record<'csv' | 'pdf' | 'json', ExportFile>> = {};

beforeAll(async () => {
  shift = await closedShift();
  const log = shift.desk.shiftLog(shift.shiftId);
  if (!log) throw new Error('no log');
  for (const format of ['csv', 'pdf', 'json'] as const) {
    const file = await shift.desk.exports.shiftLog(log, format, shift.steps.supervisor);
    exported[format] = file;
    files[format] = Buffer.from(file.contentBase64, 'base64');
  }
}, 60_000);

const flip = (file: Buffer, at: number) => {
  const copy = Buffer.from(file);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
};

describe('shift log CSV', () => {
  it('is UTF-8 with a BOM, one row per audit event of the shift, voids with their reasons', () => {
    const file = files.csv as Buffer;
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'seq,time_utc,time_local,action,action_label,actor,role,pv_number,beneficiary,nationality,verdict,amount,currency,reason,record_id,details,audit_hash',
    );
    const events = lines.slice(1, -1);
    const { open_seq: from } = shift.services.db.prepare('SELECT open_seq FROM shifts WHERE id = ?').get(shift.shiftId) as {
      open_seq: number;
    };
    const { close_seq: to } = shift.services.db.prepare('SELECT close_seq FROM shift_closings WHERE shift_id = ?').get(shift.shiftId) as {
      close_seq: number;
    };
    expect(events).toHaveLength(to - from + 1);
    expect(events[0]).toMatch(/^\d+,.*,shift\.opened,Ouverture de vacation,/);
    expect(events.find((l) => l.includes(',perDiem.paid,'))).toContain(',perDiem.paid,Pécule versé,');
    expect(events.at(-1)).toMatch(/shift\.closed,.*,-10\.00,USD,نقص في الصندوق,/);
    expect(events.find((l) => l.includes('record.voided'))).toContain('Pécule saisi sur le mauvais dossier');
    expect(events.filter((l) => l.includes(',perDiem.paid,'))).toHaveLength(3);
    expect(events.find((l) => l.includes('DENY'))).toContain('عبد الله محمد');
    expect(lines.at(-1)).toMatch(/^#RVA-EXPORT-MANIFEST [A-Za-z0-9+/=]+$/);
  });

  it('protects spreadsheet users from formulas in text and quotes separators', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(-10)).toBe('-10');
  });

  it('neutralises a formula in every text cell, whatever the separator or disguise', () => {
    const neutral = (cell: string) => csvField(cell).replace(/^"/, '').startsWith("'");
    // every cell, not only the columns marked as free text
    expect(neutral('=1+1')).toBe(true);
    expect(neutral('@SUM(A1)')).toBe(true);
    // French Excel splits on ';': the cell is quoted, so the second half never becomes a cell of its own
    expect(csvField('Diallo;=HYPERLINK("x")')).toBe('"Diallo;=HYPERLINK(""x"")"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    // full-width and other look-alike signs, which spreadsheets read as their ASCII forms
    for (const sign of ['\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\u2212', '\uFE62', '\uFE63']) {
      expect(neutral(`${sign}HYPERLINK("x")`), sign).toBe(true);
    }
    // invisible or blank characters in front of the sign
    for (const lead of ['\u200B', '\uFEFF', '\u200E', '\u202E', '\u2060', '\u00A0', ' ', '\t', '\r\n']) {
      expect(neutral(`${lead}=1+1`), JSON.stringify(lead)).toBe(true);
    }
    // amounts and plain text stay as they are
    expect(csvField('-50.00')).toBe('-50.00');
    expect(csvField('Mamadou Diallo')).toBe('Mamadou Diallo');
  });
});

describe('signed exports', () => {
  it('verifies as issued, with the content hash, the audit head and the device key', () => {
    for (const format of ['csv', 'pdf', 'json'] as const) {
      const check = verifyExport(files[format] as Buffer, { expectedPublicKey: shift.desk.deviceKey().publicKeySpki });
      expect(check.valid, format).toBe(true);
      if (!check.valid) continue;
      expect(check.manifest.contentSha256).toBe(exported[format]?.sha256);
      expect(check.manifest.auditHead.seq).toBe(exported[format]?.auditHead.seq);
      expect(check.manifest.fileType).toBe(format);
    }
  });

  it('names a one-byte change of the content', () => {
    for (const format of ['csv', 'pdf', 'json'] as const) {
      const file = files[format] as Buffer;
      const at = format === 'json' ? file.indexOf('"events"') + 3 : Math.floor(file.length / 3);
      const check = verifyExport(flip(file, at));
      expect(check.valid, format).toBe(false);
      if (!check.valid)
        expect(
          check.problems.map((p) => p.code),
          format,
        ).toEqual(['contentHashMismatch']);
    }
  });

  it('names an altered manifest, a missing manifest and another signer', () => {
    const csv = files.csv as Buffer;
    const text = csv.toString('utf8');
    const lineAt = text.lastIndexOf('#RVA-EXPORT-MANIFEST ');
    const manifest = JSON.parse(Buffer.from(text.slice(lineAt + 21).trim(), 'base64').toString('utf8')) as Record<string, unknown>;
    const forged = `${text.slice(0, lineAt)}#RVA-EXPORT-MANIFEST ${Buffer.from(JSON.stringify({ ...manifest, postCode: 'RAK' })).toString('base64')}\r\n`;
    const forgedCheck = verifyExport(Buffer.from(forged, 'utf8'));
    expect(forgedCheck.valid ? [] : forgedCheck.problems.map((p) => p.code)).toEqual(['signatureInvalid']);
    const bare = verifyExport(Buffer.from(text.slice(0, lineAt), 'utf8'));
    expect(bare.valid ? [] : bare.problems.map((p) => p.code)).toEqual(['manifestMissing']);
    const other = verifyExport(csv, { expectedPublicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=' });
    expect(other.valid ? [] : other.problems.map((p) => p.code)).toEqual(['unknownSigner']);
  });

  it('writes each export to the audit chain after the head it names', () => {
    const rows = shift.services.db.prepare("SELECT seq, details FROM audit_log WHERE action = 'export.created' ORDER BY seq").all() as {
      seq: number;
      details: string;
    }[];
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => (JSON.parse(r.details) as { contentSha256: string }).contentSha256)).toEqual([
      exported.csv?.sha256,
      exported.pdf?.sha256,
      exported.json?.sha256,
    ]);
    expect(rows[0]?.seq).toBe((exported.csv?.auditHead.seq ?? 0) + 1);
    expect(shift.services.audit.verify().ok).toBe(true);
  });
});

describe('shift log JSON', () => {
  it('is one JSON document with the manifest and the data', () => {
    const doc = JSON.parse((files.json as Buffer).toString('utf8')) as {
      manifest: { kind: string };
      data: {
        format: string;
        shift: { closing: { reason: string } };
        totals: { passages: number; voids: number };
        events: { action: string }[];
      };
    };
    expect(doc.manifest.kind).toBe('shift-log');
    expect(doc.data.format).toBe('rva-shift-log/2');
    expect(doc.data).toMatchObject({ timeZone: 'Africa/Casablanca' });
    expect(doc.data.shift.closing.reason).toBe('نقص في الصندوق');
    expect(doc.data.totals).toMatchObject({ voids: 1 });
    expect(doc.data.events.map((e) => e.action)).toContain('record.voided');
  });
});

describe('shift log PDF', () => {
  it('carries the post, shift, supervisor, totals and the event table, and renders', () => {
    const path = join(dir, 'shift.pdf');
    writeFileSync(path, files.pdf as Buffer);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    expect(text).toContain('Journal de vacation');
    expect(text).toContain('Casablanca Mohammed V (CMN)');
    expect(text).toContain(shift.shiftId);
    expect(text).toContain('Superviseur Démo');
    expect(text).toMatch(/Caisse attendue\s+300,00 USD, 1 000,00 MAD/);
    expect(text).toMatch(/Écart\s+-10,00 USD/);
    // Actions as words, never as codes.
    expect(text).toContain('Annulation');
    expect(text).toContain('Pécule versé');
    expect(text).not.toMatch(/record\.voided|perDiem\.paid|stamp\.recorded|passage\.verified/);
    const raw = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(raw).toContain('Pécule saisi sur le mauvais dossier');
    for (const word of ['عبد', 'الله', 'محمد', 'الصندوق']) expect(text).toContain(word);
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', path, join(dir, 'page')]);
    const png = readFileSync(join(dir, 'page-1.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('names the fonts cannot shape', () => {
  it('still exports the shift PDF, keeping the letters and dropping only the marks that break shaping', async () => {
    const post = await supervisorPost();
    const { desk, steps } = post;
    // U+0336 (long stroke overlay) and U+20DD (enclosing circle) make fontkit's mark positioning throw.
    const pvs = [pvFor('GIN', 'Z\u0336ara\u20DD', 'Fatou\u0301mata'), pvFor('SDN', 'عمر\u0336', 'Nguye\u0302\u0303n')];
    steps.importPvs(pvs);
    desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 0 }, steps.supervisor);
    for (const pv of pvs) steps.depart(pv);
    const closed = desk.shifts.close(
      {
        countedUsdCents: 30_000,
        countedMadCents: 0,
        expectedUsdCents: desk.shifts.status().expected?.usdCents ?? 0,
        expectedMadCents: desk.shifts.status().expected?.madCents ?? 0,
        reason: 'Écart Z\u0336 constaté',
      },
      steps.supervisor,
    );
    if (!closed.ok) throw new Error(closed.error.message);
    const log = desk.shiftLog(closed.value.id);
    if (!log) throw new Error('no log');
    const file = await desk.exports.shiftLog(log, 'pdf', steps.supervisor);
    const path = join(dir, 'marks.pdf');
    writeFileSync(path, Buffer.from(file.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain('Zara');
    expect(text).toContain('Fatoúmata');
    expect(text).toContain('Nguy');
    expect(text).toContain('عمر');
    expect(text).toContain('Écart Z constaté');
  }, 60_000);
});

describe('right-to-left text', () => {
  it('orders text for display with the Unicode bidi algorithm', () => {
    // Logical "عبد الله": the first word shows at the right.
    expect(visualOrder('عبد الله')).toBe('هللا دبع');
    expect(visualOrder('Diallo Mamadou')).toBe('Diallo Mamadou');
    // An Arabic paragraph keeps a number's digits in order; brackets are mirrored.
    expect(visualOrder('رقم 12')).toBe('12 مقر');
    expect(visualOrder('خطأ (مكرر)')).toBe('(رركم) أطخ');
  });

  it('gives the shaper each Arabic word in logical order, placed right to left', () => {
    expect(shapingRuns('عبد الله')).toEqual([
      { arabic: true, text: 'الله' },
      { arabic: false, text: ' ' },
      { arabic: true, text: 'عبد' },
    ]);
    expect(shapingRuns('Ahmed عمر')).toEqual([
      { arabic: false, text: 'Ahmed ' },
      { arabic: true, text: 'عمر' },
    ]);
    expect(shapingRuns('خطأ (مكرر)')).toEqual([
      { arabic: false, text: '(' },
      { arabic: true, text: 'مكرر' },
      { arabic: false, text: ') ' },
      { arabic: true, text: 'خطأ' },
    ]);
  });
});

describe('post time in exports', () => {
  /**
   * A departure during Ramadan 2026, when Casablanca runs on UTC (15/02 to 22/03): 15:34 UTC is
   * 15:34 at the post, where a fixed UTC+1 said 16:34 (the screen, the PDF and the chart disagreed).
   */
  const AT = Date.parse('2026-03-01T15:34:00Z');

  it('writes the local hour in the zone in the CSV, the PDF, the file name and the hour chart', async () => {
    const post = await supervisorPost({ now: AT - 10 * 60_000 });
    const { desk, steps, clock } = post;
    const pv = pvFor('GIN', 'Diallo', 'Mamadou', {
      ticket: { mode: 'air', carrier: 'AT', flightNumber: '535', date: '2026-03-01', pnr: 'K7QZ2P', eticket: '1472345678901' },
      validFrom: Date.parse('2026-02-01T00:00:00Z'),
      validUntil: Date.parse('2026-03-31T23:59:59Z'),
    });
    steps.importPvs([pv]);
    desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 0 }, steps.supervisor);
    clock.set(AT);
    const departed = steps.depart(pv);
    expect(departed.verdict).toBe('ALLOW');
    const log = desk.shiftLog();
    if (!log) throw new Error('no log');

    const csvFile = await desk.exports.shiftLog(log, 'csv', steps.supervisor);
    const stampRow = Buffer.from(csvFile.contentBase64, 'base64')
      .toString('utf8')
      .split('\r\n')
      .find((l) => l.includes(',stamp.recorded,'));
    expect(stampRow).toContain(',2026-03-01T15:34:00.000Z,01/03/2026 15:34:00,');
    expect(csvFile.fileName).toBe(`vacation-CMN-2026-03-01_15-24-${log.shift.id.slice(-8)}.csv`);

    const pdfFile = await desk.exports.shiftLog(log, 'pdf', steps.supervisor);
    const path = join(dir, 'ramadan.pdf');
    writeFileSync(path, Buffer.from(pdfFile.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('01/03/2026 15:34:00');
    expect(text).not.toContain('16:34');

    const report = desk.reports.departures({ from: '2026-03-01', to: '2026-03-01' });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.period.timeZone).toBe('Africa/Casablanca');
    expect(report.value.byHour.filter((h) => h.count > 0)).toEqual([{ hour: 15, count: 1 }]);
    expect(report.value.byDay).toEqual([{ day: '2026-03-01', count: 1 }]);
  }, 60_000);
});

describe('departures report exports', () => {
  it('formats the reasons parameters as the banner does: no raw epoch milliseconds', async () => {
    const post = await supervisorPost();
    const { desk, steps, clock } = post;
    const pv = pvFor('GIN', 'Camara', 'Ibrahima');
    steps.importPvs([pv]);
    steps.depart(pv);
    clock.advance(30 * 60_000);
    // The same person comes back to the desk: "Sortie déjà enregistrée (CMN, 15/06/2026 11:00)".
    expect(steps.verify(pv).verdict).toBe('DENY');
    const report = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!report.ok) throw new Error(report.error.message);
    const csvText = Buffer.from((await desk.exports.report(report.value, 'csv', steps.supervisor)).contentBase64, 'base64').toString(
      'utf8',
    );
    const pdfPath = join(dir, 'report-params.pdf');
    writeFileSync(pdfPath, Buffer.from((await desk.exports.report(report.value, 'pdf', steps.supervisor)).contentBase64, 'base64'));
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    const body = (text: string) => text.replace(/#RVA-EXPORT-MANIFEST.*$/s, '');
    for (const text of [body(csvText), pdfText]) {
      expect(text).toContain('Sortie déjà enregistrée (CMN, 15/06/2026 11:00)');
      expect(text).not.toMatch(/\d{13}/);
    }
  }, 30_000);
});

describe('exports a person can read', () => {
  const pdfText = (name: string, file: ExportFile) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.from(file.contentBase64, 'base64'));
    return {
      path,
      text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(
        /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
        '',
      ),
      raw: execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
    };
  };

  it('prints the opening note, wraps long cells whole, keeps mixed French and Arabic reasons, draws "→"', async () => {
    const post = await supervisorPost();
    const { desk, steps, clock } = post;
    const [pv, minor] = [
      pvFor('GIN', 'Diallo', 'Mamadou'),
      pvFor('MLI', 'Traore', 'Seydou', { flags: { minor: { mnaReference: 'TPI-CASA-2026-77' } } }),
    ];
    steps.importPvs([pv, minor]);
    desk.shifts.open(
      { openingUsdCents: 50_000, openingMadCents: 0, note: 'Relève de 14 h, caisse recomptée avec le chef de poste' },
      steps.supervisor,
    );
    const { escortPassageId, paymentId } = steps.depart(pv);
    const longReason =
      'Pécule saisi sur le mauvais dossier par erreur de sélection dans la file ; le bénéficiaire a signé le bon formulaire ensuite : دفعة مكررة في الملف';
    steps.voidPerDiem(escortPassageId, paymentId, longReason);
    const referred = steps.verify(minor);
    steps.settle(referred.passageId, 'allow', 'Ordonnance du juge vue – موافقة القاضي');
    clock.advance(60_000);
    const log = desk.shiftLog();
    if (!log) throw new Error('no log');
    const shiftPdf = pdfText('readable-shift.pdf', await desk.exports.shiftLog(log, 'pdf', steps.supervisor));
    expect(shiftPdf.text).toContain('Relève de 14 h, caisse recomptée avec le chef de poste');
    expect(shiftPdf.text).not.toContain('…');
    // Wrapped over lines, the whole reason is there, word after word.
    for (const part of [
      'Pécule saisi sur le mauvais dossier',
      'le bénéficiaire a signé le bon formulaire ensuite',
      'دفعة',
      'مكررة',
      'الملف',
    ])
      expect(shiftPdf.raw).toContain(part);

    const report = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!report.ok) throw new Error(report.error.message);
    const reportPdf = pdfText('readable-report.pdf', await desk.exports.report(report.value, 'pdf', steps.supervisor));
    expect(reportPdf.raw).toContain('→ autorisé : Ordonnance du juge vue');
    for (const word of ['موافقة', 'القاضي']) expect(reportPdf.raw).toContain(word);
    const fonts = execFileSync('pdffonts', [reportPdf.path], { encoding: 'utf8' });
    expect(fonts).toContain('NotoSansSymbols');
  }, 60_000);

  it('speaks the language the supervisor chose, country names included', async () => {
    const post = await supervisorPost();
    const { desk, steps } = post;
    const [gin, sen] = [pvFor('GIN', 'Diallo', 'Mamadou'), pvFor('SEN', 'Fall', 'Awa')];
    steps.importPvs([gin, sen]);
    desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 0 }, steps.supervisor);
    steps.depart(gin);
    steps.depart(sen);
    const report = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!report.ok) throw new Error(report.error.message);
    const log = desk.shiftLog();
    if (!log) throw new Error('no log');

    const ar = pdfText('report-ar.pdf', await desk.exports.report(report.value, 'pdf', steps.supervisor, 'ar'));
    for (const word of ['حسب', 'الجنسية', 'غينيا', 'السنغال', 'العام']) expect(ar.raw).toContain(word);
    expect(ar.raw).not.toContain('Guinée');
    const arCsv = Buffer.from((await desk.exports.report(report.value, 'csv', steps.supervisor, 'ar')).contentBase64, 'base64').toString(
      'utf8',
    );
    expect(arCsv).toContain('nationality,GIN,غينيا,1,50.00');

    const en = pdfText('report-en.pdf', await desk.exports.report(report.value, 'pdf', steps.supervisor, 'en'));
    expect(en.text).toMatch(/Guinea\s+1\s+50\.00%/);
    expect(en.text).toContain('Departures from 15/06/2026 to 15/06/2026');
    const enLog = pdfText('shift-en.pdf', await desk.exports.shiftLog(log, 'pdf', steps.supervisor, 'en'));
    expect(enLog.text).toContain('Shift log');
    expect(enLog.text).toContain('Per diem paid');
    expect(enLog.text).toContain('Exit stamp');
    const arLog = pdfText('shift-ar.pdf', await desk.exports.shiftLog(log, 'pdf', steps.supervisor, 'ar'));
    for (const word of ['سجل', 'المناوبة', 'المنحة']) expect(arLog.raw).toContain(word);
  }, 60_000);
});

describe('an MRZ the officer corrected on the keyboard', () => {
  it('is marked "corrigé par l\'agent" in the departures report (CSV, PDF) and the shift log (PDF, JSON), and only that passage', async () => {
    const post = await supervisorPost();
    const { desk, steps, clock, services } = post;
    const [pv, other] = [pvFor('GIN', 'Diallo', 'Mamadou'), pvFor('MLI', 'Traore', 'Seydou')];
    steps.importPvs([pv, other]);
    desk.shifts.open({ openingUsdCents: 50_000, openingMadCents: 0 }, steps.supervisor);
    steps.depart(pv);
    steps.depart(other);
    clock.advance(30 * 60_000);
    // The same person comes back; the camera's reading was corrected by the officer: refused.
    const again = services.departures.verify(
      {
        scans: [
          { source: 'camera', raw: mrzFor(pv), corrected: true },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ],
      },
      steps.officer,
    );
    expect(again.ok && again.value.verdict).toBe('DENY');
    // Another refusal read without correction.
    expect(steps.verify(other).verdict).toBe('DENY');
    const report = desk.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.refused.map((p) => [p.name, p.mrzCorrected])).toEqual([
      ['Diallo Mamadou', true],
      ['Traore Seydou', false],
    ]);
    const csvText = Buffer.from((await desk.exports.report(report.value, 'csv', steps.supervisor)).contentBase64, 'base64').toString(
      'utf8',
    );
    const refusedRows = csvText.split('\r\n').filter((l) => l.startsWith('refused,'));
    expect(refusedRows.map((l) => l.includes("Document (MRZ) corrigé par l'agent"))).toEqual([true, false]);
    const pdf = (name: string, file: ExportFile) => {
      const path = join(dir, name);
      writeFileSync(path, Buffer.from(file.contentBase64, 'base64'));
      return execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const reportText = pdf('corrected-report.pdf', await desk.exports.report(report.value, 'pdf', steps.supervisor));
    expect(reportText.match(/corrigé par l'agent/g)).toHaveLength(1);
    expect(pdf('corrected-report-en.pdf', await desk.exports.report(report.value, 'pdf', steps.supervisor, 'en'))).toContain(
      'corrected by the officer',
    );

    const log = desk.shiftLog();
    if (!log) throw new Error('no log');
    const shiftText = pdf('corrected-shift.pdf', await desk.exports.shiftLog(log, 'pdf', steps.supervisor));
    expect(shiftText.match(/corrigé par l'agent/g)).toHaveLength(1);
    const json = JSON.parse(
      Buffer.from((await desk.exports.shiftLog(log, 'json', steps.supervisor)).contentBase64, 'base64').toString('utf8'),
    ) as { data: { events: { action: string; details: { mrzCorrected?: boolean } }[] } };
    expect(json.data.events.filter((e) => e.details.mrzCorrected === true)).toHaveLength(1);
  }, 60_000);
});
