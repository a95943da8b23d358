import { describe, expect, it } from 'vitest';
import { MAX_DRAFT_SCANS, addDraftScan, countryCode, isPassageClosed, passageStatus } from './passage';
import type { DraftScan } from './passage';

const scan = (raw: string, kind: string | null): DraftScan => ({ source: 'wedge', raw, kind });

describe('the draft passage', () => {
  it('keeps the latest scan of each kind and drops unreadable ones', () => {
    let scans: DraftScan[] = [];
    for (const s of [scan('mrz-1', 'mrz'), scan('bp', 'bcbp'), scan('junk', 'unknown'), scan('mrz-2', 'mrz')]) {
      scans = addDraftScan(scans, s).scans;
    }
    expect(scans.map((s) => s.raw)).toEqual(['bp', 'mrz-2']);
  });

  it('refuses the same text twice and says so', () => {
    const first = addDraftScan([], scan('mrz-1', 'mrz'));
    expect(addDraftScan(first.scans, scan('mrz-1', 'mrz'))).toEqual({ scans: first.scans, notice: 'duplicateScan', added: false });
  });

  it('keeps at most the newest scans', () => {
    let scans: DraftScan[] = [];
    let notice = null;
    for (let i = 0; i <= MAX_DRAFT_SCANS; i++) ({ scans, notice } = addDraftScan(scans, scan(`s${i}`, null)));
    expect(scans).toHaveLength(MAX_DRAFT_SCANS);
    expect(scans[0]?.raw).toBe('s1');
    expect(notice).toBe('tooManyScans');
  });

  it('is ended only by an action or a new passage, never by what the PV history says', () => {
    expect(isPassageClosed(null)).toBe(false);
    expect(isPassageClosed({ closedAt: null })).toBe(false);
    expect(isPassageClosed({ closedAt: 1 })).toBe(true);
  });

  it('is a draft while a scan is expected', () => {
    expect(passageStatus(['boardingPass'])).toBe('draft');
    expect(passageStatus([])).toBe('complete');
  });
});

describe('countryCode', () => {
  it('cleans MRZ fillers and reads Germany’s D as DEU', () => {
    expect(countryCode('D<<')).toBe('DEU');
    expect(countryCode(' sen')).toBe('SEN');
  });
});
