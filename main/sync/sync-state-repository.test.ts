import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { createSyncStateRepository } from './sync-state-repository';

const key = (c: string) => `${c.repeat(43)}=`;
const fingerprint = 'AB'.repeat(32);

describe('the centre trust kept by the post', () => {
  it('keeps the recovery key with the enrolment and the revocations with the trust, and forgets both with the centre', () => {
    const db = openDatabase(':memory:');
    const state = createSyncStateRepository(db);
    state.pendingPublicKey();
    state.saveEnrolment('device-1', 'CMN', 1_000, {
      centreKey: key('a'),
      url: 'https://centre.example',
      fingerprint256: fingerprint,
      recovery: { key: key('r'), seq: 2 },
    });
    expect(state.trust()).toMatchObject({ key: key('a'), recovery: { key: key('r'), seq: 2, revoked: [] } });

    const revoked = { ...state.trust()!, key: key('b'), recovery: { key: key('r'), seq: 3, revoked: [{ key: key('a'), at: 2_000 }] } };
    state.saveTrust(revoked, 2_000);
    expect(createSyncStateRepository(db).trust()).toEqual(revoked);

    state.forgetCentre();
    expect(state.trust()).toBeNull();
    expect(db.prepare("SELECT count(*) AS n FROM post_settings WHERE key = 'centre.recovery'").get()).toEqual({ n: 0 });

    // A centre without a recovery key: the post has none, nothing left from the one before.
    state.saveTrust(revoked, 3_000);
    state.pendingPublicKey();
    state.saveEnrolment('device-2', 'CMN', 4_000, { centreKey: key('c'), url: 'https://centre.example', fingerprint256: fingerprint });
    expect(state.trust()?.recovery).toBeNull();
  });
});
