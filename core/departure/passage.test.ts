import { describe, expect, it } from 'vitest';
import {
  MAX_DRAFT_SCANS,
  addDraftScan,
  countryCode,
  isPassageClosed,
  passageStatus,
  toScannedBoardingPass,
  toScannedTravelDocument,
} from './passage';
import { sampleParsedBoardingPass, sampleParsedDocument, sampleTravelDocument } from './testing';
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

describe('the document-to-scan mapping', () => {
  const doc = sampleParsedDocument();

  it('names where a travel document came from as the verifier knows it, and keeps its identity', () => {
    // The parser's sample document is the verifier's sample document.
    expect(toScannedTravelDocument(doc)).toEqual(sampleTravelDocument());
    expect(toScannedTravelDocument({ ...doc, source: 'manual' }).source).toBe('lpc-manual');
    expect(toScannedTravelDocument({ ...doc, source: 'barcode' }).source).toBe('lpc-qr');
    // A stored row's source is a plain string: anything else was read from an MRZ.
    expect(toScannedTravelDocument({ ...doc, source: 'camera' }).source).toBe('mrz');
    expect(toScannedTravelDocument({ ...doc, checksOk: false }).checksOk).toBe(false);
  });

  it('says "no expiry" for a document that shows none', () => {
    expect(toScannedTravelDocument({ ...doc, expiryDate: '' }).expiryDate).toBeNull();
  });

  it('keeps the boarding pass names, legs and ticket number; no ticket number is null', () => {
    const bp = sampleParsedBoardingPass({ passengerName: 'KOUASSI/JEANBAPTISTE', surname: 'KOUASSI', givenNames: 'JEANBAPTISTE' });
    const legs = bp.legs;
    expect(toScannedBoardingPass(bp)).toEqual({ surname: 'KOUASSI', givenNames: 'JEANBAPTISTE', legs, eticket: null });
    expect(toScannedBoardingPass({ ...bp, eticket: '1472345678901' }).eticket).toBe('1472345678901');
  });
});
