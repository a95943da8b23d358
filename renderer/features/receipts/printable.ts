import type { PassageView, Role } from '../../../core/ipc';
import type { ReceiptKind } from '../../../core/ipc/receipts-contract';

/**
 * The receipts a role may print for a passage, once their fact is recorded: the per diem and
 * exchange receipts for escorts and supervisors, the exit attestation for every role (the same
 * lists as the contract's access; the service refuses anything else anyway).
 */
export function printableReceipts(view: PassageView | null, role: Role): ReceiptKind[] {
  const tl = view?.timeline;
  if (!tl) return [];
  const money = role === 'escort' || role === 'supervisor';
  const kinds: ReceiptKind[] = [];
  if (money && tl.perDiem) kinds.push('perDiem');
  if (money && tl.exchange) kinds.push('exchange');
  if (tl.stamp) kinds.push('exitAttestation');
  return kinds;
}
