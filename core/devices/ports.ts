/**
 * The port every scanner adapter implements (HID-POS and serial in native/, fakes in tests), and
 * the configuration the settings store for them. Pure types and zod schemas.
 */
import { z } from 'zod';
import type { ScanEvent } from './scan';

export type DeviceKind = 'hid' | 'serial';

export interface DeviceInfo {
  /** Stable id used in scan events: `hid:VVVV:PPPP:serial-or-path`, `serial:PATH`. */
  id: string;
  kind: DeviceKind;
  vendorId?: number;
  productId?: number;
  /** OS path (hidraw node, COM port, /dev/ttyACM0). */
  path?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  usagePage?: number;
}

export type DetachReason = 'removed' | 'read-error' | 'closed';

export interface DetachedEvent {
  device: DeviceInfo;
  at: number;
  reason: DetachReason;
  /** A payload was being received and is dropped (what was already emitted is kept). */
  lostPartial: boolean;
}

export type DeviceErrorCode = 'devices.openFailed' | 'devices.listFailed';

export interface DeviceError {
  /** Also the i18n message key. */
  code: DeviceErrorCode;
  deviceId?: string;
  at: number;
  /** Technical detail for the log (never a payload). */
  detail?: string;
}

export interface ScannerPortEvents {
  scan: ScanEvent;
  attached: DeviceInfo;
  detached: DetachedEvent;
  error: DeviceError;
}

export type ScannerPortEventName = keyof ScannerPortEvents;

export interface ScannerPort {
  /** Devices this port would use now (filters applied). */
  list(): Promise<DeviceInfo[]>;
  /** Open matching devices and watch for hot-plug. Idempotent. */
  start(): Promise<void>;
  /** Close everything and stop watching. Idempotent. */
  stop(): Promise<void>;
  /** Subscribe; returns the unsubscribe function. */
  on<E extends ScannerPortEventName>(event: E, cb: (payload: ScannerPortEvents[E]) => void): () => void;
}

/** HID POS barcode scanner usage page (HID Point of Sale Usage Tables). */
export const HID_POS_USAGE_PAGE = 0x8c;

const usbId = z.number().int().min(0).max(0xffff);

export const hidFilterSchema = z.object({
  vendorId: usbId,
  productId: usbId.optional(),
});
export type HidFilter = z.infer<typeof hidFilterSchema>;

export const hidReportLayoutSchema = z.object({
  /** Report id of the Scanned Data Report. Default 0x02. */
  reportId: z.number().int().min(0).max(255).default(0x02),
  /** Symbology identifier bytes after the length byte (3 in the usage tables, 0 for some vendors). */
  symbologyBytes: z.number().int().min(0).max(4).default(3),
  /** How data bytes become text. */
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
});
export type HidReportLayout = z.infer<typeof hidReportLayoutSchema>;

export const hidScannerConfigSchema = z.object({
  kind: z.literal('hid'),
  /** Empty: every device exposing the HID POS usage page. Otherwise any of these vendor/product ids. */
  filters: z.array(hidFilterSchema).max(16).default([]),
  usagePage: z.number().int().min(0).max(0xffff).default(HID_POS_USAGE_PAGE),
  /** Enumeration period for hot-plug. */
  pollIntervalMs: z.number().int().min(100).max(60_000).default(1500),
  layout: hidReportLayoutSchema.default({ reportId: 0x02, symbologyBytes: 3, encoding: 'utf-8' }),
});
export type HidScannerConfig = z.infer<typeof hidScannerConfigSchema>;
export type HidScannerConfigInput = z.input<typeof hidScannerConfigSchema>;

/** How bytes on a serial line become frames. */
export const serialFramingSchema = z.enum(['cr', 'lf', 'crlf', 'any-eol', 'stx-etx']);
export type SerialFraming = z.infer<typeof serialFramingSchema>;

export const serialScannerConfigSchema = z.object({
  kind: z.literal('serial'),
  path: z.string().min(1).max(260),
  baudRate: z.number().int().min(300).max(4_000_000).default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  framing: serialFramingSchema.default('any-eol'),
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  /**
   * Document readers send an MRZ as several lines. When on, lines are joined until a blank line,
   * a complete MRZ shape, or `lineTimeoutMs` without a new line. When off, each line is a scan.
   */
  multiLine: z.boolean().default(true),
  lineTimeoutMs: z.number().int().min(10).max(5000).default(250),
  /** Delay before trying to reopen a port that closed or failed to open. */
  reconnectMs: z.number().int().min(100).max(60_000).default(2000),
});
export type SerialScannerConfig = z.infer<typeof serialScannerConfigSchema>;
export type SerialScannerConfigInput = z.input<typeof serialScannerConfigSchema>;

export const scannerConfigSchema = z.discriminatedUnion('kind', [hidScannerConfigSchema, serialScannerConfigSchema]);
export type ScannerConfig = z.infer<typeof scannerConfigSchema>;

/** Small typed emitter shared by the adapters (no node:events in core). */
export interface PortEmitter {
  on: ScannerPort['on'];
  emit<E extends ScannerPortEventName>(event: E, payload: ScannerPortEvents[E]): void;
}

export function createPortEmitter(onListenerError?: (error: unknown) => void): PortEmitter {
  const listeners = new Map<ScannerPortEventName, Set<(payload: never) => void>>();
  return {
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const fn = cb as (payload: never) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      for (const cb of [...set]) {
        try {
          (cb as (p: typeof payload) => void)(payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
  };
}
