import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DetachedEvent, DeviceError, DeviceInfo } from '../../core/devices/ports';
import type { ScanEvent } from '../../core/devices/scan';
import { createFakeHid } from './fake-hid';
import type { HidDeviceDescriptor } from './hid-backend';
import { createHidPosScanner, matchesHidConfig } from './hid-pos-scanner';
import { parseHexReports } from './report-assembler';
import { hidScannerConfigSchema } from '../../core/devices/ports';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hid-pos');
const hex = (name: string) => readFileSync(join(fixtures, `${name}.hex`), 'utf8');

const noTimers = { setInterval: () => 0, clearInterval: () => {} };

const scanner1: HidDeviceDescriptor = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw3',
  serialNumber: 'SN1',
  usagePage: 0x8c,
  usage: 2,
};
const keyboardIface: HidDeviceDescriptor = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw4',
  serialNumber: 'SN1',
  usagePage: 0x01,
  usage: 6,
};
const otherPos: HidDeviceDescriptor = {
  vendorId: 0x05e0,
  productId: 0x1300,
  path: '/dev/hidraw7',
  usagePage: 0x8c,
};

function setup(devices: HidDeviceDescriptor[], config = {}) {
  const hid = createFakeHid(devices);
  let now = 1_000;
  const scanner = createHidPosScanner({ kind: 'hid', ...config }, { backend: hid, clock: () => now, timers: noTimers });
  const scans: ScanEvent[] = [];
  const attached: DeviceInfo[] = [];
  const detached: DetachedEvent[] = [];
  const errors: DeviceError[] = [];
  scanner.on('scan', (e) => scans.push(e));
  scanner.on('attached', (e) => attached.push(e));
  scanner.on('detached', (e) => detached.push(e));
  scanner.on('error', (e) => errors.push(e));
  return { hid, scanner, scans, attached, detached, errors, tick: (ms: number) => (now += ms) };
}

