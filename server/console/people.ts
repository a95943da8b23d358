/**
 * The console's users per post, PV search and conflict notes. Users reach their post through the
 * signed pull (`store.putUsers`); a one-time PIN is made here, shown once to the administrator and
 * stored only as the scrypt hash the post verifies (the post asks for a new PIN at first sign-in,
 * since the centre's hash changed). PINs never reach the audit log.
 */
import { randomBytes, randomInt, randomUUID, scrypt } from 'node:crypto';
import { PIN_HASH_KEY_LENGTH, PIN_HASH_PARAMS, PIN_HASH_SALT_LENGTH, encodePinHash, scryptMemoryBytes } from '../../core/auth/pin-policy';
import type { Pv } from '../../core/departure/pv';
import type { CentralUser } from '../../core/sync/protocol';
import type { Storage } from '../storage';
import type { Store } from '../store';

export const ONE_TIME_PIN_DIGITS = 6;

export function oneTimePin(): string {
  return Array.from({ length: ONE_TIME_PIN_DIGITS }, () => String(randomInt(10))).join('');
}

export function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(PIN_HASH_SALT_LENGTH);
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, PIN_HASH_KEY_LENGTH, { ...PIN_HASH_PARAMS, maxmem: scryptMemoryBytes(PIN_HASH_PARAMS) }, (error, key) =>
      error ? reject(error) : resolve(encodePinHash(PIN_HASH_PARAMS, salt.toString('base64'), key.toString('base64'))),
    ),
  );
}

export type PublicUser = Omit<CentralUser, 'pinHash'>;

export function createPeople(storage: Storage, store: Store, clock: { now(): number }) {
  const user = async (id: string): Promise<CentralUser | null> => {
    const { rows } = await storage.query<{ body: CentralUser }>('SELECT body FROM users WHERE id = $1', [id]);
    return rows[0]?.body ?? null;
  };
  const strip = ({ pinHash: _pinHash, ...rest }: CentralUser): PublicUser => rest;

  return {
    async users(postCode: string): Promise<PublicUser[]> {
      const { rows } = await storage.query<{ body: CentralUser }>(
        "SELECT body FROM users WHERE post_code = $1 ORDER BY body->>'username'",
        [postCode],
      );
      return rows.map((r) => strip(r.body));
    },

    /** A new user of a post with a one-time PIN; null when the post does not exist or the name is taken there. */
    async createUser(
      input: Pick<CentralUser, 'postCode' | 'username' | 'displayName' | 'role'>,
    ): Promise<{ user: PublicUser; pin: string } | null> {
      const posts = await storage.query('SELECT 1 FROM posts WHERE code = $1', [input.postCode]);
      if (posts.rows.length === 0) return null;
      const taken = await storage.query("SELECT 1 FROM users WHERE post_code = $1 AND body->>'username' = $2", [
        input.postCode,
        input.username,
      ]);
      if (taken.rows.length > 0) return null;
      const pin = oneTimePin();
      // Seen by the administrator, so one-time: the post asks for the user's own PIN at first sign-in.
      const created: CentralUser = { id: randomUUID(), ...input, active: true, pinHash: await hashPin(pin), mustChangePin: true };
      await store.putUsers([created]);
      return { user: strip(created), pin };
    },

    async resetPin(id: string): Promise<{ user: PublicUser; pin: string } | null> {
      const current = await user(id);
      if (!current) return null;
      const pin = oneTimePin();
      const next = { ...current, pinHash: await hashPin(pin), mustChangePin: true };
      await store.putUsers([next]);
      return { user: strip(next), pin };
    },

    async setRole(id: string, role: CentralUser['role']): Promise<PublicUser | null> {
      const current = await user(id);
      if (!current) return null;
      await store.putUsers([{ ...current, role }]);
      return strip({ ...current, role });
    },

    async deactivate(id: string): Promise<PublicUser | null> {
      const current = await user(id);
      if (!current) return null;
      await store.putUsers([{ ...current, active: false }]);
      return strip({ ...current, active: false });
    },

    /** PVs whose number, surname or document number contains the text (case-insensitive), newest first. */
    async searchPvs(
      text: string,
      limit = 50,
    ): Promise<Array<Pick<Pv, 'pvNumber' | 'status' | 'authorisedPosts' | 'validUntil'> & { nationality: string; name: string }>> {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const { rows } = await storage.query<{ body: Pv }>(
        `SELECT body FROM pvs WHERE pv_number ILIKE $1 OR body->'beneficiary'->>'surname' ILIKE $1 OR body->'travelDocument'->>'number' ILIKE $1
         ORDER BY updated_at DESC, pv_number LIMIT $2`,
        [like, limit],
      );
      return rows.map(({ body }) => ({
        pvNumber: body.pvNumber,
        status: body.status,
        authorisedPosts: body.authorisedPosts,
        validUntil: body.validUntil,
        nationality: body.beneficiary.nationality,
        name: `${body.beneficiary.surname} ${body.beneficiary.givenNames}`.trim(),
      }));
    },

    /** Conflict cases with their closing note, if any. */
    async conflicts(): Promise<
      Array<{
        id: string;
        pvNumber: string;
        kind: string;
        posts: string[];
        uses: number;
        closed: { at: number; by: string; note: string } | null;
      }>
    > {
      const { rows } = await storage.query<{
        body: { id: string; pvNumber: string; kind: string; posts: string[]; eventIds: string[] };
        closed_at: string | null;
        closed_by: string | null;
        note: string | null;
      }>(
        `SELECT c.body, n.closed_at::text, n.closed_by, n.note FROM conflict_cases c LEFT JOIN console_conflict_notes n ON n.case_id = c.id
         ORDER BY (n.closed_at IS NOT NULL), c.updated_at DESC`,
      );
      return rows.map((r) => ({
        id: r.body.id,
        pvNumber: r.body.pvNumber,
        kind: r.body.kind,
        posts: r.body.posts,
        uses: r.body.eventIds.length,
        closed: r.closed_at === null ? null : { at: Number(r.closed_at), by: r.closed_by ?? '', note: r.note ?? '' },
      }));
    },

    /** Closes a case with a note; false when unknown or already closed. */
    async closeConflict(id: string, by: string, note: string): Promise<boolean> {
      const { rows } = await storage.query(
        `INSERT INTO console_conflict_notes (case_id, closed_at, closed_by, note)
         SELECT id, $2, $3, $4 FROM conflict_cases WHERE id = $1
         ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
        [id, clock.now(), by, note],
      );
      return rows.length > 0;
    },
  };
}
