import type { ShiftHandlers } from './handler-types';

/** Handlers of the supervisor desk (core/ipc/shift-contract.ts). */
export function createShiftHandlers(): ShiftHandlers {
  return {};
}
