/**
 * Receipts on paper: the per diem receipt (with the beneficiary's captured signature and the
 * amount in words in French and Arabic), the exchange receipt and the exit attestation. Each is
 * built from the recorded fact (never from what the screen shows), so a receipt exists only for a
 * payment, exchange or stamp that was recorded and not voided. Every print is written to the
 * audit chain (`receipt.printed`); the first is the original, every later one says "DUPLICATA".
 * In Electron the PDF also goes silently to the post's configured printer (a port implemented in
 * main/app); elsewhere the renderer saves the PDF.
 */
import { amountInWords, isWordsCurrency } from '../../core/format/amount-words';
import { countryName } from '../../core/format/countries';
import { createFormatter, timeZoneOrDefault } from '../../core/format/format';
import type { Formatter } from '../../core/format/format';
import type { Pv } from '../../core/departure/pv';
import type { Language } from '../../core/i18n/messages';
import { createTranslator } from '../../core/i18n/translator';
import type { Result } from '../../core/ipc/result';
import { err, ok } from '../../core/ipc/result';
import type { ReceiptFile, ReceiptKind, ReceiptPaper } from '../../core/ipc/receipts-contract';
import { receiptPaperSchema } from '../../core/ipc/receipts-contract';
import type { Db } from '../db/connection';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { DepartureRepository, ExchangeFact, PerDiemFact, StampFact } from '../db/repositories/departure-repository';
import type { ReceiptRepository } from '../db/repositories/receipt-repository';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { Actor } from './departure-service';
import type { PostContext } from './post-context';
import type { ReceiptBlock, ReceiptModel } from './receipt-pdf';
import { renderReceiptPdf } from './receipt-pdf';
import type { ReceiptMessageKey } from './receipt-messages';
import { receiptMessages } from './receipt-messages';
import type { Clock, Logger } from './runtime';
import { newId } from './runtime';
import { POST_TIME_ZONE_SETTING } from './post-context';

/** One receipt for the printer: the device, the paper and the page size of the PDF (a thermal page is as long as its receipt). */
export interface PrintJob {
  deviceName: string;
  paper: ReceiptPaper;
  widthPt: number;
  heightPt: number;
}

