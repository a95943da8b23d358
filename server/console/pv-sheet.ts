/**
 * The sheet of signed PV QR codes for a police station (PDF), and the signed QR texts it prints.
 *
 * A PV QR is signed by the issuing authority's PV key (core/departure/pv-qr.ts); the centre only
 * holds the public halves (`pv_keys`) it distributes to the posts. So the centre never signs a
 * PV QR: an administrator attaches the signed text the authority made, the centre checks it
 * (trusted key, not revoked, fields equal to the PV it holds) and keeps it, and the sheet prints
 * it exactly as the post will verify it. A PV without one is printed without a QR, marked so.
 */
import qrcode from 'qrcode-generator';
import type { PvQrInvalidCode, PvTrustedKey } from '../../core/departure/pv-qr';
import { canonicalJson, pvToQrFields, verifyPvQr } from '../../core/departure/pv-qr';
import type { Pv } from '../../core/departure/pv';
import { pvSchema } from '../../core/departure/pv';
import { addDays, createFormatter, zonedDayStart } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import type { SqlClient, Storage } from '../storage';
import { pvSheetMessages } from './messages';
import { consolePdf, runs } from './stats-export';

const PROGRAMME_ZONE = 'Africa/Casablanca';
/** Most PVs on one sheet. */
export const MAX_SHEET_PVS = 200;

export type AttachQrError = 'pvUnknown' | 'qrInvalid' | 'qrOtherPv';
/** What the check of a signed QR text said: kept (or already held), or why not. */
export type AttachQrResult =
  | { ok: true; keyId: string; already: boolean }
  | { ok: false; error: 'pvUnknown' | 'qrOtherPv' }
  | { ok: false; error: 'qrInvalid'; code: PvQrInvalidCode };
type Checked = { ok: true; keyId: string } | Exclude<AttachQrResult, { ok: true } | { error: 'pvUnknown' }>;

/** The PV signing keys the centre trusts now (those it distributes to the posts). */
export async function trustedKeys(storage: SqlClient): Promise<PvTrustedKey[]> {
  const { rows } = await storage.query<{ key_id: string; public_key: string }>(
    'SELECT key_id, public_key FROM pv_keys WHERE revoked_at IS NULL ORDER BY key_id',
  );
  return rows.map((r) => ({ keyId: r.key_id, publicKey: r.public_key }));
}

/** The PV as the centre holds it and the signed text held for it; `lock`: the PV kept from changing until the transaction ends. */
async function heldPv(client: SqlClient, pvNumber: string, lock = false): Promise<{ pv: Pv; qr: string | null } | null> {
  const { rows } = await client.query<{ body: unknown; qr: string | null }>(
    `SELECT p.body, q.qr FROM pvs p LEFT JOIN pv_signed_qrs q USING (pv_number) WHERE p.pv_number = $1${lock ? ' FOR SHARE OF p' : ''}`,
    [pvNumber],
  );
  const parsed = rows[0] ? pvSchema.safeParse(rows[0].body) : null;
  return parsed?.success ? { pv: parsed.data, qr: rows[0]?.qr ?? null } : null;
}

/** A signed QR text that verifies with a trusted key and carries exactly this PV's current fields, or why not. */
function check(text: string, pv: Pv, keys: readonly PvTrustedKey[]): Checked {
  const verified = verifyPvQr(text, keys);
  if (!verified.valid) return { ok: false, error: 'qrInvalid', code: verified.code };
  if (canonicalJson(verified.fields) !== canonicalJson(pvToQrFields(pv))) return { ok: false, error: 'qrOtherPv' };
  return { ok: true, keyId: verified.keyId };
}

/**
 * Keeps the authority's signed QR for a PV once it checks out; nothing is written otherwise. One
 * transaction, the PV kept from changing while it is checked: the text kept carries the fields of
 * the PV as it is when kept. The one check of a signed text, for one text (the PV screen) and for a
 * file of them (signed-qr-import.ts, which passes the keys it read once).
 */
export async function attachSignedQr(
  storage: Storage,
  pvNumber: string,
  text: string,
  now: number,
  keys?: readonly PvTrustedKey[],
): Promise<AttachQrResult> {
  const trusted = keys ?? (await trustedKeys(storage));
  const qr = text.trim();
  return storage.transaction(async (tx): Promise<AttachQrResult> => {
    const held = await heldPv(tx, pvNumber, true);
    if (!held) return { ok: false, error: 'pvUnknown' };
    const { pv } = held;
    const checked = check(qr, pv, trusted);
    if (!checked.ok) return checked;
    if (held.qr === qr) return { ok: true, keyId: checked.keyId, already: true };
    await tx.query(
      `INSERT INTO pv_signed_qrs (pv_number, qr, key_id, revision, added_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (pv_number) DO UPDATE SET qr = EXCLUDED.qr, key_id = EXCLUDED.key_id, revision = EXCLUDED.revision, added_at = EXCLUDED.added_at`,
      [pvNumber, qr, checked.keyId, pv.revision, now],
    );
    return { ok: true, keyId: checked.keyId, already: false };
  });
}

export interface SheetEntry {
  pv: Pv;
  /** The signed QR, only while it still verifies (key trusted, fields those of the current PV). */
  signed: { text: string; keyId: string } | null;
}

