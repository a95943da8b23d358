import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../../core/format/format';
import type { PassageView } from '../../../core/ipc';
import {
  blockingFailures,
  ruleParams,
  showControls,
  isIncomplete,
  normalizeRate,
  openReferrals,
  orderRules,
  parseAmountToCents,
  rateText,
  suggestRate,
} from './format';
import { restorePrefix } from './use-wedge';

type Rule = PassageView['rules'][number];
const rule = (id: string, status: Rule['status'], reason: string, severity: Rule['severity'] = 'deny'): Rule => ({
  id,
  status,
  severity,
  reason: `rule.${id}.${reason}`,
  params: {},
});

function view(overrides: Partial<PassageView> = {}): PassageView {
  return {
    passageId: 'p1',
    at: 0,
    verdict: 'ALLOW',
    rules: [],
    pending: [],
    scans: [],
    document: null,
    boardingPass: null,
    pv: null,
    timeline: null,
    settlement: null,
    actions: [],
    perDiem: { amountCents: 10_000, currency: 'USD', period: 'RVA 2026-2027' },
    ...overrides,
  };
}

describe('amounts and rates', () => {
  it('reads decimals typed with a comma, a dot or spaces as integer cents', () => {
    expect(parseAmountToCents('1 000,50')).toBe(100_050);
    expect(parseAmountToCents('1000.5')).toBe(100_050);
    expect(parseAmountToCents('75')).toBe(7_500);
    expect(parseAmountToCents('0,07')).toBe(7);
    expect(parseAmountToCents('6\u202f010\u202f000')).toBe(601_000_000);
  });

  it('refuses what is not an amount with at most two decimals', () => {
    for (const bad of ['', 'abc', '1,234', '10.', '-5', '1.2.3', '12,345']) expect(parseAmountToCents(bad), bad).toBeNull();
  });

  it('normalises a typed rate to the contract format', () => {
    expect(normalizeRate('10,75')).toBe('10.75');
    expect(normalizeRate('10.1234567')).toBeNull();
  });

  it('suggests the rate with the decimal mark of the language, and reads either mark back to the exact value', () => {
    const [fr, ar, en] = [createFormatter('fr'), createFormatter('ar'), createFormatter('en')];
    expect(suggestRate(100_000, 6_010_000, fr)).toBe('60,1');
    expect(suggestRate(100_000, 6_010_000, ar)).toBe('60,1');
    expect(suggestRate(100_000, 6_010_000, en)).toBe('60.1');
    expect(suggestRate(0, 10, fr)).toBeNull();
    // A rate over a thousand is suggested without grouping, so it reads back whole.
    expect(suggestRate(100_000, 123_456_700, fr)).toBe('1234,567');
    for (const typed of ['60,1', '60.1', ' 60,1 ']) expect(normalizeRate(typed), typed).toBe('60.1');
    expect(normalizeRate('1\u202f234,567')).toBe('1234.567');
    expect(normalizeRate('0,000001')).toBe('0.000001');
    // What the field shows reads back as the very rate suggested: nothing rounded on the way.
    for (const [g, r] of [
      [100_000, 6_010_000],
      [300_000, 100_000],
      [100_000, 123_456_700],
    ] as const) {
      for (const f of [fr, ar, en]) {
        const shown = suggestRate(g, r, f);
        expect(shown && normalizeRate(shown), `${f.language} ${g} ${r}`).toBe(suggestRate(g, r, en));
      }
    }
    expect(rateText(fr, '60.123456')).toBe('60,123456');
    expect(rateText(en, '60.123456')).toBe('60.123456');
  });
});