/** Sends a PDF to a printer without a dialog (Electron's `webContents.print` in main/app). */
export interface ReceiptPrinter {
  print(pdf: Buffer, job: PrintJob): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface ReceiptSettings {
  /** The post's IANA time zone. */
  timeZone(): string;
  /** The paper loaded in the post's receipt printer (`receipts.paper`): 80 mm thermal by default. */
  paper(): ReceiptPaper;
  /** The printer's device name as the OS knows it (`receipts.printer`); null: no silent printing. */
  printer(): string | null;
}

export function createReceiptSettings(settings: SettingsRepository): ReceiptSettings {
  return {
    timeZone: () => timeZoneOrDefault(settings.get(POST_TIME_ZONE_SETTING)),
    paper: () => {
      const parsed = receiptPaperSchema.safeParse(settings.get('receipts.paper'));
      return parsed.success ? parsed.data : 'thermal80';
    },
    printer: () => settings.get('receipts.printer')?.trim() || null,
  };
}

export interface ReceiptDeps {
  db: Db;
  departures: DepartureRepository;
  receipts: ReceiptRepository;
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  post: PostContext;
  settings: ReceiptSettings;
  /** Present in Electron only. */
  printer?: ReceiptPrinter;
}

export interface ReceiptRequest {
  passageId: string;
  language: Language;
  paper?: ReceiptPaper;
}

type Fact = PerDiemFact | ExchangeFact | StampFact;

const FILE_PREFIX: Record<ReceiptKind, string> = {
  perDiem: 'recu-pecule',
  exchange: 'recu-change',
  exitAttestation: 'attestation-sortie',
};

const MISSING: Record<ReceiptKind, string> = {
  perDiem: 'receipts.errors.noPerDiem',
  exchange: 'receipts.errors.noExchange',
  exitAttestation: 'receipts.errors.noStamp',
};

/** Makes a PV number safe inside a file name. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');

export function createReceiptService(deps: ReceiptDeps) {
  const { db, departures, receipts, audit, clock, logger, post } = deps;
  const messages = createTranslator<(typeof receiptMessages)['fr']>([receiptMessages]);

  function findFact(kind: ReceiptKind, pvNumber: string): Fact | null {
    if (kind === 'perDiem') return departures.currentPerDiem(pvNumber);
    if (kind === 'exchange') return departures.currentExchange(pvNumber);
    return departures.currentStamp(pvNumber);
  }

  function blocks(
    kind: ReceiptKind,
    fact: Fact,
    pv: Pv,
    language: Language,
    copy: number,
    printedAt: number,
  ): { title: string; blocks: ReceiptBlock[] } {
    const t = (key: ReceiptMessageKey, params?: Record<string, string | number>) => messages.t(language, key, params);
    const f: Formatter = createFormatter(language, deps.settings.timeZone());
    const b = pv.beneficiary;
    const name = `${b.surname} ${b.givenNames}`.trim();
    const postLine = post.post.name ? `${post.post.name} (${post.post.code})` : post.post.code;
    const title = t(`receipt.title.${kind}`);
    const out: ReceiptBlock[] = [];
    if (copy > 1) out.push({ kind: 'banner', text: t('receipt.duplicate') });
    out.push({ kind: 'title', text: title });
    out.push({ kind: 'text', text: t('receipt.programme'), small: true, align: 'center' });
    out.push({ kind: 'text', text: postLine, small: true, align: 'center' });
    out.push({ kind: 'rule' });
    const pair = (label: ReceiptMessageKey, value: string, strong = false) => out.push({ kind: 'pair', label: t(label), value, strong });
    const words = (cents: number, currency: string) => {
      if (!isWordsCurrency(currency)) return;
      pair('receipt.wordsFr', amountInWords(cents, currency, 'fr'));
      pair('receipt.wordsAr', amountInWords(cents, currency, 'ar'));
      if (language === 'en') pair('receipt.wordsEn', amountInWords(cents, currency, 'en'));
    };

    if (kind === 'exitAttestation') {
      const stamp = fact as StampFact;
      out.push({ kind: 'text', text: t('receipt.departed') });
      out.push({ kind: 'rule' });
      pair('receipt.beneficiary', name, true);
      pair('receipt.birthDate', f.calendarDate(b.birthDate));
      pair('receipt.nationality', `${countryName(b.nationality, language)} (${b.nationality})`);
      pair('receipt.document', `${pv.travelDocument.number} (${pv.travelDocument.issuingState})`);
      pair('receipt.pvNumber', pv.pvNumber);
      pair(
        'receipt.flight',
        pv.ticket.mode === 'air'
          ? `${pv.ticket.carrier} ${pv.ticket.flightNumber} · ${f.calendarDate(pv.ticket.date)}`
          : `${pv.ticket.route} · ${f.calendarDate(pv.ticket.date)}`,
      );
      out.push({ kind: 'rule' });
      pair('receipt.dateTime', f.dateTime(stamp.at), true);
      pair('receipt.post', postLine);
      pair('receipt.stampNumber', stamp.stampNumber);
      pair('receipt.officer', stamp.actorName);
    } else {
      const money = fact as PerDiemFact | ExchangeFact;
      pair('receipt.receiptNumber', money.receiptNumber);
      pair('receipt.dateTime', f.dateTime(money.at));
      pair('receipt.beneficiary', name, true);
      pair('receipt.nationality', `${countryName(b.nationality, language)} (${b.nationality})`);
      pair('receipt.pvNumber', pv.pvNumber);
      pair('receipt.iomCase', b.iomCaseNumber || '-');
      out.push({ kind: 'rule' });
      if (kind === 'perDiem') {
        const paid = fact as PerDiemFact;
        pair('receipt.amount', f.amount(paid.amountCents, paid.currency), true);
        words(paid.amountCents, paid.currency);
        pair('receipt.formsSigned', paid.formsSigned ? t('receipt.yes') : t('receipt.no'));
      } else {
        const exchange = fact as ExchangeFact;
        pair('receipt.given', f.amount(exchange.madGivenCents, 'MAD'), true);
        words(exchange.madGivenCents, 'MAD');
        pair('receipt.received', f.amount(exchange.amountReceivedCents, exchange.currency), true);
        words(exchange.amountReceivedCents, exchange.currency);
        pair('receipt.rate', exchange.rate);
      }
      out.push({ kind: 'rule' });
      pair('receipt.escort', money.actorName);
      pair('receipt.post', postLine);
      if (kind === 'perDiem') {
        const png = receipts.perDiemSignature(fact.id);
        out.push({ kind: 'text', text: t('receipt.acknowledgement'), small: true });
        if (png) out.push({ kind: 'signature', png, caption: t('receipt.signature') });
      }
    }
    out.push({ kind: 'rule' });
    if (copy > 1) out.push({ kind: 'text', text: t('receipt.copy', { n: copy, at: f.dateTime(printedAt) }), small: true, align: 'center' });
    out.push({ kind: 'text', text: fact.id, small: true, align: 'center' });
    return { title, blocks: out };
  }

  return {
    async print(kind: ReceiptKind, request: ReceiptRequest, actor: Actor): Promise<Result<ReceiptFile>> {
      const passage = departures.findPassage(request.passageId);
      if (!passage || passage.postCode !== post.post.code) return err('notFound', 'receipts.errors.passageNotFound');
      const pvNumber = passage.pvNumber;
      const pv = pvNumber ? departures.findPv(pvNumber) : null;
      if (!pvNumber || !pv) return err('refused', 'receipts.errors.noPv');
      const fact = findFact(kind, pvNumber);
      if (!fact) return err('refused', MISSING[kind]);
      const paper = request.paper ?? deps.settings.paper();
      const rtl = request.language === 'ar';

      // Render, then record the print only if no other print of the record came in between
      // (the copy number on the paper is the one in the audit chain).
      let copy = 0;
      let pdf: Buffer | null = null;
      let page = { widthPt: 0, heightPt: 0 };
      let at = 0;
      for (let attempt = 0; attempt < 5 && !pdf; attempt++) {
        copy = receipts.printCount(pvNumber, fact.id, kind) + 1;
        at = clock.now();
        const { title, blocks: content } = blocks(kind, fact, pv, request.language, copy, at);
        const model: ReceiptModel = { title, rtl, blocks: content, createdAt: at };
        const rendered = await renderReceiptPdf(model, paper);
        const expected = copy;
        const recorded = db
          .transaction(() => {
            if (receipts.printCount(pvNumber, fact.id, kind) + 1 !== expected) return false;
            audit.append(
              {
                id: newId(clock),
                at: clock.now(),
                actorId: actor.userId,
                actorRole: actor.role,
                action: 'receipt.printed',
                subject: pvNumber,
                details: { kind, recordId: fact.id, passageId: passage.id, pvNumber, copy: expected, paper, language: request.language },
              },
              { deviceId: post.deviceId, postCode: post.post.code },
            );
            return true;
          })
          .immediate();
        if (recorded) {
          pdf = rendered.pdf;
          page = { widthPt: rendered.widthPt, heightPt: rendered.heightPt };
        }
      }
      if (!pdf) return err('conflict', 'receipts.errors.busy');

      let printedOn: string | null = null;
      let printError: string | null = null;
      const deviceName = deps.settings.printer();
      if (deps.printer && deviceName) {
        const sent = await deps.printer.print(pdf, { deviceName, paper, ...page });
        if (sent.ok) printedOn = deviceName;
        else printError = sent.reason;
      }
      logger.info('receipt.printed', { kind, copy, paper, silent: printedOn !== null, printFailed: printError !== null });
      const f = createFormatter(request.language, deps.settings.timeZone());
      return ok({
        kind,
        recordId: fact.id,
        copy,
        duplicate: copy > 1,
        paper,
        fileName: `${FILE_PREFIX[kind]}_${fileSafe(pvNumber)}_${f.fileStamp(at)}${copy > 1 ? `_duplicata-${copy}` : ''}.pdf`,
        mimeType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
        bytes: pdf.length,
        printedOn,
        printError,
      });
    },
  };
}
export type ReceiptService = ReturnType<typeof createReceiptService>;
