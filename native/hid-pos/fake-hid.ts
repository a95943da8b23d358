/**
 * Fake twin of node-hid for tests and the browser harness: devices are plugged and unplugged by
 * hand, and an open device replays recorded input reports (see native/fixtures/hid-pos/*.hex).
 */
import type { HidBackend, HidDeviceDescriptor, HidHandle } from './hid-backend';
import { parseHexReports } from './report-assembler';

export interface FakeHid extends HidBackend {
  plug(device: HidDeviceDescriptor): void;
  /**
   * Pulls the device. With hidapi an open device first fails its pending read, then vanishes from
   * the enumeration; `readError: false` models a backend that only shows it by enumeration.
   */
  unplug(path: string, options?: { readError?: boolean }): void;
  /** Delivers one input report to the open device at `path`. Returns false if it is not open. */
  send(path: string, report: Uint8Array): boolean;
  /** Delivers reports in order (synchronously, like a burst from the device). */
  replay(path: string, reports: readonly Uint8Array[]): number;
  /** Replays a hex fixture text. */
  replayHex(path: string, hexText: string): number;
  /** Makes the next `times` opens of `path` fail. */
  failOpen(path: string, times?: number): void;
  /** Emits a read error on an open device without unplugging it. */
  readError(path: string): void;
  isOpen(path: string): boolean;
  /** Number of successful opens per path (reconnects show as > 1). */
  openCount(path: string): number;
}

interface FakeHandle {
  data: Array<(r: Uint8Array) => void>;
  errors: Array<(e: unknown) => void>;
  open: boolean;
}

export function createFakeHid(initial: HidDeviceDescriptor[] = []): FakeHid {
  const devices = new Map<string, HidDeviceDescriptor>();
  const handles = new Map<string, FakeHandle>();
  const failures = new Map<string, number>();
  const opens = new Map<string, number>();
  for (const d of initial) if (d.path) devices.set(d.path, d);

  function handleFor(path: string): FakeHandle | undefined {
    const h = handles.get(path);
    return h?.open ? h : undefined;
  }

  return {
    async devices() {
      return [...devices.values()].map((d) => ({ ...d }));
    },
    async open(path) {
      const left = failures.get(path) ?? 0;
      if (left > 0) {
        failures.set(path, left - 1);
        throw new Error('could not open device');
      }
      if (!devices.has(path)) throw new Error('could not open device');
      const h: FakeHandle = { data: [], errors: [], open: true };
      handles.set(path, h);
      opens.set(path, (opens.get(path) ?? 0) + 1);
      const handle: HidHandle = {
        onData(cb) {
          h.data.push(cb);
        },
        onError(cb) {
          h.errors.push(cb);
        },
        async close() {
          h.open = false;
        },
      };
      return handle;
    },
    plug(device) {
      if (!device.path) throw new Error('fake device needs a path');
      devices.set(device.path, device);
    },
    unplug(path, options = {}) {
      devices.delete(path);
      const h = handleFor(path);
      if (h && options.readError !== false) {
        for (const cb of h.errors) cb(new Error('could not read from HID device'));
      }
    },
    send(path, report) {
      const h = handleFor(path);
      if (!h) return false;
      for (const cb of h.data) cb(report);
      return true;
    },
    replay(path, reports) {
      let sent = 0;
      for (const r of reports) if (this.send(path, r)) sent += 1;
      return sent;
    },
    replayHex(path, hexText) {
      return this.replay(path, parseHexReports(hexText));
    },
    failOpen(path, times = 1) {
      failures.set(path, times);
    },
    readError(path) {
      const h = handleFor(path);
      if (h) for (const cb of h.errors) cb(new Error('could not read from HID device'));
    },
    isOpen(path) {
      return handleFor(path) !== undefined;
    },
    openCount(path) {
      return opens.get(path) ?? 0;
    },
  };
}
