/**
 * HID POS barcode scanners (usage page 0x8C) behind the ScannerPort.
 *
 * - Enumerates through the injected backend, keeps devices on the configured usage page or
 *   matching the configured vendor/product ids.
 * - Hot-plug by polling the enumeration: a new matching device is opened (`attached`), an open
 *   device missing from the enumeration is closed (`detached`, reason 'removed').
 * - A read error closes the device (`detached`, reason 'read-error'); the next enumeration that
 *   still lists it reopens it (reconnect).
 * - Reports are assembled into payloads; a payload cut by a detach is dropped (`lostPartial`),
 *   payloads already emitted stay emitted.
 */
import {
  createPortEmitter,
  hidScannerConfigSchema,
  type DetachReason,
  type DeviceInfo,
  type HidScannerConfig,
  type HidScannerConfigInput,
  type ScannerPort,
} from '../../core/devices/ports';
import { normalizeScanPayload, type ScanEvent } from '../../core/devices/scan';
import type { HidBackend, HidDeviceDescriptor, HidHandle } from './hid-backend';
import { createHidPosAssembler, type HidPosAssembler } from './report-assembler';

export interface IntervalTimers {
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface HidPosScannerDeps {
  backend: HidBackend;
  clock?: () => number;
  /** Defaults to the global timers; tests pass no-op timers and call refresh(). */
  timers?: IntervalTimers;
  /** Diagnostic log (ids and counts only). */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface HidPosScanner extends ScannerPort {
  /** One enumeration pass: opens new devices, closes vanished ones. Runs on every poll tick. */
  refresh(): Promise<void>;
  /** Ids of the devices currently open. */
  openDevices(): string[];
}

interface OpenDevice {
  info: DeviceInfo;
  path: string;
  handle: HidHandle;
  assembler: HidPosAssembler;
  closed: boolean;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export function hidDeviceId(d: HidDeviceDescriptor): string {
  return `hid:${hex4(d.vendorId)}:${hex4(d.productId)}:${d.serialNumber || d.path || '?'}`;
}

function toInfo(d: HidDeviceDescriptor): DeviceInfo {
  const info: DeviceInfo = { id: hidDeviceId(d), kind: 'hid', vendorId: d.vendorId, productId: d.productId };
  if (d.path !== undefined) info.path = d.path;
  if (d.manufacturer) info.manufacturer = d.manufacturer;
  if (d.product) info.product = d.product;
  if (d.serialNumber) info.serialNumber = d.serialNumber;
  if (d.usagePage !== undefined) info.usagePage = d.usagePage;
  return info;
}

/** Whether an enumerated HID interface is one this port should open. */
export function matchesHidConfig(d: HidDeviceDescriptor, config: HidScannerConfig): boolean {
  if (!d.path) return false;
  if (config.filters.length === 0) return d.usagePage === config.usagePage;
  const idMatch = config.filters.some((f) => f.vendorId === d.vendorId && (f.productId === undefined || f.productId === d.productId));
  // Backends that do not report usage pages (libusb) give 0 or nothing: trust the ids then.
  const pageOk = d.usagePage === undefined || d.usagePage === 0 || d.usagePage === config.usagePage;
  return idMatch && pageOk;
}

export function createHidPosScanner(configInput: HidScannerConfigInput, deps: HidPosScannerDeps): HidPosScanner {
  const config = hidScannerConfigSchema.parse(configInput);
  const clock = deps.clock ?? Date.now;
  const timers = deps.timers ?? {
    setInterval: (cb: () => void, ms: number) => globalThis.setInterval(cb, ms),
    clearInterval: (h: unknown) => globalThis.clearInterval(h as ReturnType<typeof globalThis.setInterval>),
  };
  const log = deps.log ?? (() => {});
  const emitter = createPortEmitter((error) => log('scanner listener failed', { error: String(error) }));

  const open = new Map<string, OpenDevice>(); // by path
  const opening = new Set<string>();
  const reportedOpenFailure = new Set<string>();
  let listFailureReported = false;
  let running = false;
  let ticker: unknown = null;
  let inFlight: Promise<void> | null = null;

  async function enumerate(): Promise<HidDeviceDescriptor[] | null> {
    try {
      const all = await deps.backend.devices();
      listFailureReported = false;
      return all.filter((d) => matchesHidConfig(d, config));
    } catch (error) {
      if (!listFailureReported) {
        listFailureReported = true;
        emitter.emit('error', { code: 'devices.listFailed', at: clock(), detail: String(error) });
      }
      return null;
    }
  }

  function detach(dev: OpenDevice, reason: DetachReason): void {
    if (dev.closed) return;
    dev.closed = true;
    open.delete(dev.path);
    const lostPartial = dev.assembler.hasPartial();
    dev.assembler.reset();
    dev.handle.close().catch(() => {
      // Closing a device that is already gone fails; nothing left to release.
    });
    log('hid scanner detached', { deviceId: dev.info.id, reason, lostPartial });
    emitter.emit('detached', { device: dev.info, at: clock(), reason, lostPartial });
  }

  async function openDevice(d: HidDeviceDescriptor): Promise<void> {
    const path = d.path as string;
    opening.add(path);
    try {
      const handle = await deps.backend.open(path);
      if (!running) {
        await handle.close().catch(() => {});
        return;
      }
      reportedOpenFailure.delete(path);
      const dev: OpenDevice = {
        info: toInfo(d),
        path,
        handle,
        assembler: createHidPosAssembler(config.layout),
        closed: false,
      };
      open.set(path, dev);
      handle.onData((report) => {
        if (dev.closed) return;
        const payload = dev.assembler.push(report);
        if (!payload) return;
        const raw = normalizeScanPayload(payload.raw);
        if (raw.length === 0) return;
        const event: ScanEvent = { source: 'hid', deviceId: dev.info.id, raw, at: clock() };
        if (payload.symbology) event.symbology = payload.symbology;
        emitter.emit('scan', event);
      });
      handle.onError((error) => {
        log('hid scanner read error', { deviceId: dev.info.id, error: String(error) });
        detach(dev, 'read-error');
      });
      log('hid scanner attached', { deviceId: dev.info.id });
      emitter.emit('attached', dev.info);
    } catch (error) {
      if (!reportedOpenFailure.has(path)) {
        reportedOpenFailure.add(path);
        emitter.emit('error', { code: 'devices.openFailed', deviceId: hidDeviceId(d), at: clock(), detail: String(error) });
      }
    } finally {
      opening.delete(path);
    }
  }

  async function refreshOnce(): Promise<void> {
    const present = await enumerate();
    if (!present || !running) return;
    const presentPaths = new Set(present.map((d) => d.path as string));
    for (const dev of [...open.values()]) {
      if (!presentPaths.has(dev.path)) detach(dev, 'removed');
    }
    for (const path of reportedOpenFailure) {
      if (!presentPaths.has(path)) reportedOpenFailure.delete(path);
    }
    const toOpen = present.filter((d) => !open.has(d.path as string) && !opening.has(d.path as string));
    await Promise.all(toOpen.map(openDevice));
  }

  function refresh(): Promise<void> {
    if (!running) return Promise.resolve();
    inFlight ??= refreshOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    on: emitter.on,
    refresh,
    openDevices: () => [...open.values()].map((d) => d.info.id),

    async list() {
      const present = await enumerate();
      return (present ?? []).map(toInfo);
    },

    async start() {
      if (running) return;
      running = true;
      ticker = timers.setInterval(() => {
        void refresh();
      }, config.pollIntervalMs);
      await refresh();
    },

    async stop() {
      if (!running) return;
      running = false;
      if (ticker !== null) timers.clearInterval(ticker);
      ticker = null;
      if (inFlight) await inFlight.catch(() => {});
      const devs = [...open.values()];
      open.clear();
      await Promise.all(
        devs.map(async (dev) => {
          dev.closed = true;
          dev.assembler.reset();
          await dev.handle.close().catch(() => {});
        }),
      );
    },
  };
}
