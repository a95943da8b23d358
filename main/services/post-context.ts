import { randomUUID } from 'node:crypto';
import { DEFAULT_POST_SETTINGS } from '../../core/sync/protocol';
import type { SettingsRepository } from '../db/repositories/settings-repository';

/** The post this device serves and the device's own identity, from post settings. */
export interface PostContext {
  deviceId: string;
  post: { code: string; name: string; airport: string | null };
  demo: boolean;
}

export const DEFAULT_IDLE_TIMEOUT_MS = DEFAULT_POST_SETTINGS.idleTimeoutMinutes * 60_000;
/** The post's idle logout in ms, as the centre set it for this post (`applyPostSettings`). */
export const IDLE_TIMEOUT_SETTING = 'session.idleTimeoutMs';
/** The post's IANA time zone, as the centre set it for this post (`applyPostSettings`). */
export const POST_TIME_ZONE_SETTING = 'post.timeZone';

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
