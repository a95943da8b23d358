/**
 * What a packaged post refuses to start on: demo data. The demo PV signing key is public (its
 * private half is committed in resources/demo), so a post that trusts it accepts forged PVs.
 */
import type { StartupRefusal } from '../../core/post/startup-messages';
import type { SettingsRepository } from '../db/repositories/settings-repository';

/** The public demo PV signing key (resources/demo/pv-signing-demo.pub.json; a test keeps them equal). */
export const DEMO_PV_KEY = {
  keyId: 'demo-2026',
  publicKey: 'f54443d773ec8f8bb649f2351f6d94111e384395c82e1a1782691441c400b3cd',
} as const;

function trustedKeys(text: string | null): Array<{ keyId?: unknown; publicKey?: unknown }> {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as Array<{ keyId?: unknown; publicKey?: unknown }>) : [];
  } catch {
    return [];
  }
}

/** The reason this database must not run in a packaged post, or null. */
export function productionProblem(settings: SettingsRepository): StartupRefusal | null {
  const demoKey = trustedKeys(settings.get('pv.trustedKeys')).find(
    (k) => k.keyId === DEMO_PV_KEY.keyId || (typeof k.publicKey === 'string' && k.publicKey.toLowerCase() === DEMO_PV_KEY.publicKey),
  );
  if (demoKey) return { key: 'demoKeyTrusted', keyId: DEMO_PV_KEY.keyId };
  if (settings.get('demo') === '1') return { key: 'demoData' };
  return null;
}

/** Thrown by createAppServices when `refuseDemo` is set and the database holds demo data. */
export class ProductionRefusal extends Error {
  constructor(readonly refusal: StartupRefusal) {
    super(refusal.key === 'demoKeyTrusted' ? `this post trusts the demo PV signing key ${refusal.keyId}` : 'this post holds demo data');
    this.name = 'ProductionRefusal';
  }
}
