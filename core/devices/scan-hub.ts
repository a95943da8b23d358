/**
 * One stream of scans for the classifier, whatever the source: device ports (HID, serial) are
 * attached, renderer sources (wedge, camera, manual) are submitted. Events are validated, the same
 * payload within the dedupe window is dropped, and device presence is tracked so the UI can say
 * that a scanner is gone.
 */
import type { DetachedEvent, DeviceError, DeviceInfo, ScannerPort } from './ports';
import { createScanDeduper, normalizeScanPayload, scanEventSchema, type ScanEvent } from './scan';

export type ScanHubResult =
  | { ok: true; accepted: true; event: ScanEvent }
  | { ok: true; accepted: false; reason: 'duplicate' }
  | { ok: false; error: { code: 'devices.invalidScan'; message: 'devices.invalidScan' } };

export interface ScanHubOptions {
  /** Same payload within this window is one scan. Default 2000 ms. */
  windowMs?: number;
  onScan(event: ScanEvent): void;
  onAttached?(device: DeviceInfo): void;
  onDetached?(event: DetachedEvent): void;
  onError?(error: DeviceError): void;
}

export interface ScanHub {
  /** A scan from any source (the renderer's wedge detector, the camera worker, manual entry). */
  submit(event: unknown): ScanHubResult;
  /** Listens to a device port; returns a function that stops listening. */
  attach(port: ScannerPort): () => void;
  /** Devices currently attached, by id. */
  devices(): DeviceInfo[];
}

export function createScanHub(options: ScanHubOptions): ScanHub {
  const deduper = createScanDeduper({ windowMs: options.windowMs ?? 2000 });
  const present = new Map<string, DeviceInfo>();

  function submit(input: unknown): ScanHubResult {
    const parsed = scanEventSchema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: { code: 'devices.invalidScan', message: 'devices.invalidScan' } };
    }
    const event: ScanEvent = { ...parsed.data, raw: normalizeScanPayload(parsed.data.raw) };
    if (event.raw.length === 0) {
      return { ok: false, error: { code: 'devices.invalidScan', message: 'devices.invalidScan' } };
    }
    if (!deduper.accept(event)) return { ok: true, accepted: false, reason: 'duplicate' };
    options.onScan(event);
    return { ok: true, accepted: true, event };
  }

  return {
    submit,
    attach(port) {
      const offs = [
        port.on('scan', (e) => {
          submit(e);
        }),
        port.on('attached', (d) => {
          present.set(d.id, d);
          options.onAttached?.(d);
        }),
        port.on('detached', (e) => {
          present.delete(e.device.id);
          options.onDetached?.(e);
        }),
        port.on('error', (e) => options.onError?.(e)),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
    devices: () => [...present.values()],
  };
}
