/**
 * The slice of serialport the serial scanner adapter needs. The real backend wraps SerialPort;
 * the fake twin (fake-serial.ts) wraps SerialPortMock over @serialport/binding-mock, so tests run
 * the same stream code without hardware.
 */
import type { SerialScannerConfig } from '../../core/devices/ports';

export interface SerialPortDescriptor {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: number;
  productId?: number;
}

export interface SerialLink {
  onData(cb: (chunk: Uint8Array) => void): void;
  /** `disconnected` is true when the device went away (unplugged), false for a normal close. */
  onClose(cb: (info: { disconnected: boolean }) => void): void;
  onError(cb: (error: unknown) => void): void;
  close(): Promise<void>;
}

export type SerialOpenOptions = Pick<SerialScannerConfig, 'path' | 'baudRate' | 'dataBits' | 'stopBits' | 'parity'>;

export interface SerialBackend {
  list(): Promise<SerialPortDescriptor[]>;
  open(options: SerialOpenOptions): Promise<SerialLink>;
}

/** What SerialPort and SerialPortMock have in common (both are SerialPortStream). */
interface StreamLike {
  on(event: 'data', cb: (chunk: Buffer) => void): unknown;
  on(event: 'close', cb: (err: (Error & { disconnected?: boolean }) | null) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
  open(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  readonly isOpen: boolean;
}

interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface StreamPortClass {
  new (options: SerialOpenOptions & { autoOpen: false }): StreamLike;
  list(): Promise<RawPortInfo[]>;
}

function parseHexId(id: string | undefined): number | undefined {
  if (!id) return undefined;
  const n = parseInt(id, 16);
  return Number.isFinite(n) ? n : undefined;
}

/** Backend over any SerialPortStream class (SerialPort for hardware, SerialPortMock for tests). */
export function createStreamSerialBackend(load: () => Promise<StreamPortClass>): SerialBackend {
  let cls: Promise<StreamPortClass> | null = null;
  const portClass = (): Promise<StreamPortClass> => (cls ??= load());
  return {
    async list() {
      const C = await portClass();
      return (await C.list()).map((p) => {
        const d: SerialPortDescriptor = { path: p.path };
        if (p.manufacturer) d.manufacturer = p.manufacturer;
        if (p.serialNumber) d.serialNumber = p.serialNumber;
        const vid = parseHexId(p.vendorId);
        const pid = parseHexId(p.productId);
        if (vid !== undefined) d.vendorId = vid;
        if (pid !== undefined) d.productId = pid;
        return d;
      });
    },
    async open(options) {
      const C = await portClass();
      const port = new C({ ...options, autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
      return {
        onData(cb) {
          port.on('data', (chunk) => cb(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
        },
        onClose(cb) {
          port.on('close', (err) => cb({ disconnected: Boolean(err?.disconnected) }));
        },
        onError(cb) {
          port.on('error', cb);
        },
        async close() {
          if (!port.isOpen) return;
          await new Promise<void>((resolve) => port.close(() => resolve()));
        },
      };
    },
  };
}

/** The real backend: serialport's native bindings, loaded on first use. */
export function createSerialportBackend(): SerialBackend {
  return createStreamSerialBackend(async () => {
    const m = await import('serialport');
    return m.SerialPort as unknown as StreamPortClass;
  });
}
