import type { shiftCommands } from '../../core/ipc/shift-contract';
import type { syncCommands } from '../../core/ipc/sync-contract';
import type { receiptCommands } from '../../core/ipc/receipts-contract';
import type { flightCommands } from '../../core/ipc/flights-contract';
import type { Handlers } from './dispatcher';

/** The handlers of one contract module, so each module's table lives beside its services. */
export type HandlersFor<T extends object> = Pick<Handlers, Extract<keyof T, keyof Handlers>>;
export type ShiftHandlers = HandlersFor<typeof shiftCommands>;
export type SyncHandlers = HandlersFor<typeof syncCommands>;
export type ReceiptHandlers = HandlersFor<typeof receiptCommands>;
export type FlightHandlers = HandlersFor<typeof flightCommands>;
