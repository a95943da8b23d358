/**
 * One post's own settings set at the console of a real centre (TLS, console sign-in with TOTP,
 * CSRF): the time zone and the idle logout reach that post through its signed pull, and the post
 * applies them: its reports are cut in the new zone, the next session ends after the new timeout.
 * A zone the centre does not know is refused there, and the post keeps what it had.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../main/services/runtime';
import { createConsoleStore, totpFor } from '../../server/console/console-store';
import { startDemoCentre } from '../../server/embedded';
import type { CentreAddress } from './helpers';
import { admin, centreFetch, enrolledDemoPost, tempDirs } from './helpers';

const PASSWORD = 'correct horse battery';
const temp = tempDirs('rva-post-settings-');

/** Signs in to the centre's console as an administrator: the headers of a change (cookie, CSRF token). */
async function consoleSignIn(centre: CentreAddress, secret: string): Promise<Record<string, string>> {
  const res = await centreFetch(centre, '/console/api/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'amina', password: PASSWORD, code: totpFor(secret).generate() }),
  });
  expect(res.status).toBe(200);
  const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
  return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'content-type': 'application/json' };
}

describe('post settings set at the console', () => {
  it('reach the post in its pull: the zone its reports use and the idle timeout of its next session', async () => {
    const centre = await startDemoCentre({ dataDir: temp() });
    try {
      const { totpSecret } = await createConsoleStore(centre.store.storage).createAdmin({
        username: 'amina',
        password: PASSWORD,
        role: 'administrator',
      });
      const clock = createManualClock(Date.now());
      const post = await enrolledDemoPost(centre, { dataDir: temp(), clock });
      try {
        expect(await post.sync.syncNow()).toMatchObject({ state: 'idle' });
        expect(post.info.timeZone()).toBe('Africa/Casablanca');
        const first = await post.auth.login('desk-1', 'superviseur', '3456');
        expect(first.ok && first.value.idleTimeoutMs).toBe(5 * 60_000);
        post.auth.logout('desk-1', 'logout');

        const headers = await consoleSignIn(centre, totpSecret);
        const set = (body: unknown) =>
          centreFetch(centre, '/console/api/posts/CMN/settings', { method: 'POST', headers, body: JSON.stringify(body) });
        // A zone the centre does not know, and a timeout out of bounds: refused beside their fields.
        const bad = await set({ timeZone: 'Africa/Atlantis', idleTimeoutMinutes: 90 });
        expect(bad.status).toBe(400);
        expect(bad.json()).toEqual({
          error: 'console.postSettingsInvalid',
          fields: { timeZone: 'invalid', idleTimeoutMinutes: 'invalid' },
        });
        expect(await post.sync.syncNow()).toMatchObject({ state: 'idle' });
        expect(post.info.timeZone()).toBe('Africa/Casablanca');

        const good = await set({ timeZone: 'Asia/Tokyo', idleTimeoutMinutes: 1 });
        expect(good.status).toBe(200);
        expect(await post.sync.syncNow()).toMatchObject({ state: 'idle' });
        expect(post.info.timeZone()).toBe('Asia/Tokyo');
        // A report's days are cut in the new zone.
        const report = post.supervisor.reports.departures({ from: '2026-06-15', to: '2026-06-15' });
        expect(report.ok && report.value.period.timeZone).toBe('Asia/Tokyo');

        // The next session ends after one minute without activity.
        const next = await post.auth.login('desk-1', 'superviseur', '3456');
        expect(next.ok && next.value.idleTimeoutMs).toBe(60_000);
        clock.advance(30_000);
        expect(post.auth.resolve('desk-1').ok).toBe(true);
        clock.advance(61_000);
        expect(post.auth.resolve('desk-1').ok).toBe(false);
      } finally {
        await post.close();
      }
    } finally {
      await centre.close();
    }
  });

  it('scripts set them through the admin API with the same checks', async () => {
    const centre = await startDemoCentre({ dataDir: temp() });
    try {
      await centre.issueEnrolCode('CMN');
      const put = (post: string, body: unknown) => admin(centre, 'PUT', `/admin/posts/${post}/settings`, body);
      expect(await put('CMN', { timeZone: 'Mars/Olympus', idleTimeoutMinutes: 5 })).toEqual({
        status: 400,
        body: { error: 'request.invalid' },
      });
      expect(await put('ZZZ', { timeZone: 'UTC', idleTimeoutMinutes: 5 })).toEqual({ status: 404, body: { error: 'post.unknown' } });
      expect(await put('CMN', { timeZone: 'europe/paris', idleTimeoutMinutes: 15 })).toEqual({
        status: 200,
        body: { changed: true, settings: { postCode: 'CMN', timeZone: 'Europe/Paris', idleTimeoutMinutes: 15 } },
      });
      expect(await centre.store.postSettings('CMN')).toMatchObject({ settings: { timeZone: 'Europe/Paris', idleTimeoutMinutes: 15 } });
    } finally {
      await centre.close();
    }
  });
});
