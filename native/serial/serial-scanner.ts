/**
 * Serial / USB-CDC scanners and document readers behind the ScannerPort: opens the configured
 * port, frames bytes into lines (CR, LF, CRLF, any) or STX/ETX frames, joins MRZ lines into one
 * record, and reopens the port after it closes or fails to open.
 */
import {
  createPortEmitter,
  serialScannerConfigSchema,
  type DeviceInfo,
  type ScannerPort,
  type SerialScannerConfigInput,
} from '../../core/devices/ports';
import { normalizeScanPayload } from '../../core/devices/scan';
import { createLineFramer, createRecordAssembler, type TimeoutTimers } from './framer';
import type { SerialBackend, SerialLink, SerialPortDescriptor } from './serial-backend';

export interface SerialScannerDeps {
  backend: SerialBackend;
  clock?: () => number;
  timers?: TimeoutTimers;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface SerialScanner extends ScannerPort {
  isConnected(): boolean;
}

export const serialDeviceId = (path: string): string => `serial:${path}`;

function toInfo(path: string, d?: SerialPortDescriptor): DeviceInfo {
  const info: DeviceInfo = { id: serialDeviceId(path), kind: 'serial', path };
  if (d?.vendorId !== undefined) info.vendorId = d.vendorId;
  if (d?.productId !== undefined) info.productId = d.productId;
  if (d?.manufacturer) info.manufacturer = d.manufacturer;
  if (d?.serialNumber) info.serialNumber = d.serialNumber;
  return info;
}

/** Every serial port the OS reports (for the settings screen). */
export async function listSerialPorts(backend: SerialBackend): Promise<DeviceInfo[]> {
  return (await backend.list()).map((d) => toInfo(d.path, d));
}

export function createSerialScanner(configInput: SerialScannerConfigInput, deps: SerialScannerDeps): SerialScanner {
  const config = serialScannerConfigSchema.parse(configInput);
  const clock = deps.clock ?? Date.now;
  const timers: TimeoutTimers = deps.timers ?? {
    setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  };
  const log = deps.log ?? (() => {});
  const emitter = createPortEmitter((error) => log('scanner listener failed', { error: String(error) }));
  const deviceId = serialDeviceId(config.path);

  let running = false;
  let link: SerialLink | null = null;
  let info: DeviceInfo = toInfo(config.path);
  let retry: unknown = null;
  let openFailureReported = false;
  let generation = 0;

  const framer = createLineFramer(config.framing, config.encoding);
  const records = createRecordAssembler({
    multiLine: config.multiLine,
    lineTimeoutMs: config.lineTimeoutMs,
    timers,
    onRecord(text) {
      const raw = normalizeScanPayload(text);
      if (raw.length === 0) return;
      emitter.emit('scan', { source: 'serial', deviceId, raw, at: clock() });
    },
  });

  function scheduleRetry(): void {
    if (!running || retry !== null) return;
    retry = timers.setTimeout(() => {
      retry = null;
      void tryOpen();
    }, config.reconnectMs);
  }

  async function describe(): Promise<SerialPortDescriptor | undefined> {
    try {
      return (await deps.backend.list()).find((d) => d.path === config.path);
    } catch {
      return undefined;
    }
  }

  async function tryOpen(): Promise<void> {
    if (!running || link) return;
    const myGeneration = generation;
    try {
      const opened = await deps.backend.open({
        path: config.path,
        baudRate: config.baudRate,
        dataBits: config.dataBits,
        stopBits: config.stopBits,
        parity: config.parity,
      });
      if (!running || myGeneration !== generation) {
        await opened.close().catch(() => {});
        return;
      }
      link = opened;
      openFailureReported = false;
      framer.reset();
      records.reset();
      const current = opened;
      opened.onData((chunk) => {
        if (link !== current) return;
        for (const item of framer.push(chunk)) records.accept(item);
      });
      opened.onError((error) => log('serial scanner error', { deviceId, error: String(error) }));
      opened.onClose(({ disconnected }) => {
        if (link !== current) return;
        link = null;
        const lostPartial = framer.hasPartial() || records.hasPartial();
        framer.reset();
        records.reset();
        // The detach already tells the officer; retries stay quiet until the port opens again.
        openFailureReported = true;
        log('serial scanner detached', { deviceId, disconnected, lostPartial });
        emitter.emit('detached', {
          device: info,
          at: clock(),
          reason: disconnected ? 'removed' : 'closed',
          lostPartial,
        });
        scheduleRetry();
      });
      info = toInfo(config.path, await describe());
      log('serial scanner attached', { deviceId });
      emitter.emit('attached', info);
    } catch (error) {
      if (!openFailureReported) {
        openFailureReported = true;
        emitter.emit('error', { code: 'devices.openFailed', deviceId, at: clock(), detail: String(error) });
      }
      scheduleRetry();
    }
  }

  return {
    on: emitter.on,
    isConnected: () => link !== null,

    async list() {
      const d = await describe();
      return d ? [toInfo(d.path, d)] : [];
    },

    async start() {
      if (running) return;
      running = true;
      await tryOpen();
    },

    async stop() {
      if (!running) return;
      running = false;
      generation += 1;
      if (retry !== null) timers.clearTimeout(retry);
      retry = null;
      const current = link;
      link = null;
      framer.reset();
      records.reset();
      if (current) await current.close().catch(() => {});
    },
  };
}
