import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetachedEvent, DeviceError, DeviceInfo, SerialScannerConfigInput } from '../../core/devices/ports';
import type { ScanEvent } from '../../core/devices/scan';
import { parseHexReports } from '../hid-pos/report-assembler';
import { createFakeSerial } from './fake-serial';
import { createManualTimers } from './manual-timers';
import { createSerialScanner, listSerialPorts, type SerialScanner } from './serial-scanner';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'serial');
const chunks = (name: string) => parseHexReports(readFileSync(join(fixtures, name), 'utf8'));
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

let current: SerialScanner | null = null;
afterEach(async () => {
  await current?.stop();
  current = null;
});

function setup(config: Partial<SerialScannerConfigInput> = {}, plugged = true) {
  const fake = createFakeSerial(plugged ? [{ path: '/dev/ttyACM0', vendorId: 0x0c2e, productId: 0x0b6a }] : []);
  // The line timeout and the reconnect delay run on virtual time, advanced by each test.
  const timers = createManualTimers();
  const scanner = createSerialScanner(
    { kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200, lineTimeoutMs: 40, reconnectMs: 100, ...config },
    { backend: fake.backend, timers },
  );
  current = scanner;
  const scans: ScanEvent[] = [];
  const attached: DeviceInfo[] = [];
  const detached: DetachedEvent[] = [];
  const errors: DeviceError[] = [];
  scanner.on('scan', (e) => scans.push(e));
  scanner.on('attached', (e) => attached.push(e));
  scanner.on('detached', (e) => detached.push(e));
  scanner.on('error', (e) => errors.push(e));
  /** One reconnect period: the retry runs, and (device still away) the next one is armed. */
  async function retryOnce(): Promise<void> {
    const before = timers.scheduled();
    timers.advance(100);
    await waitFor(() => timers.scheduled() > before || scanner.isConnected());
  }
  return { fake, scanner, scans, attached, detached, errors, timers, retryOnce };
}

