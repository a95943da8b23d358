import { samplePv } from '../../core/departure/testing';
import type { Pv } from '../../core/departure/pv';

/** Enough PVs that the kill test is still paying new ones when it ends (duplicates are tried too). */
export const POOL_SIZE = 4000;

/** The PVs of the kill and race tests: distinct documents, all flying on the sample day. */
export function poolPv(i: number): Pv {
  const base = samplePv();
  return samplePv({
    pvNumber: `PV-K-${String(i).padStart(5, '0')}`,
    travelDocument: { ...base.travelDocument, number: `LP${String(1_000_000 + i)}` },
  });
}
