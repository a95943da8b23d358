import { describe, expect, it } from 'vitest';
import { scanInputSchema } from './contract';

describe('scan input', () => {
  it('carries an optional corrected flag: a camera MRZ the officer corrected on the keyboard', () => {
    expect(scanInputSchema.parse({ source: 'camera', raw: 'P<UTO', corrected: true })).toEqual({
      source: 'camera',
      raw: 'P<UTO',
      corrected: true,
    });
    expect(scanInputSchema.parse({ source: 'wedge', raw: 'x' })).toEqual({ source: 'wedge', raw: 'x' });
    expect(scanInputSchema.safeParse({ source: 'camera', raw: 'x', corrected: 'yes' }).success).toBe(false);
  });
});
