/**
 * The slice of node-hid the HID POS adapter needs, so tests can inject a fake device
 * (fake-hid.ts) and the real module is loaded only when a real scanner is used.
 */
import type * as NodeHid from 'node-hid';

export interface HidDeviceDescriptor {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
  interface?: number;
}

export interface HidHandle {
  /** One input report per call (report id first). */
  onData(cb: (report: Uint8Array) => void): void;
  /** Read failure: with hidapi this is how an unplugged device first shows. */
  onError(cb: (error: unknown) => void): void;
  close(): Promise<void>;
}

export interface HidBackend {
  devices(): Promise<HidDeviceDescriptor[]>;
  open(path: string): Promise<HidHandle>;
}

type NodeHidModule = typeof NodeHid;

/** Real backend over node-hid's async API (HID.devicesAsync, HIDAsync.open). */
export function createNodeHidBackend(load: () => Promise<NodeHidModule> = loadNodeHid): HidBackend {
  let mod: Promise<NodeHidModule> | null = null;
  const hid = (): Promise<NodeHidModule> => (mod ??= load());
  return {
    async devices() {
      const m = await hid();
      const list = await m.devicesAsync();
      return list.map((d) => {
        const out: HidDeviceDescriptor = { vendorId: d.vendorId, productId: d.productId };
        if (d.path !== undefined) out.path = d.path;
        if (d.serialNumber) out.serialNumber = d.serialNumber;
        if (d.manufacturer) out.manufacturer = d.manufacturer;
        if (d.product) out.product = d.product;
        if (d.usagePage !== undefined) out.usagePage = d.usagePage;
        if (d.usage !== undefined) out.usage = d.usage;
        out.interface = d.interface;
        return out;
      });
    },
    async open(path) {
      const m = await hid();
      const device = await m.HIDAsync.open(path, { nonExclusive: false });
      return {
        onData(cb) {
          device.on('data', (data: Buffer) => cb(new Uint8Array(data.buffer, data.byteOffset, data.length)));
        },
        onError(cb) {
          device.on('error', cb);
        },
        async close() {
          device.removeAllListeners('data');
          await device.close();
        },
      };
    },
  };
}

async function loadNodeHid(): Promise<NodeHidModule> {
  const m = (await import('node-hid')) as NodeHidModule & { default?: NodeHidModule };
  return m.default ?? m;
}
