import { describe, expect, it } from 'vitest';
import { createPortEmitter, type DetachedEvent, type DeviceInfo, type ScannerPort } from './ports';
import type { ScanEvent } from './scan';
import { createScanHub } from './scan-hub';

function fakePort() {
  const emitter = createPortEmitter();
  const port: ScannerPort = {
    on: emitter.on,
    list: async () => [],
    start: async () => {},
    stop: async () => {},
  };
  return { port, emit: emitter.emit };
}

const device: DeviceInfo = { id: 'hid:0c2e:0b61:SN1', kind: 'hid', path: '/dev/hidraw3' };

describe('scan hub', () => {
  it('forwards scans from ports and submitted sources, deduping across sources', () => {
    const scans: ScanEvent[] = [];
    const hub = createScanHub({ onScan: (e) => scans.push(e) });
    const { port, emit } = fakePort();
    hub.attach(port);
    emit('scan', { source: 'hid', deviceId: device.id, raw: 'M1ERIKSSON', at: 1000 });
    expect(hub.submit({ source: 'camera', raw: 'M1ERIKSSON', at: 1500 })).toEqual({ ok: true, accepted: false, reason: 'duplicate' });
    expect(hub.submit({ source: 'wedge', raw: 'RVA2026000123\r\n', at: 1600 })).toMatchObject({ ok: true, accepted: true });
    expect(scans.map((s) => [s.source, s.raw])).toEqual([
      ['hid', 'M1ERIKSSON'],
      ['wedge', 'RVA2026000123'],
    ]);
  });

  it('rejects malformed events with a message key', () => {
    const hub = createScanHub({ onScan: () => {} });
    expect(hub.submit({ source: 'wedge', raw: '', at: 1 })).toMatchObject({ ok: false, error: { code: 'devices.invalidScan' } });
    expect(hub.submit({ source: 'wedge', raw: '\r\n', at: 1 })).toMatchObject({ ok: false });
    expect(hub.submit('nope')).toMatchObject({ ok: false });
  });

  it('tracks attached devices and reports a detach', () => {
    const detached: DetachedEvent[] = [];
    const hub = createScanHub({ onScan: () => {}, onDetached: (e) => detached.push(e) });
    const { port, emit } = fakePort();
    const off = hub.attach(port);
    emit('attached', device);
    expect(hub.devices().map((d) => d.id)).toEqual([device.id]);
    emit('detached', { device, at: 5, reason: 'removed', lostPartial: true });
    expect(hub.devices()).toEqual([]);
    expect(detached[0]?.lostPartial).toBe(true);
    off();
    emit('attached', device);
    expect(hub.devices()).toEqual([]);
  });
});
