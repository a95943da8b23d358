import type { ReceiptService } from '../services/receipt-service';
import type { Actor } from '../services/departure-service';
import type { CallContext } from './dispatcher';
import type { ReceiptHandlers } from './handler-types';

function actor(ctx: CallContext): Actor {
  if (!ctx.caller) throw new Error('signed-in command called without a caller');
  return { userId: ctx.caller.userId, role: ctx.caller.role };
}

/** Handlers of core/ipc/receipts-contract.ts. */
export function createReceiptHandlers(receipts: ReceiptService): ReceiptHandlers {
  return {
    'receipts.perDiem': (input, ctx) => receipts.print('perDiem', input, actor(ctx)),
    'receipts.exchange': (input, ctx) => receipts.print('exchange', input, actor(ctx)),
    'receipts.exitAttestation': (input, ctx) => receipts.print('exitAttestation', input, actor(ctx)),
  };
}
