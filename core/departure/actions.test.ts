import { describe, expect, it } from 'vitest';
import { allowedActions, pvUsable } from './actions';
import type { ActionContext } from './actions';
import { RULE_BLOCKS_FACTS, RULE_IDS } from './rules';
import { samplePassage, sampleTravelDocument } from './testing';
import { verifyPassage } from './verify';

const nothingDone = { checkin: false, exchange: false, perDiem: false, stamp: false };

function context(overrides: Partial<Parameters<typeof samplePassage>[0]> = {}, settlement: ActionContext['settlement'] = null) {
  const v = verifyPassage(samplePassage(overrides));
  return { verdict: v, ctx: { verdict: v.verdict, rules: v.rules, pvNumber: v.pvNumber, done: nothingDone, settlement } };
}

describe('allowed actions', () => {
  it('offers every step on ALLOW', () => {
    const { verdict, ctx } = context();
    expect(verdict.verdict).toBe('ALLOW');
    expect(allowedActions(ctx, 'escort')).toEqual(['checkin', 'exchange', 'pay']);
    expect(allowedActions(ctx, 'officer')).toEqual(['stamp']);
  });

  // A document carrying the PV's number but someone else's identity: each identity rule alone.
  it.each([
    ['identity.name', { surname: 'KONE', givenNames: 'IBRAHIM' }, 'DENY'],
    ['identity.birthDate', { birthDate: '010101' }, 'DENY'],
    ['identity.nationality', { nationality: 'CIV' }, 'DENY'],
    ['identity.sex', { sex: 'F' }, 'REFER'],
  ] as const)('refuses money and the stamp when %s fails (%s)', (rule, doc, expected) => {
    const { verdict, ctx } = context({ travelDocument: sampleTravelDocument(doc) });
    expect(verdict.verdict).toBe(expected);
    expect(verdict.rules.filter((r) => r.status === 'failed').map((r) => r.id)).toEqual([rule]);
    expect(allowedActions(ctx, 'escort')).not.toContain('pay');
    expect(allowedActions(ctx, 'officer')).not.toContain('stamp');
  });

  it('offers nothing to the escort on DENY, and check-in and exchange only on an unsettled REFER', () => {
    expect(allowedActions(context({ travelDocument: sampleTravelDocument({ birthDate: '010101' }) }).ctx, 'escort')).toEqual([]);
    expect(allowedActions(context({ travelDocument: sampleTravelDocument({ sex: 'F' }) }).ctx, 'escort')).toEqual(['checkin', 'exchange']);
  });

  it('pays and stamps a REFER the supervisor allowed, and neither when the supervisor refused', () => {
    const refer = { travelDocument: sampleTravelDocument({ sex: 'F' }) };
    expect(allowedActions(context(refer, 'allow').ctx, 'escort')).toEqual(['checkin', 'exchange', 'pay']);
    expect(allowedActions(context(refer, 'allow').ctx, 'officer')).toEqual(['stamp']);
    expect(allowedActions(context(refer, 'deny').ctx, 'escort')).toEqual([]);
    expect(allowedActions(context(refer, 'deny').ctx, 'officer')).toEqual([]);
    expect(allowedActions(context(refer).ctx, 'supervisor')).toEqual(['settle']);
  });

  it('derives the PV rules that block every fact from the rule table, not from a list of names', () => {
    const blocking = RULE_IDS.filter((id) => RULE_BLOCKS_FACTS[id]);
    expect(blocking).toEqual(['pv.found', 'pv.qr', 'pv.status', 'pv.validity', 'pv.post']);
    for (const id of RULE_IDS) {
      expect(pvUsable([{ id, status: 'failed' }])).toBe(!RULE_BLOCKS_FACTS[id]);
    }
  });
});

describe('a passage opened by hand for a PV', () => {
  it('allows nothing until a travel document was checked against the PV; a supervisor may still void', () => {
    const { ctx } = context();
    const pending = { ...ctx, identityPending: true };
    expect(allowedActions(pending, 'escort')).toEqual([]);
    expect(allowedActions(pending, 'officer')).toEqual([]);
    expect(allowedActions(pending, 'supervisor')).toEqual([]);
    expect(allowedActions({ ...pending, done: { ...nothingDone, perDiem: true } }, 'supervisor')).toEqual(['void']);
  });
});
