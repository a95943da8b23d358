import bidiFactory from 'bidi-js';
// React's static renderer, not this repository's server/ layer (whose import pattern also matches the name).
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOutput, PassageView } from '../../../core/ipc';
import { createFormatter, DEFAULT_TIME_ZONE } from '../../../core/format/format';
import type { PvTicket } from '../../../core/departure/pv';
import { sampleBoardingPassLeg, sampleParsedBoardingPass, samplePv } from '../../../core/departure/testing';
import { projectPassageView } from '../../../core/departure/view';
import { FSI, PDI } from '../../../core/i18n/translator';
import { i18n, initI18n } from '../../i18n';
import { BeneficiaryCard } from './BeneficiaryCard';
import { ReferralItem } from './ReferralQueue';
import { Timeline } from './Timeline';

const bidi = bidiFactory();
const AT = Date.parse('2026-12-04T15:34:00Z');
type AirTicket = Extract<PvTicket, { mode: 'air' }>;
const fact = { id: 'f', at: AT, actorName: 'Escorte OIM Démo', postCode: 'CMN' };

/** The sample PV's passage, its steps all done, on a day whose date differs from the birth date's shape. */
const view: PassageView = projectPassageView({
  passage: {
    id: 'p-1',
    at: AT,
    verdict: 'REFER',
    rules: [],
    pvNumber: 'PV-CMN-2026-000123',
    pvSource: 'cache',
    scans: {
      document: null,
      boardingPass: sampleParsedBoardingPass({ legs: [sampleBoardingPassLeg({ flightDate: '2026-12-04', seat: '012A' })] }),
      summaries: [],
    },
  },
  airport: 'CMN',
  pv: samplePv({ ticket: { ...(samplePv().ticket as AirTicket), date: '2026-12-04' } }),
  timeline: {
    checkin: { ...fact, bagCount: 2 },
    exchange: { ...fact, madGivenCents: 100_000, currency: 'XOF', amountReceivedCents: 6_010_000, rate: '60.1', receiptNumber: 'X-77' },
    perDiem: { ...fact, amountCents: 10_000, currency: 'USD', receiptNumber: 'R-001', formsSigned: true },
    stamp: { ...fact, stampNumber: 'CMN-0042' },
  },
  settlement: null,
  actions: [],
  perDiem: { amountCents: 10_000, currency: 'USD', period: '2026' },
});

const referral: CommandOutput<'referrals.list'>[number] = {
  passageId: 'p-1',
  at: AT,
  pvNumber: 'PV-CMN-2026-000123',
  name: "N'DIAYE Mamadou",
  nationality: 'SEN',
  rules: [],
};

/** The markup as text, each `<bdi>` read as the isolate it is (FSI…PDI), other tags dropped. */
function text(element: ReactElement | string): string {
  return (typeof element === 'string' ? element : renderToStaticMarkup(element))
    .replace(/<bdi\b[^>]*>/g, FSI)
    .replace(/<\/bdi>/g, PDI)
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Where `value` occurs in `line` outside any isolate (an empty list: every occurrence is isolated). */
function bare(line: string, value: string): number[] {
  const out: number[] = [];
  for (let at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + 1)) {
    let depth = 0;
    for (const ch of line.slice(0, at)) depth += ch === FSI ? 1 : ch === PDI ? -1 : 0;
    if (depth <= 0) out.push(at);
  }
  return out;
}

/** The line as it shows in a right-to-left paragraph, left to right, isolates dropped. */
const shown = (line: string) => bidi.getReorderedString(line, bidi.getEmbeddingLevels(line, 'rtl')).replace(/[\u2066-\u2069]/g, '');

describe('desk lines composed in JSX isolate each value, in Arabic', () => {
  const f = createFormatter('ar', DEFAULT_TIME_ZONE);
  beforeAll(async () => {
    initI18n();
    await i18n.changeLanguage('ar');
  });
  afterAll(async () => {
    await i18n.changeLanguage('fr');
  });

  it('the referral queue line keeps PV number, nationality and time in their order', () => {
    const markup = renderToStaticMarkup(<ReferralItem referral={referral} onOpen={() => undefined} />);
    const line = text(markup);
    for (const value of [referral.name, 'PV-CMN-2026-000123', 'SEN', f.dateTime(AT)]) expect(bare(line, value), value).toEqual([]);
    const meta = text(/<span class="muted"[^>]*>(.*?)<\/span>/.exec(markup)?.[1] ?? '');
    // Right to left: the PV number first (rightmost), then the nationality, then the time.
    expect(shown(meta)).toBe(`${f.dateTime(AT)} · SEN · PV-CMN-2026-000123`);
  });

  it('the beneficiary card isolates every value it shows', () => {
    const line = text(<BeneficiaryCard view={view} />);
    const values = ["N'DIAYE", 'Mamadou Aliou', 'PV-CMN-2026-000123', 'SEN', f.calendarDate('1998-03-14'), 'MA-RVA-2026-0412', 'LP0451278'];
    for (const value of [...values, 'AT 535', f.calendarDate('2026-12-04'), 'CMN→DSS', '12A']) expect(bare(line, value), value).toEqual([]);
  });

  it('the steps isolate amounts, receipts, names, times and posts', () => {
    const line = text(<Timeline view={view} />);
    const values = [
      f.amount(10_000, 'USD'),
      f.amount(100_000, 'MAD'),
      'R-001',
      'X-77',
      'CMN-0042',
      'Escorte OIM Démo',
      f.dateTime(AT),
      'CMN',
    ];
    for (const value of values) expect(bare(line, value), value).toEqual([]);
  });
});