describe('serial scanner port (SerialPortMock twin)', () => {
  it('opens the configured port with its baud rate and framing bits', async () => {
    const { fake, scanner, attached } = setup({ baudRate: 9600, parity: 'even', dataBits: 7 });
    await scanner.start();
    expect(fake.isOpen('/dev/ttyACM0')).toBe(true);
    expect(fake.lastOpenOptions('/dev/ttyACM0')).toMatchObject({ baudRate: 9600, parity: 'even', dataBits: 7, stopBits: 1 });
    expect(attached).toMatchObject([{ id: 'serial:/dev/ttyACM0', vendorId: 0x0c2e, productId: 0x0b6a }]);
  });

  it('lists ports for the settings screen and the configured one for the port', async () => {
    const { fake, scanner } = setup();
    fake.plug({ path: '/dev/ttyUSB1' });
    expect((await listSerialPorts(fake.backend)).map((d) => d.id)).toEqual(['serial:/dev/ttyACM0', 'serial:/dev/ttyUSB1']);
    expect((await scanner.list()).map((d) => d.path)).toEqual(['/dev/ttyACM0']);
  });

  it('emits one scan per CR-terminated line when multi-line is off', async () => {
    const { fake, scanner, scans } = setup({ framing: 'cr', multiLine: false });
    await scanner.start();
    fake.send('/dev/ttyACM0', 'RVA2026000123\rRVA2026000124\r');
    await waitFor(() => scans.length === 2);
    expect(scans.map((s) => s.raw)).toEqual(['RVA2026000123', 'RVA2026000124']);
    expect(scans[0]).toMatchObject({ source: 'serial', deviceId: 'serial:/dev/ttyACM0' });
  });

  it('joins the MRZ lines of a document reader into one scan (recorded CRLF chunks)', async () => {
    const { fake, scanner, scans, timers } = setup({ framing: 'any-eol' });
    await scanner.start();
    for (const c of chunks('reader-td1-crlf.hex')) fake.send('/dev/ttyACM0', c);
    await waitFor(() => scans.length === 1);
    // The complete MRZ closed the record: no half record waits for the line timeout.
    expect(timers.pending()).toBe(0);
    timers.advance(1000);
    expect(scans.map((s) => s.raw)).toEqual([TD1.join('\n')]);
  });

  it('reads STX/ETX frames', async () => {
    const { fake, scanner, scans } = setup({ framing: 'stx-etx' });
    await scanner.start();
    for (const c of chunks('reader-td1-stx-etx.hex')) fake.send('/dev/ttyACM0', c);
    await waitFor(() => scans.length === 1);
    expect(scans[0]?.raw).toBe(TD1.join('\n'));
  });

  it('closes a multi-line record on the line timeout', async () => {
    const { fake, scanner, scans, timers } = setup({ framing: 'lf', lineTimeoutMs: 30 });
    await scanner.start();
    fake.send('/dev/ttyACM0', 'FIRST\n');
    await waitFor(() => timers.scheduled() === 1);
    timers.advance(20);
    fake.send('/dev/ttyACM0', 'SECOND\n');
    // Each line re-arms the timeout: 20 + 29 ms after the first line, nothing is emitted yet.
    await waitFor(() => timers.scheduled() === 2);
    timers.advance(29);
    expect(scans).toHaveLength(0);
    timers.advance(1);
    expect(scans.map((s) => s.raw)).toEqual(['FIRST\nSECOND']);
  });

  it('keeps what was read, drops the partial record and reports the device gone when unplugged', async () => {
    const { fake, scanner, scans, detached, errors, timers, retryOnce } = setup({ framing: 'any-eol', lineTimeoutMs: 500 });
    await scanner.start();
    fake.send('/dev/ttyACM0', 'RVA2026000123\r\n\r\n');
    await waitFor(() => scans.length === 1);
    const armed = timers.scheduled();
    fake.send('/dev/ttyACM0', `${TD1[0]}\r\n${TD1[1]}\r\n`);
    // Both MRZ lines are in (each armed the line timeout), the record is still open.
    await waitFor(() => timers.scheduled() === armed + 2);
    fake.unplug('/dev/ttyACM0');
    await waitFor(() => detached.length === 1);
    expect(detached[0]).toMatchObject({ reason: 'removed', lostPartial: true, device: { id: 'serial:/dev/ttyACM0' } });
    // Past the line timeout and through six reconnect attempts: the partial record never comes out.
    for (let i = 0; i < 6; i++) await retryOnce();
    timers.advance(1000);
    expect(scans.map((s) => s.raw)).toEqual(['RVA2026000123']);
    expect(scanner.isConnected()).toBe(false);
    // retries while the device is away do not raise errors on top of the detach
    expect(errors).toEqual([]);
  });

  it('reconnects when the device comes back', async () => {
    const { fake, scanner, scans, attached, detached, timers } = setup({ framing: 'cr', multiLine: false });
    await scanner.start();
    fake.unplug('/dev/ttyACM0');
    await waitFor(() => detached.length === 1);
    fake.plug({ path: '/dev/ttyACM0' });
    expect(attached).toHaveLength(1);
    timers.advance(100);
    await waitFor(() => attached.length === 2);
    fake.send('/dev/ttyACM0', 'AFTER-REPLUG\r');
    await waitFor(() => scans.length === 1);
    expect(scans[0]?.raw).toBe('AFTER-REPLUG');
  });

  it('reports a missing port once, then attaches when it appears', async () => {
    const { fake, scanner, attached, errors, timers, retryOnce } = setup({}, false);
    await scanner.start();
    expect(errors.map((e) => e.code)).toEqual(['devices.openFailed']);
    // Three more failed attempts: still one error.
    for (let i = 0; i < 3; i++) await retryOnce();
    expect(errors).toHaveLength(1);
    fake.plug({ path: '/dev/ttyACM0' });
    timers.advance(100);
    await waitFor(() => attached.length === 1);
  });

  it('stops cleanly and ignores data afterwards', async () => {
    const { fake, scanner, scans, detached, timers } = setup({ framing: 'cr', multiLine: false });
    await scanner.start();
    await scanner.stop();
    expect(fake.isOpen('/dev/ttyACM0')).toBe(false);
    expect(fake.send('/dev/ttyACM0', 'LATE-LINE\r')).toBe(false);
    // Nothing left armed: no reconnect after a deliberate stop.
    expect(timers.pending()).toBe(0);
    expect(scans).toEqual([]);
    expect(detached).toEqual([]);
  });
});
