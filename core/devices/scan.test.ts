import { describe, expect, it } from 'vitest';
import { createScanDeduper, normalizeScanPayload, scanEventSchema } from './scan';

describe('scan event schema', () => {
  it('accepts a complete event and rejects an unknown source or empty payload', () => {
    expect(scanEventSchema.safeParse({ source: 'hid', deviceId: 'hid:1:2:x', raw: 'ABC', at: 5 }).success).toBe(true);
    expect(scanEventSchema.safeParse({ source: 'bluetooth', raw: 'ABC', at: 5 }).success).toBe(false);
    expect(scanEventSchema.safeParse({ source: 'wedge', raw: '', at: 5 }).success).toBe(false);
    expect(scanEventSchema.safeParse({ source: 'wedge', raw: 'x', at: -1 }).success).toBe(false);
  });

  it('normalises CRLF and CR to LF and trims trailing breaks', () => {
    expect(normalizeScanPayload('AAA\r\nBBB\rCCC\r\n\r\n')).toBe('AAA\nBBB\nCCC');
  });
});

describe('scan deduper', () => {
  it('treats the same payload twice within 2 s as one scan', () => {
    const d = createScanDeduper({ windowMs: 2000 });
    expect(d.accept({ raw: 'M1ERIKSSON', at: 10_000 })).toBe(true);
    expect(d.accept({ raw: 'M1ERIKSSON', at: 11_999 })).toBe(false);
  });

  it('accepts the same payload again once the window has passed', () => {
    const d = createScanDeduper({ windowMs: 2000 });
    expect(d.accept({ raw: 'X123456', at: 0 })).toBe(true);
    expect(d.accept({ raw: 'X123456', at: 2000 })).toBe(true);
  });

  it('counts the window from the last accepted scan, so a continuous reader yields one per window', () => {
    const d = createScanDeduper();
    const accepted = [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000].filter((at) => d.accept({ raw: 'P', at }));
    expect(accepted).toEqual([0, 2000, 4000]);
  });

  it('keeps different payloads apart and ignores line-ending differences', () => {
    const d = createScanDeduper();
    expect(d.accept({ raw: 'AAA\nBBB', at: 0 })).toBe(true);
    expect(d.accept({ raw: 'CCC', at: 1 })).toBe(true);
    expect(d.accept({ raw: 'AAA\r\nBBB\r\n', at: 2 })).toBe(false);
  });

  it('forgets everything on reset', () => {
    const d = createScanDeduper();
    d.accept({ raw: 'A1', at: 0 });
    d.reset();
    expect(d.accept({ raw: 'A1', at: 1 })).toBe(true);
  });

  it('still dedupes after pruning many distinct payloads', () => {
    const d = createScanDeduper();
    for (let i = 0; i < 200; i++) d.accept({ raw: `code-${i}`, at: i });
    expect(d.accept({ raw: 'code-199', at: 300 })).toBe(false);
    expect(d.accept({ raw: 'code-0', at: 2100 })).toBe(true);
  });
});
