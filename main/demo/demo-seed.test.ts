import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSettingsRepository } from '../db/repositories/settings-repository';
import { createAppServices } from '../services/app-services';
import { DEMO_PV_KEY, ProductionRefusal } from '../services/production-guard';
import { silentLogger } from '../services/runtime';
import { createTestPinHasher } from '../testing/pin-hasher';
import { seedDemo } from './demo-seed';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rva-demo-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const start = (dataDir: string, more: Parameters<typeof createAppServices>[0] extends infer O ? Partial<O> : never = {}) =>
  createAppServices({ dataDir, mode: 'browser', version: 'test', logger: silentLogger, pinHasher: createTestPinHasher(), ...more });

describe('demo seed and production mode', () => {
  it('the guard knows the committed demo public key', () => {
    const pub = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo/pv-signing-demo.pub.json'), 'utf8')) as {
      keyId: string;
      publicKey: string;
    };
    expect(DEMO_PV_KEY).toEqual({ keyId: pub.keyId, publicKey: pub.publicKey });
  });

  it('without a seed, a new post has no users, no PVs, no trusted keys and says it is not configured', async () => {
    const services = await start(':memory:');
    try {
      expect(services.postStatus()).toEqual({ configured: false, demo: false });
      expect(services.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
      expect(createSettingsRepository(services.db).get('pv.trustedKeys')).toBeNull();
      expect(services.post.demo).toBe(false);
    } finally {
      await services.close();
    }
  });

  it('the demo seed configures the post and marks it as demo', async () => {
    const services = await start(':memory:', { seed: seedDemo });
    try {
      expect(services.postStatus()).toEqual({ configured: true, demo: true });
      expect(services.post.demo).toBe(true);
    } finally {
      await services.close();
    }
  });

  it('a packaged start refuses a database that trusts the demo PV key, with the reason', async () => {
    const dataDir = temp();
    await (await start(dataDir, { seed: seedDemo })).close();
    const refused = start(dataDir, { refuseDemo: true });
    await expect(refused).rejects.toBeInstanceOf(ProductionRefusal);
    await expect(refused).rejects.toMatchObject({ refusal: { key: 'demoKeyTrusted', keyId: 'demo-2026' } });
  });

  it('a packaged start refuses the demo key under another key id, and demo data without the key', async () => {
    const dataDir = temp();
    const seeded = await start(dataDir, { seed: seedDemo });
    const keys = JSON.stringify([{ keyId: 'prod-2026', publicKey: DEMO_PV_KEY.publicKey }]);
    createSettingsRepository(seeded.db).set('pv.trustedKeys', keys, Date.now());
    await seeded.close();
    await expect(start(dataDir, { refuseDemo: true })).rejects.toMatchObject({ refusal: { key: 'demoKeyTrusted' } });
    const again = await start(dataDir);
    createSettingsRepository(again.db).set('pv.trustedKeys', '[]', Date.now());
    await again.close();
    await expect(start(dataDir, { refuseDemo: true })).rejects.toMatchObject({ refusal: { key: 'demoData' } });
  });

  it('a packaged start runs on a post without demo data', async () => {
    const services = await start(temp(), { refuseDemo: true });
    try {
      expect(services.postStatus()).toEqual({ configured: false, demo: false });
    } finally {
      await services.close();
    }
  });
});
