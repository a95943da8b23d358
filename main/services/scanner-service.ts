/**
 * Device scanners on the post (HID-POS and serial readers): ports from native/, configured in post
 * settings (`devices.hid`, `devices.serial`, JSON), joined into one deduplicated stream that
 * reaches the renderer as `scanner.scanned`, with attach / detach as `scanner.deviceChanged`.
 * Keyboard-wedge and camera scans are handled in the renderer and go straight to the verifier.
 */
import type { ScannerPort } from '../../core/devices/ports';
import { hidScannerConfigSchema, serialScannerConfigSchema } from '../../core/devices/ports';
import { createScanHub } from '../../core/devices/scan-hub';
import type { HidBackend } from '../../native/hid-pos/hid-backend';
import { createHidPosScanner } from '../../native/hid-pos/hid-pos-scanner';
import type { SerialBackend } from '../../native/serial/serial-backend';
import { createSerialScanner } from '../../native/serial/serial-scanner';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { EventBus } from './event-bus';
import type { Logger } from './runtime';

export interface ScannerBackends {
  hid: () => HidBackend;
  serial: () => SerialBackend;
}

export function createScannerService(deps: { settings: SettingsRepository; bus: EventBus; logger: Logger; backends: ScannerBackends }) {
  const { settings, bus, logger } = deps;
  const hub = createScanHub({
    onScan: (event) => bus.emit('scanner.scanned', { source: event.source, deviceId: event.deviceId, raw: event.raw, at: event.at }),
    onAttached: (device) => {
      logger.info('scanner.attached', { device: device.id });
      bus.emit('scanner.deviceChanged', { deviceId: device.id, kind: device.kind, state: 'attached' });
    },
    onDetached: (event) => {
      logger.warn('scanner.detached', { device: event.device.id, reason: event.reason, lostPartial: event.lostPartial });
      bus.emit('scanner.deviceChanged', { deviceId: event.device.id, kind: event.device.kind, state: 'detached' });
    },
    onError: (error) => {
      logger.warn('scanner.error', { code: error.code, device: error.deviceId ?? null });
      if (error.deviceId)
        bus.emit('scanner.deviceChanged', {
          deviceId: error.deviceId,
          kind: error.deviceId.startsWith('hid:') ? 'hid' : 'serial',
          state: 'error',
        });
    },
  });
  const running: { port: ScannerPort; detach: () => void }[] = [];

  function configured(): ScannerPort[] {
    const ports: ScannerPort[] = [];
    const read = (key: string): unknown => {
      const text = settings.get(key);
      if (!text) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        logger.warn('scanner.badSetting', { key });
        return null;
      }
    };
    const hid = hidScannerConfigSchema.safeParse(read('devices.hid'));
    if (hid.success)
      ports.push(
        createHidPosScanner(hid.data, {
          backend: deps.backends.hid(),
          log: (m, f) => logger.info('scanner.hid', { message: m, ...scalar(f) }),
        }),
      );
    const serial = serialScannerConfigSchema.safeParse(read('devices.serial'));
    if (serial.success)
      ports.push(
        createSerialScanner(serial.data, {
          backend: deps.backends.serial(),
          log: (m, f) => logger.info('scanner.serial', { message: m, ...scalar(f) }),
        }),
      );
    return ports;
  }

  return {
    /** Starts the configured ports; a port that fails to start is logged and the others go on. */
    async start(): Promise<number> {
      for (const port of configured()) {
        const detach = hub.attach(port);
        try {
          await port.start();
          running.push({ port, detach });
        } catch (error) {
          detach();
          logger.error('scanner.startFailed', { error: error instanceof Error ? error.name : 'unknown' });
        }
      }
      return running.length;
    },
    async stop(): Promise<void> {
      for (const { port, detach } of running.splice(0)) {
        detach();
        await port.stop();
      }
    },
    devices: () => hub.devices(),
  };
}
export type ScannerService = ReturnType<typeof createScannerService>;

function scalar(fields: Record<string, unknown> | undefined): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  return out;
}
