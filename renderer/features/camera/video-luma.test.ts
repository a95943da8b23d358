import { describe, expect, it } from 'vitest';
import { lumaFromLayout, readableFormat } from './video-luma';

describe('luma from a video frame layout', () => {
  it('takes the Y plane of I420 and NV12, row by row across a padded stride', () => {
    // 3x2 frame, Y stride 4 (one padding byte per row) after a 2-byte offset, then chroma.
    const bytes = Uint8Array.from([99, 99, 10, 11, 12, 0, 20, 21, 22, 0, 128, 128, 128, 128]);
    for (const format of ['I420', 'NV12']) {
      expect([...(lumaFromLayout(format, [{ offset: 2, stride: 4 }], bytes, 3, 2) ?? [])]).toEqual([10, 11, 12, 20, 21, 22]);
    }
  });

  it('converts RGBA and BGRA with BT.601 weights and reuses the output buffer', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 255]);
    const out = new Uint8Array(2);
    const gray = lumaFromLayout('RGBA', [{ offset: 0, stride: 8 }], rgba, 2, 1, out);
    expect(gray).toBe(out);
    expect([...out]).toEqual([76, 29]);
    expect([...(lumaFromLayout('BGRA', [{ offset: 0, stride: 8 }], rgba, 2, 1) ?? [])]).toEqual([29, 76]);
  });

  it('reads only 8-bit YUV and RGB formats', () => {
    expect(readableFormat('I420')).toBe(true);
    expect(readableFormat('BGRX')).toBe(true);
    expect(readableFormat('I420P10')).toBe(false);
    expect(readableFormat(null)).toBe(false);
    expect(lumaFromLayout('I420P10', [{ offset: 0, stride: 4 }], new Uint8Array(8), 2, 2)).toBeUndefined();
  });
});
