/**
 * Fake twin of a serial scanner / document reader: serialport's own SerialPortMock stream over
 * @serialport/binding-mock, so the adapter runs the same stream code as with hardware. Devices are
 * created, fed bytes and unplugged by hand.
 *
 * MockBinding keeps its ports in module state: create one fake per test (it resets that state).
 */
import { SerialPortMock } from 'serialport';
import { createStreamSerialBackend, type SerialBackend, type SerialOpenOptions, type StreamPortClass } from './serial-backend';

export interface FakeSerialDevice {
  path: string;
  vendorId?: number;
  productId?: number;
  manufacturer?: string;
}

export interface FakeSerial {
  backend: SerialBackend;
  plug(device: FakeSerialDevice): void;
  /** The device goes away: an open port sees a read failure and closes as disconnected. */
  unplug(path: string): void;
  /** Bytes from the device (strings are sent as latin1 bytes). Returns false when the port is not open. */
  send(path: string, data: Uint8Array | string): boolean;
  isOpen(path: string): boolean;
  /** Options of the last open of `path` (baud rate, framing bits). */
  lastOpenOptions(path: string): SerialOpenOptions | undefined;
}

/** The parts of @serialport/binding-mock's MockPortBinding used here. */
interface MockPortBinding {
  emitData(data: Buffer): void;
  pendingRead: ((err: Error | null) => void) | null;
}

const hex4 = (n: number | undefined): string | undefined => (n === undefined ? undefined : n.toString(16).padStart(4, '0'));

export function createFakeSerial(devices: FakeSerialDevice[] = []): FakeSerial {
  SerialPortMock.binding.reset();
  const present = new Set<string>();
  const streams = new Map<string, SerialPortMock>();
  const opened = new Map<string, SerialOpenOptions>();

  function plug(device: FakeSerialDevice): void {
    const opts: Parameters<typeof SerialPortMock.binding.createPort>[1] = { echo: false, record: false };
    if (device.manufacturer) opts.manufacturer = device.manufacturer;
    const vid = hex4(device.vendorId);
    const pid = hex4(device.productId);
    if (vid) opts.vendorId = vid;
    if (pid) opts.productId = pid;
    SerialPortMock.binding.createPort(device.path, opts);
    present.add(device.path);
  }
  for (const d of devices) plug(d);

  const tracking = class extends SerialPortMock {
    constructor(options: SerialOpenOptions & { autoOpen: false }) {
      if (!present.has(options.path)) {
        // Keep the mock from opening a port that was unplugged.
        super({ ...options, path: `${options.path}#unplugged` });
      } else {
        super(options);
      }
      streams.set(options.path, this);
      opened.set(options.path, {
        path: options.path,
        baudRate: options.baudRate,
        dataBits: options.dataBits,
        stopBits: options.stopBits,
        parity: options.parity,
      });
    }
    static override list = async () => {
      const all = await SerialPortMock.list();
      return all.filter((p) => present.has(p.path));
    };
  };

  const binding = (path: string): MockPortBinding | undefined => {
    const s = streams.get(path);
    return s?.isOpen ? (s.port as unknown as MockPortBinding | undefined) : undefined;
  };

  return {
    backend: createStreamSerialBackend(async () => tracking as unknown as StreamPortClass),
    plug,
    unplug(path) {
      present.delete(path);
      const b = binding(path);
      if (!b) return;
      const error = new Error('device disconnected');
      if (b.pendingRead) {
        // What the OS does to a pending read when a USB-CDC device disappears.
        const fail = b.pendingRead;
        b.pendingRead = null;
        fail(error);
      } else {
        // No read in flight yet: take the stream's own disconnect path directly.
        (streams.get(path) as unknown as { _disconnected(err: Error): void })._disconnected(error);
      }
    },
    send(path, data) {
      const b = binding(path);
      if (!b) return false;
      b.emitData(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data));
      return true;
    },
    isOpen(path) {
      return streams.get(path)?.isOpen ?? false;
    },
    lastOpenOptions(path) {
      return opened.get(path);
    },
  };
}
