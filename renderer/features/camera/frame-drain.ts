/**
 * Closing the camera without dropping a frame on the floor. A WebCodecs VideoFrame holds one of
 * the capture pipeline's buffers until close() is called; a frame that is only garbage-collected
 * stalls the camera meanwhile and makes Chromium warn. When the view closes, the UI thread stops
 * the track (the processor's stream then ends) and the Worker reads what is still queued, closing
 * each frame unprocessed, before it is terminated.
 */
export interface ClosableFrame {
  close(): void;
}

/** Reads and closes every frame left in the stream until it ends; returns how many were closed. */
export async function drainFrames(reader: ReadableStreamDefaultReader<ClosableFrame>): Promise<number> {
  let closed = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return closed;
    value.close();
    closed += 1;
  }
}