describe('rules', () => {
  it('formats instants and ISO dates in rule parameters, other values unchanged', () => {
    const out = ruleParams(createFormatter('fr', 'Africa/Casablanca'), {
      expiry: '2026-09-01',
      at: Date.UTC(2026, 5, 15, 10, 0),
      pvNumber: 'PV-1',
      age: 16,
    });
    expect(out.expiry).toBe('01/09/2026');
    // The post's time zone (UTC+1 in Casablanca that day), whatever the machine's.
    expect(out.at).toBe('15/06/2026 11:00');
    expect(out.pvNumber).toBe('PV-1');
    expect(out.age).toBe('16');
  });

  it('puts failed rules first, deny before refer, then passed, then not applicable', () => {
    const rules = [
      rule('a', 'passed', 'ok'),
      rule('b', 'notApplicable', 'noPv'),
      rule('c', 'failed', 'x', 'refer'),
      rule('d', 'failed', 'y'),
    ];
    expect(orderRules(rules).map((r) => r.id)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('tells a passage still waiting for a scan from one with a real finding', () => {
    const waiting = view({
      verdict: 'REFER',
      pending: ['boardingPass'],
      rules: [rule('ticket.boardingPass', 'failed', 'missing', 'refer')],
    });
    expect(isIncomplete(waiting)).toBe(true);
    const revoked = view({
      verdict: 'DENY',
      pending: ['boardingPass'],
      rules: [rule('ticket.boardingPass', 'failed', 'missing', 'refer'), rule('pv.status', 'failed', 'revoked')],
    });
    expect(isIncomplete(revoked)).toBe(false);
    expect(blockingFailures(revoked).map((r) => r.id)).toEqual(['pv.status']);
  });
});

describe('referral queue', () => {
  it('keeps the newest passage of each PV, and only complete ones', () => {
    const minor = rule('flags.minor', 'failed', 'minorFlag', 'refer');
    const missing = rule('ticket.boardingPass', 'failed', 'missing', 'refer');
    const list = [
      { passageId: 'old', at: 1, pvNumber: 'PV-1', rules: [minor, missing] },
      { passageId: 'new', at: 2, pvNumber: 'PV-1', rules: [minor] },
      { passageId: 'half', at: 3, pvNumber: 'PV-2', rules: [missing] },
      // Same instant as a complete one: the half passage does not hide it.
      { passageId: 'half-3', at: 4, pvNumber: 'PV-3', rules: [minor, missing] },
      { passageId: 'full-3', at: 4, pvNumber: 'PV-3', rules: [minor] },
    ];
    expect(openReferrals(list).map((r) => r.passageId)).toEqual(['full-3', 'new']);
  });
});

describe('wedge scans cut by a stall', () => {
  const ws = (raw: string) => ({ raw, startedAt: 0, endedAt: 0, lines: raw.split('\n').length, layout: 'ok' as const });

  it('gives back the start that the box received just before', () => {
    expect(restorePrefix(ws('AYE<<MAMADOU\nLP0451'), 'PLSENNDIAYE<<MAMADOULP0451')).toBe('PLSENNDIAYE<<MAMADOU\nLP0451');
  });

  it('leaves a whole scan, or unrelated box text, alone', () => {
    expect(restorePrefix(ws('ABCDEF\nGHIJKL'), 'ABCDEFGHIJKL')).toBe('ABCDEF\nGHIJKL');
    expect(restorePrefix(ws('ABCDEF'), 'XYZ')).toBe('ABCDEF');
  });
});

describe('showControls', () => {
  it('shows bidi and other control characters as visible codes, so none reorders or hides the text', () => {
    expect(showControls('AB\u202eCD')).toBe('AB⟨U+202E⟩CD');
    expect(showControls('P<GIN\u2066X\u2069\u200f')).toBe('P<GIN⟨U+2066⟩X⟨U+2069⟩⟨U+200F⟩');
    expect(showControls('A\u0000B\tC\u001dD')).toBe('A⟨U+0000⟩B⟨U+0009⟩C⟨U+001D⟩D');
    // The line breaks of a multi-line MRZ stay line breaks.
    expect(showControls('LINE1\nLINE2')).toBe('LINE1\nLINE2');
    const shown = showControls('\u202eEVIL\u202c');
    expect(shown).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
  });
});
