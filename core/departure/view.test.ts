import { describe, expect, it } from 'vitest';
import { sampleBoardingPassLeg as leg, sampleParsedBoardingPass, sampleParsedDocument, samplePv } from './testing';
import { projectPassageView, type ViewInput } from './view';

const document = sampleParsedDocument();

function input(overrides: Partial<ViewInput> = {}, passage: Partial<ViewInput['passage']> = {}): ViewInput {
  return {
    passage: {
      id: 'p-1',
      at: 1_000,
      verdict: 'ALLOW',
      rules: [],
      pvNumber: 'PV-CMN-2026-000123',
      pvSource: 'cache',
      scans: { document, boardingPass: sampleParsedBoardingPass(), summaries: [] },
      ...passage,
    },
    airport: 'CMN',
    pv: samplePv(),
    timeline: null,
    settlement: null,
    actions: ['stamp'],
    perDiem: { amountCents: 10_000, currency: 'USD', period: '2026' },
    ...overrides,
  };
}

describe('projectPassageView', () => {
  it('shows the boarding pass leg leaving from the post, else the first leg', () => {
    const legs = [leg({ from: 'ABJ', to: 'CMN', flightNumber: '520' }), leg()];
    const scans = { document, boardingPass: sampleParsedBoardingPass({ legs }), summaries: [] };
    expect(projectPassageView(input({}, { scans })).boardingPass).toEqual({
      surname: 'NDIAYE',
      givenNames: 'MAMADOU ALIOU',
      flight: 'AT 535',
      flightDate: '2026-06-15',
      from: 'CMN',
      to: 'DSS',
      seat: '023C',
      pnr: 'K7QZ2P',
    });
    expect(projectPassageView(input({ airport: 'RAK' }, { scans })).boardingPass?.flight).toBe('AT 520');
    expect(projectPassageView(input({ airport: null }, { scans })).boardingPass?.from).toBe('ABJ');
    expect(
      projectPassageView(input({}, { scans: { ...scans, boardingPass: sampleParsedBoardingPass({ legs: [] }) } })).boardingPass,
    ).toBeNull();
  });

  it('keeps of the document what the desk shows, and nothing of its checks', () => {
    const view = projectPassageView(input());
    expect(view.document).toEqual({
      kind: 'lpc',
      source: 'mrz',
      documentNumber: 'LP0451278',
      nationality: 'SEN',
      surname: 'NDIAYE',
      givenNames: 'MAMADOU ALIOU',
      birthDate: '980314',
      sex: 'M',
      expiryDate: '260901',
    });
    expect(projectPassageView(input({}, { scans: { document: null, boardingPass: null, summaries: [] } }))).toMatchObject({
      document: null,
      boardingPass: null,
      pending: [],
    });
  });

  it('summarises the PV: the flags as facts, no cache status for a signed QR, no flight for a land ticket', () => {
    const pv = samplePv({
      flags: { minor: { mnaReference: 'TPI-CASA-2026-77' }, traffickingVictim: false, escortedByPartner: 'Caritas' },
    });
    const cached = projectPassageView(input({ pv }));
    expect(cached.pv).toEqual({
      pvNumber: 'PV-CMN-2026-000123',
      source: 'cache',
      status: 'active',
      surname: "N'Diaye",
      givenNames: 'Mamadou Aliou',
      sex: 'M',
      birthDate: '1998-03-14',
      nationality: 'SEN',
      iomCaseNumber: 'MA-RVA-2026-0412',
      documentNumber: 'LP0451278',
      flight: 'AT 535',
      ticketDate: '2026-06-15',
      flags: { minor: true, mnaReference: 'TPI-CASA-2026-77', traffickingVictim: false, escortedByPartner: 'Caritas' },
    });
    // From a signed QR the status is what the QR says, not the cache's: none is shown.
    expect(projectPassageView(input({ pv }, { pvSource: 'qr' })).pv).toMatchObject({ source: 'qr', status: null });
    expect(projectPassageView(input({ pv }, { pvSource: null })).pv?.source).toBe('cache');
    const land = samplePv({ ticket: { mode: 'land', route: 'Oujda – Maghnia', operator: 'CTM', date: '2026-06-15' } });
    expect(projectPassageView(input({ pv: land })).pv).toMatchObject({ flight: null, ticketDate: '2026-06-15' });
    expect(projectPassageView(input({ pv: samplePv({ flags: {} }) })).pv?.flags).toEqual({
      minor: false,
      mnaReference: null,
      traffickingVictim: false,
      escortedByPartner: null,
    });
  });

  it('shows no PV for a passage that found none, even when one is passed', () => {
    expect(projectPassageView(input({}, { pvNumber: null })).pv).toBeNull();
    expect(projectPassageView(input({ pv: null })).pv).toBeNull();
  });

  it('passes the passage, the decision, the actions and the per diem through as they are', () => {
    const settlement = { decision: 'deny' as const, reason: 'Autorisation parentale absente', at: 2_000 };
    const rules = [
      { id: 'flags.minor', status: 'failed' as const, severity: 'refer' as const, reason: 'rule.flags.minor.minor', params: {} },
    ];
    const summaries = [{ kind: 'mrz', valid: true, errors: [], warnings: [] }];
    const view = projectPassageView(
      input(
        { settlement, actions: [] },
        { verdict: 'REFER', rules, scans: { document, boardingPass: null, summaries, pending: ['boardingPass'] } },
      ),
    );
    expect(view).toMatchObject({
      passageId: 'p-1',
      at: 1_000,
      verdict: 'REFER',
      rules,
      pending: ['boardingPass'],
      scans: summaries,
      settlement,
      actions: [],
      perDiem: { amountCents: 10_000, currency: 'USD', period: '2026' },
      timeline: null,
    });
  });
});
