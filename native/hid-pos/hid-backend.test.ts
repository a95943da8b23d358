import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createNodeHidBackend } from './hid-backend';

/** A stand-in for the node-hid module with the async API surface the backend uses. */
function stubNodeHid() {
  const device = Object.assign(new EventEmitter(), {
    closed: false,
    async close() {
      this.closed = true;
    },
  });
  const opened: string[] = [];
  const mod = {
    async devicesAsync() {
      return [
        {
          vendorId: 0x0c2e,
          productId: 0x0b61,
          path: '/dev/hidraw3',
          serialNumber: 'SN1',
          manufacturer: 'Maker',
          product: 'Scanner',
          release: 1,
          interface: 2,
          usagePage: 0x8c,
          usage: 2,
        },
        { vendorId: 1, productId: 2, path: '/dev/hidraw0', serialNumber: '', release: 1, interface: 0 },
      ];
    },
    HIDAsync: {
      async open(path: string) {
        opened.push(path);
        return device;
      },
    },
  };
  return { mod, device, opened };
}

describe('node-hid backend', () => {
  it('maps enumerated devices without inventing fields', async () => {
    const { mod } = stubNodeHid();
    const backend = createNodeHidBackend(async () => mod as never);
    const list = await backend.devices();
    expect(list[0]).toEqual({
      vendorId: 0x0c2e,
      productId: 0x0b61,
      path: '/dev/hidraw3',
      serialNumber: 'SN1',
      manufacturer: 'Maker',
      product: 'Scanner',
      usagePage: 0x8c,
      usage: 2,
      interface: 2,
    });
    expect(list[1]).toEqual({ vendorId: 1, productId: 2, path: '/dev/hidraw0', interface: 0 });
  });

  it('opens by path, forwards reports as bytes and errors, and closes', async () => {
    const { mod, device, opened } = stubNodeHid();
    const backend = createNodeHidBackend(async () => mod as never);
    const handle = await backend.open('/dev/hidraw3');
    expect(opened).toEqual(['/dev/hidraw3']);
    const reports: number[][] = [];
    const errors: unknown[] = [];
    handle.onData((r) => reports.push([...r]));
    handle.onError((e) => errors.push(e));
    device.emit('data', Buffer.from([2, 1, 0x5d, 0x45, 0x30, 0x41]));
    device.emit('error', new Error('could not read from HID device'));
    expect(reports).toEqual([[2, 1, 0x5d, 0x45, 0x30, 0x41]]);
    expect(errors).toHaveLength(1);
    await handle.close();
    expect(device.closed).toBe(true);
  });
});