/** The PVs asked for, in the order asked; unknown numbers are left out (the caller says which). */
export async function sheetEntries(storage: Storage, pvNumbers: readonly string[]): Promise<{ entries: SheetEntry[]; unknown: string[] }> {
  const keys = await trustedKeys(storage);
  const entries: SheetEntry[] = [];
  const unknown: string[] = [];
  for (const number of pvNumbers) {
    const held = await heldPv(storage, number);
    if (!held) {
      unknown.push(number);
      continue;
    }
    const { pv, qr } = held;
    const checked = qr ? check(qr, pv, keys) : null;
    entries.push({ pv, signed: qr && checked?.ok ? { text: qr, keyId: checked.keyId } : null });
  }
  return { entries, unknown };
}

/**
 * The PVs of one police station (as written on the PV), optionally only those issued on one day
 * in the programme's zone, by number. At most MAX_SHEET_PVS + 1 (the caller refuses more).
 */
export async function stationPvNumbers(storage: Storage, station: string, date: string | null): Promise<string[]> {
  const from = date ? zonedDayStart(date, PROGRAMME_ZONE) : 0;
  const to = date ? zonedDayStart(addDays(date, 1), PROGRAMME_ZONE) : Number.MAX_SAFE_INTEGER;
  const { rows } = await storage.query<{ pv_number: string }>(
    `SELECT pv_number FROM pvs
      WHERE body->>'policeStation' = $1 AND (body->>'issuedAt')::bigint >= $2 AND (body->>'issuedAt')::bigint < $3
      ORDER BY pv_number LIMIT $4`,
    [station, from, to, MAX_SHEET_PVS + 1],
  );
  return rows.map((r) => r.pv_number);
}

export async function pvSheetPdf(entries: readonly SheetEntry[], language: Language, now: number): Promise<Buffer> {
  const m = pvSheetMessages[language];
  const f = createFormatter(language, PROGRAMME_ZONE);
  const rtl = language === 'ar';
  const fill = (text: string, params: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
  const { doc, done } = consolePdf(m.title, now);

  const left = 40;
  const width = doc.page.width - 80;
  const qrSize = 170;
  let y = 40;
  /** One line in [x, x + w], from the start side of the language (bidi runs as the stats PDF). */
  const line = (text: string, x: number, w: number, size: number, bold = false) => {
    const pieces = runs(text).map((r) => {
      const font = r.arabic ? (bold ? 'arabicBold' : 'arabic') : bold ? 'latinBold' : 'latin';
      doc.font(font).fontSize(size);
      return { font, text: r.text, width: doc.widthOfString(r.text) };
    });
    const total = pieces.reduce((s, p) => s + p.width, 0);
    let cx = rtl ? x + w - total : x;
    for (const p of pieces) {
      doc
        .font(p.font)
        .fontSize(size)
        .text(p.text, cx, y + size, { lineBreak: false, baseline: 'alphabetic' });
      cx += p.width;
    }
    y += size + 6;
  };
  /** The QR as black squares on white, with a quiet zone of four modules. */
  const drawQr = (text: string, x: number, top: number) => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const count = qr.getModuleCount();
    const cell = qrSize / (count + 8);
    doc.save().rect(x, top, qrSize, qrSize).fill('#ffffff');
    for (let r = 0; r < count; r++)
      for (let c = 0; c < count; c++) if (qr.isDark(r, c)) doc.rect(x + (c + 4) * cell, top + (r + 4) * cell, cell, cell).fill('#000000');
    doc.restore();
  };

  line(m.title, left, width, 16, true);
  line(fill(m.generated, { at: f.dateTime(now), count: f.integer(entries.length) }), left, width, 9);
  y += 8;
  for (const { pv, signed } of entries) {
    if (y + qrSize + 20 > doc.page.height - 40) {
      doc.addPage();
      y = 40;
    }
    const top = y;
    // Text beside the QR: on the start side of the page in the sheet's language.
    const textX = rtl ? left : left + qrSize + 16;
    const textW = width - qrSize - 16;
    const name = `${pv.beneficiary.surname.toUpperCase()} ${pv.beneficiary.givenNames}`.trim();
    line(name, textX, textW, 13, true);
    line(fill(m.pvNumber, { number: pv.pvNumber }), textX, textW, 11);
    line(fill(m.station, { station: pv.policeStation }), textX, textW, 10);
    const t = pv.ticket;
    line(
      t.mode === 'air'
        ? fill(m.flight, { flight: `${t.carrier} ${t.flightNumber}`, date: f.calendarDate(t.date) })
        : fill(m.land, { route: t.route, date: f.calendarDate(t.date) }),
      textX,
      textW,
      10,
    );
    if (signed) {
      line(fill(m.signed, { key: signed.keyId }), textX, textW, 9);
      drawQr(signed.text, rtl ? left + width - qrSize : left, top);
    } else {
      for (const part of m.unsigned.split(/(?<=:) /)) line(part, textX, textW, 9);
    }
    y = Math.max(y, top + qrSize) + 14;
    doc
      .moveTo(left, y - 7)
      .lineTo(left + width, y - 7)
      .lineWidth(0.5)
      .stroke('#999999');
  }
  doc.end();
  return done;
}
