/**
 * DEMO ONLY: the demo post, its users with known PINs, the demo PVs and the public demo PV key.
 * Used by `npm run start:browser`, `npm start -- --demo`, the tests and the bench; production code
 * never imports main/demo (eslint.config.js) and a packaged build refuses a demo database.
 */
import type { Pv } from '../../core/departure/pv';
import { normalizeDocumentNumber, pvImportFileSchema } from '../../core/departure/pv';
import type { Role } from '../../core/ipc/roles';
import demoPvFile from '../../resources/demo/pvs.json' with { type: 'json' };
import demoPvKey from '../../resources/demo/pv-signing-demo.pub.json' with { type: 'json' };
import type { Seeder } from '../services/app-services';
import { newId } from '../services/runtime';

/** The demo post and one user per role; PINs are listed in the README. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; pin: string }> = [
  { username: 'officier', displayName: 'Officier Démo', role: 'officer', pin: '1234' },
  { username: 'escorte', displayName: 'Escorte OIM Démo', role: 'escort', pin: '2345' },
  { username: 'superviseur', displayName: 'Superviseur Démo', role: 'supervisor', pin: '3456' },
];

export const DEMO_POST = { code: 'CMN', name: 'Casablanca Mohammed V', airport: 'CMN' };

/** The demo PVs (resources/demo/pvs.json) with their flights moved to today, Casablanca time, so a newcomer can walk a whole passage on any day. */
export function demoPvsFlyingToday(now: number): Pv[] {
  const today = new Date(now + 60 * 60_000).toISOString().slice(0, 10);
  return pvImportFileSchema.parse(demoPvFile).pvs.map((pv) => ({ ...pv, ticket: { ...pv.ticket, date: today } }));
}

/**
 * Seeds an empty database with the demo post, users, PVs and the demo PV signing key, and marks it
 * as demo data (the badge shows it). Does nothing on a database that has users.
 */
export const seedDemo: Seeder = async (deps) => {
  const { db, users, settings, clock, departures, hasher } = deps;
  if (users.count() > 0) return false;
  const hashed = await Promise.all(DEMO_USERS.map(async (u) => ({ ...u, pinHash: await hasher.hash(u.pin) })));
  return db.transaction(() => {
    if (users.count() > 0) return false;
    const now = clock.now();
    settings.set('post.code', DEMO_POST.code, now);
    settings.set('post.name', DEMO_POST.name, now);
    settings.set('post.airport', DEMO_POST.airport, now);
    settings.set('demo', '1', now);
    settings.set('perDiem.amountCents', '10000', now);
    settings.set('perDiem.period', 'RVA 2026-2027', now);
    // The demo signing key is public: a real post trusts only the keys the centre distributes.
    settings.set('pv.trustedKeys', JSON.stringify([{ keyId: demoPvKey.keyId, publicKey: demoPvKey.publicKey }]), now);
    for (const pv of demoPvsFlyingToday(now)) {
      departures.upsertPv(pv, normalizeDocumentNumber(pv.travelDocument.number), 'import', now);
    }
    for (const u of hashed)
      users.insert({
        id: newId(clock),
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        pinHash: u.pinHash,
        createdAt: now,
      });
    return true;
  })();
};
