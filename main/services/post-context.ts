import { randomUUID } from 'node:crypto';
import type { SettingsRepository } from '../db/repositories/settings-repository';

/** The post this device serves and the device's own identity, from post settings. */
export interface PostContext {
  deviceId: string;
  post: { code: string; name: string; airport: string | null };
  demo: boolean;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export function readPostContext(settings: SettingsRepository, now: number): PostContext {
  let deviceId = settings.get('device.id');
  if (!deviceId) {
    deviceId = randomUUID();
    settings.set('device.id', deviceId, now);
  }
  return {
    deviceId,
    post: {
      code: settings.get('post.code') ?? 'UNSET',
      name: settings.get('post.name') ?? '',
      airport: settings.get('post.airport'),
    },
    demo: settings.get('demo') === '1',
  };
}
