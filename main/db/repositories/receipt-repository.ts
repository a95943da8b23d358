import type { Db } from '../connection';

/**
 * SQL of receipts: the signature captured with a per diem payment, and how many times a record's
 * receipt was printed. Prints are facts of the audit chain (`receipt.printed`, subject the PV
 * number, details with the record id and copy number): append-only, hash-chained and sent to the
 * centre like every other fact, so no table of their own.
 */
export function createReceiptRepository(db: Db) {
  const signature = db.prepare<[string], { signature_png: Buffer }>('SELECT signature_png FROM per_diem_payments WHERE id = ?');
  const prints = db.prepare<[string, string, string], { n: number }>(
    `SELECT count(*) AS n FROM audit_log
     WHERE action = 'receipt.printed' AND subject = ? AND json_extract(details, '$.recordId') = ? AND json_extract(details, '$.kind') = ?`,
  );
  return {
    /** The PNG signed by the beneficiary when the per diem was paid; null once erased after the retention period. */
    perDiemSignature(paymentId: string): Buffer | null {
      const png = signature.get(paymentId)?.signature_png;
      return png && png.length > 0 ? png : null;
    },
    /** How many receipts of this kind were printed for the record so far. */
    printCount(pvNumber: string, recordId: string, kind: string): number {
      return prints.get(pvNumber, recordId, kind)?.n ?? 0;
    },
  };
}
export type ReceiptRepository = ReturnType<typeof createReceiptRepository>;
