import { describe, expect, it } from 'vitest';
import type { PassageView } from '../../../core/ipc';
import { receiptCommands } from '../../../core/ipc/receipts-contract';
import { printableReceipts } from './printable';

const header = { id: 'f1', at: 0, actorName: 'A', postCode: 'CMN' };
const timeline: NonNullable<PassageView['timeline']> = {
  checkin: null,
  exchange: { ...header, madGivenCents: 100, currency: 'USD', amountReceivedCents: 10, rate: '10', receiptNumber: 'X' },
  perDiem: { ...header, amountCents: 10_000, currency: 'USD', receiptNumber: 'R', formsSigned: true },
  stamp: { ...header, stampNumber: 'S' },
};
const view = (tl: PassageView['timeline']) => ({ timeline: tl }) as PassageView;

describe('printableReceipts', () => {
  it('offers nothing before a fact is recorded', () => {
    expect(printableReceipts(null, 'escort')).toEqual([]);
    expect(printableReceipts(view(null), 'supervisor')).toEqual([]);
    expect(printableReceipts(view({ checkin: null, exchange: null, perDiem: null, stamp: null }), 'escort')).toEqual([]);
  });

  it('offers each recorded fact to the roles the contract lets print it', () => {
    expect(printableReceipts(view(timeline), 'escort')).toEqual(['perDiem', 'exchange', 'exitAttestation']);
    expect(printableReceipts(view(timeline), 'supervisor')).toEqual(['perDiem', 'exchange', 'exitAttestation']);
    expect(printableReceipts(view(timeline), 'officer')).toEqual(['exitAttestation']);
    expect(printableReceipts(view({ ...timeline, stamp: null }), 'officer')).toEqual([]);
    for (const role of ['officer', 'escort', 'supervisor'] as const) {
      for (const kind of printableReceipts(view(timeline), role)) {
        expect(receiptCommands[`receipts.${kind}`].access).toContain(role);
      }
    }
  });
});
