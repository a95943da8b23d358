/**
 * Receipts on paper: the per diem receipt, the exchange receipt and the exit attestation, as PDFs
 * (80 mm thermal roll, A4 or A5). The first print of a record is the original; every later one is
 * a "DUPLICATA". In Electron the PDF also goes silently to the post's configured printer. Merged
 * into the contract in contract.ts.
 */
import { z } from 'zod';
import type { CommandSpec } from './spec';
import { command } from './spec';

export const receiptKindSchema = z.enum(['perDiem', 'exchange', 'exitAttestation']);
export type ReceiptKind = z.infer<typeof receiptKindSchema>;

export const receiptPaperSchema = z.enum(['thermal80', 'a5', 'a4']);
export type ReceiptPaper = z.infer<typeof receiptPaperSchema>;

/** The language the receipt is written in (the per diem amount is always in words in French and Arabic too). */
export const receiptLanguageSchema = z.enum(['fr', 'ar', 'en']);

const receiptInput = z
  .object({
    passageId: z.string().min(1).max(64),
    language: receiptLanguageSchema.default('fr'),
    /** Paper size; the post's setting (`receipts.paper`, 80 mm by default) when absent. */
    paper: receiptPaperSchema.optional(),
  })
  .strict();

export const receiptFileSchema = z.object({
  kind: receiptKindSchema,
  /** The record the receipt is for (payment, exchange or stamp id). */
  recordId: z.string(),
  /** 1 for the original, 2 and more for each "DUPLICATA". */
  copy: z.number().int().min(1),
  duplicate: z.boolean(),
  paper: receiptPaperSchema,
  fileName: z.string(),
  mimeType: z.literal('application/pdf'),
  contentBase64: z.string(),
  bytes: z.number().int(),
  /** Where it was printed silently (Electron with a configured printer); null: save or open the PDF. */
  printedOn: z.string().nullable(),
  /** Why a silent print failed (the PDF is still given); null when not attempted or done. */
  printError: z.string().nullable(),
});
export type ReceiptFile = z.infer<typeof receiptFileSchema>;

const money = ['escort', 'supervisor'] as const;

export const receiptCommands = {
  /** Refused when the passage's PV has no (unvoided) per diem payment. */
  'receipts.perDiem': command({ input: receiptInput, output: receiptFileSchema, access: money }),
  /** Refused when the passage's PV has no (unvoided) currency exchange. */
  'receipts.exchange': command({ input: receiptInput, output: receiptFileSchema, access: money }),
  /** Refused when the passage's PV has no (unvoided) exit stamp. */
  'receipts.exitAttestation': command({ input: receiptInput, output: receiptFileSchema, access: [...money, 'officer'] }),
} as const satisfies Record<string, CommandSpec>;
