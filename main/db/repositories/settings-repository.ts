import type { Db } from '../connection';

/** Post settings as key/value text. Typed accessors live in the services that own each setting. */
export function createSettingsRepository(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM post_settings WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO post_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    get(key: string): string | null {
      return get.get(key)?.value ?? null;
    },
    set(key: string, value: string, now: number): void {
      put.run(key, value, now);
    },
  };
}
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
