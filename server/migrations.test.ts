import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from './migrations';
import { createPgliteStorage } from './storage';

describe('server migrations', () => {
  it('applies a migration numbered below one already applied (numbers given to changes made side by side)', async () => {
    const storage = await createPgliteStorage();
    try {
      // A centre that ran a build with 11 but not yet 10.
      const without10 = serverMigrations.filter((m) => m.version !== 10);
      await migrateServer(storage, without10);
      const columns = async () =>
        (
          await storage.query<{ column_name: string }>(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'devices' AND column_name IN ('replaces', 'chain_id') ORDER BY column_name",
          )
        ).rows.map((r) => r.column_name);
      expect(await columns()).toEqual([]);

      await migrateServer(storage);
      expect(await columns()).toEqual(['chain_id', 'replaces']);
      const versions = await storage.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((r) => Number(r.version))).toEqual(
        [...new Set(serverMigrations.map((m) => m.version))].sort((a, b) => a - b),
      );
      // Nothing left to apply: a third start changes nothing.
      await migrateServer(storage);
      expect(await columns()).toEqual(['chain_id', 'replaces']);
    } finally {
      await storage.close();
    }
  }, 60_000);
});
