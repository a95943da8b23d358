import { describe, expect, it } from 'vitest';
import { drainFrames, type ClosableFrame } from './frame-drain';

function frames(count: number): { readable: ReadableStream<ClosableFrame>; closed: () => number; end: () => void } {
  let closed = 0;
  let controller: ReadableStreamDefaultController<ClosableFrame> | undefined;
  const readable = new ReadableStream<ClosableFrame>({
    start(c) {
      controller = c;
      for (let i = 0; i < count; i += 1) c.enqueue({ close: () => (closed += 1) });
    },
  });
  return { readable, closed: () => closed, end: () => controller?.close() };
}

describe('drainFrames', () => {
  it('closes the frames still queued when the stream ends', async () => {
    const source = frames(3);
    source.end();
    expect(await drainFrames(source.readable.getReader())).toBe(3);
    expect(source.closed()).toBe(3);
  });

  it('keeps closing frames that arrive until the track stops', async () => {
    const source = frames(1);
    const draining = drainFrames(source.readable.getReader());
    await expect.poll(() => source.closed()).toBe(1);
    source.end();
    expect(await draining).toBe(1);
  });
});
