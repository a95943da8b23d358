import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../main/sync/index';
import { startDemoCentre } from '../../server/embedded';
import { applyTestPvs, centreFetch, makePv, newId, openPostDb, outboxCount, writeRecords } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'rva-demo-centre-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded demo centre', () => {
  it('enrols the demo post, receives its records and gives it PVs and settings; data survives a restart', async () => {
    const centre = await startDemoCentre({ dataDir: dir, pvs: [makePv(1), makePv(2)] });
    expect(centre.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await centreFetch(centre, '/health')).json()).toEqual({ ok: true, protocol: 1, demo: true });
    const db = openPostDb();
    const engine = createSyncClient({ db, baseUrl: centre.url, tls: centre.tls, applyPvs: applyTestPvs });
    const deviceId = newId();
    expect(await engine.enrol({ code: await centre.issueEnrolCode('CMN'), deviceId })).toEqual({ ok: true, postCode: 'CMN', demo: true });
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'auth.loggedIn' }]);
    expect((await engine.syncNow()).state).toBe('idle');
    expect(outboxCount(db)).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM test_pvs').get()).toEqual({ n: 2 });
    expect(engine.state.settings()).toEqual({ perDiem: { amount: 10000, currency: 'USD', periodDays: 365 } });
    await centre.close();

    const again = await startDemoCentre({ dataDir: dir, pvs: [makePv(1), makePv(2)] });
    // The same certificate after a restart: the post's pin still holds.
    expect(again.tls?.fingerprint256).toBe(centre.tls?.fingerprint256);
    expect((await again.store.deviceSummary(deviceId))?.events).toBe(1);
    const engine2 = createSyncClient({ db, baseUrl: again.url, tls: again.tls, applyPvs: applyTestPvs });
    writeRecords(db, { deviceId, postCode: 'CMN' }, [{ action: 'auth.loggedOut' }]);
    expect((await engine2.syncNow()).state).toBe('idle');
    expect((await again.store.deviceSummary(deviceId))?.events).toBe(2);
    await again.close();
  });
});
