import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createFakeHid } from '../../native/hid-pos/fake-hid';
import { createFakeSerial } from '../../native/serial/fake-serial';
import { openDatabase } from '../db/connection';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { createEventBus } from './event-bus';
import { silentLogger } from './runtime';
import { createScannerService } from './scanner-service';

const device = {
  path: '/dev/hidraw3',
  vendorId: 0x0c2e,
  productId: 0x0b61,
  usagePage: 0x8c,
  usage: 2,
  product: 'Scanner',
  serialNumber: 'SN1',
};

function setup(settings: Record<string, unknown>) {
  const db = openDatabase(':memory:');
  const repo = createSettingsRepository(db);
  for (const [k, v] of Object.entries(settings)) repo.set(k, JSON.stringify(v), 0);
  const bus = createEventBus();
  const events: { key: string; payload: unknown }[] = [];
  bus.subscribe((key, payload) => events.push({ key, payload }));
  const hid = createFakeHid([device]);
  const serial = createFakeSerial();
  const service = createScannerService({
    settings: repo,
    bus,
    logger: silentLogger,
    backends: { hid: () => hid, serial: () => serial.backend },
  });
  return { service, events, hid, serial };
}

describe('scanner service', () => {
  it('starts nothing when no device is configured', async () => {
    const { service } = setup({});
    expect(await service.start()).toBe(0);
  });

  it('turns HID-POS reports into scanner.scanned events and tells when the device goes', async () => {
    const { service, events, hid } = setup({ 'devices.hid': { kind: 'hid', filters: [{ vendorId: 0x0c2e }] } });
    expect(await service.start()).toBe(1);
    expect(events).toContainEqual({ key: 'scanner.deviceChanged', payload: expect.objectContaining({ kind: 'hid', state: 'attached' }) });
    hid.replayHex(device.path, readFileSync('native/fixtures/hid-pos/bcbp-pdf417.hex', 'utf8'));
    const scans = events.filter((e) => e.key === 'scanner.scanned');
    expect(scans).toHaveLength(1);
    expect(scans[0]?.payload).toMatchObject({ source: 'hid', raw: expect.stringMatching(/^M1/) });
    // The same code again within 2 s is the same scan.
    hid.replayHex(device.path, readFileSync('native/fixtures/hid-pos/bcbp-pdf417.hex', 'utf8'));
    expect(events.filter((e) => e.key === 'scanner.scanned')).toHaveLength(1);
    hid.unplug(device.path);
    await vi.waitFor(() =>
      expect(events).toContainEqual({ key: 'scanner.deviceChanged', payload: expect.objectContaining({ state: 'detached' }) }),
    );
    await service.stop();
  });

  it('joins the lines of a serial MRZ reader into one scan', async () => {
    const { service, events, serial } = setup({
      'devices.serial': { kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200, framing: 'cr' },
    });
    serial.plug({ path: '/dev/ttyACM0' });
    expect(await service.start()).toBe(1);
    serial.send('/dev/ttyACM0', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\rL898902C36UTO7408122F1204159ZE184226B<<<<<10\r');
    await vi.waitFor(() => expect(events.filter((e) => e.key === 'scanner.scanned')).toHaveLength(1));
    const scans = events.filter((e) => e.key === 'scanner.scanned');
    expect(scans[0]?.payload).toMatchObject({
      source: 'serial',
      raw: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10',
    });
    await service.stop();
  });

  it('ignores a malformed device setting instead of failing to start', async () => {
    const { service } = setup({ 'devices.hid': { kind: 'hid', filters: 'all' } });
    expect(await service.start()).toBe(0);
  });
});