describe('HID POS scanner port', () => {
  it('lists only interfaces on the HID POS usage page', async () => {
    const { scanner } = setup([scanner1, keyboardIface, otherPos]);
    const list = await scanner.list();
    expect(list.map((d) => d.path)).toEqual(['/dev/hidraw3', '/dev/hidraw7']);
    expect(list[0]?.id).toBe('hid:0c2e:0b61:SN1');
  });

  it('restricts to configured vendor/product ids', async () => {
    const { scanner } = setup([scanner1, keyboardIface, otherPos], { filters: [{ vendorId: 0x05e0 }] });
    expect((await scanner.list()).map((d) => d.path)).toEqual(['/dev/hidraw7']);
    const cfg = hidScannerConfigSchema.parse({ kind: 'hid', filters: [{ vendorId: 0x0c2e, productId: 0x0b61 }] });
    expect(matchesHidConfig({ ...keyboardIface }, cfg)).toBe(false);
    expect(matchesHidConfig({ ...scanner1, usagePage: undefined }, cfg)).toBe(true);
  });

  it('opens devices on start and emits one scan per symbol, with device id and symbology', async () => {
    const { hid, scanner, scans, attached } = setup([scanner1]);
    await scanner.start();
    expect(attached.map((d) => d.id)).toEqual(['hid:0c2e:0b61:SN1']);
    hid.replayHex('/dev/hidraw3', hex('two-symbols-with-status'));
    expect(scans).toHaveLength(2);
    expect(scans[0]).toMatchObject({ source: 'hid', deviceId: 'hid:0c2e:0b61:SN1', symbology: ']L2', at: 1000 });
    expect(scans[1]?.raw).toBe('RVA2026000123');
    await scanner.stop();
  });

  it('normalises MRZ line endings to \\n', async () => {
    const { hid, scanner, scans } = setup([scanner1]);
    await scanner.start();
    hid.replayHex('/dev/hidraw3', hex('mrz-td3-cr'));
    expect(scans[0]?.raw).toBe('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10');
    await scanner.stop();
  });

  it('attaches a device plugged in later and detaches one pulled out', async () => {
    const { hid, scanner, attached, detached } = setup([]);
    await scanner.start();
    expect(attached).toHaveLength(0);
    hid.plug(scanner1);
    await scanner.refresh();
    expect(attached.map((d) => d.path)).toEqual(['/dev/hidraw3']);
    expect(scanner.openDevices()).toEqual(['hid:0c2e:0b61:SN1']);
    hid.unplug('/dev/hidraw3', { readError: false });
    await scanner.refresh();
    expect(detached).toMatchObject([{ reason: 'removed', lostPartial: false }]);
    expect(scanner.openDevices()).toEqual([]);
    await scanner.stop();
  });

  it('keeps what was read, drops the half-received symbol and says the device is gone when unplugged mid-scan', async () => {
    const { hid, scanner, scans, detached } = setup([scanner1]);
    await scanner.start();
    hid.replayHex('/dev/hidraw3', hex('code128-single'));
    const bcbp = parseHexReports(hex('bcbp-pdf417'));
    hid.replay('/dev/hidraw3', bcbp.slice(0, 2));
    hid.unplug('/dev/hidraw3');
    // late reports from a dying handle are not assembled
    hid.send('/dev/hidraw3', bcbp[2]!);
    expect(scans.map((s) => s.raw)).toEqual(['RVA2026000123']);
    expect(detached).toHaveLength(1);
    expect(detached[0]).toMatchObject({ reason: 'read-error', lostPartial: true, device: { id: 'hid:0c2e:0b61:SN1' } });
    await scanner.refresh();
    expect(detached).toHaveLength(1);
    await scanner.stop();
  });

  it('keeps reading a second scanner while the first is unplugged, and re-attaches it at a new path', async () => {
    const { hid, scanner, scans, attached, detached } = setup([scanner1, otherPos]);
    await scanner.start();
    expect(attached).toHaveLength(2);
    hid.unplug('/dev/hidraw3');
    await scanner.refresh();
    hid.replayHex('/dev/hidraw7', hex('code128-single'));
    expect(scans.map((s) => s.deviceId)).toEqual(['hid:05e0:1300:/dev/hidraw7']);
    hid.plug({ ...scanner1, path: '/dev/hidraw5' });
    await scanner.refresh();
    expect(attached.map((d) => d.id)).toEqual(['hid:0c2e:0b61:SN1', 'hid:05e0:1300:/dev/hidraw7', 'hid:0c2e:0b61:SN1']);
    expect(attached[2]?.path).toBe('/dev/hidraw5');
    expect(detached.map((d) => d.device.id)).toEqual(['hid:0c2e:0b61:SN1']);
    hid.replayHex('/dev/hidraw5', hex('mrz-td3-cr'));
    expect(scans[1]?.deviceId).toBe('hid:0c2e:0b61:SN1');
    await scanner.stop();
  });

  it('reconnects after a read error when the device is still there, and starts a fresh payload', async () => {
    const { hid, scanner, scans, attached, detached } = setup([scanner1]);
    await scanner.start();
    const bcbp = parseHexReports(hex('bcbp-pdf417'));
    hid.send('/dev/hidraw3', bcbp[0]!);
    hid.readError('/dev/hidraw3');
    expect(detached[0]?.lostPartial).toBe(true);
    await scanner.refresh();
    expect(hid.openCount('/dev/hidraw3')).toBe(2);
    expect(attached).toHaveLength(2);
    hid.replay('/dev/hidraw3', bcbp);
    expect(scans).toHaveLength(1);
    expect(scans[0]?.raw.startsWith('M1ERIKSSON')).toBe(true);
    await scanner.stop();
  });

  it('reports an open failure once and retries on the next enumeration', async () => {
    const { hid, scanner, attached, errors } = setup([scanner1]);
    hid.failOpen('/dev/hidraw3', 2);
    await scanner.start();
    await scanner.refresh();
    expect(errors.map((e) => e.code)).toEqual(['devices.openFailed']);
    expect(attached).toHaveLength(0);
    await scanner.refresh();
    expect(attached).toHaveLength(1);
    await scanner.stop();
  });

  it('reports an enumeration failure once', async () => {
    const { hid, scanner, errors } = setup([scanner1]);
    let fail = true;
    const devices = hid.devices.bind(hid);
    hid.devices = async () => {
      if (fail) throw new Error('enumeration failed');
      return devices();
    };
    await scanner.start();
    await scanner.refresh();
    expect(errors.map((e) => e.code)).toEqual(['devices.listFailed']);
    fail = false;
    await scanner.refresh();
    expect(scanner.openDevices()).toHaveLength(1);
    await scanner.stop();
  });

  it('closes devices on stop and ignores their reports afterwards', async () => {
    const { hid, scanner, scans } = setup([scanner1]);
    await scanner.start();
    await scanner.stop();
    expect(hid.isOpen('/dev/hidraw3')).toBe(false);
    hid.replayHex('/dev/hidraw3', hex('code128-single'));
    expect(scans).toHaveLength(0);
  });

  it('drives hot-plug from its own polling timer', async () => {
    const hid = createFakeHid([]);
    let tick: (() => void) | null = null;
    const scanner = createHidPosScanner(
      { kind: 'hid', pollIntervalMs: 500 },
      { backend: hid, timers: { setInterval: (cb) => ((tick = cb), 1), clearInterval: () => (tick = null) } },
    );
    const attached: DeviceInfo[] = [];
    scanner.on('attached', (d) => attached.push(d));
    await scanner.start();
    hid.plug(otherPos);
    tick!();
    await scanner.refresh();
    expect(attached.map((d) => d.path)).toEqual(['/dev/hidraw7']);
    await scanner.stop();
    expect(tick).toBeNull();
  });
});
