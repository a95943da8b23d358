import { describe, expect, it } from 'vitest';
import { postSettingsRequestSchema } from '../console/contract';
import { canonicalTimeZone } from '../format/format';
import type { PullPage } from './protocol';
import { DEFAULT_POST_SETTINGS, checkPullPage, changeSchema, postSettingsSchema } from './protocol';

const good = { postCode: 'CMN', timeZone: 'Africa/Casablanca', idleTimeoutMinutes: 5 };
const request = { timeZone: 'Africa/Casablanca', idleTimeoutMinutes: 5 };

/** The fields a schema refuses, or null when it accepts. */
function refused(schema: typeof postSettingsSchema | typeof postSettingsRequestSchema, input: unknown): string[] | null {
  const r = schema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
}

describe('post settings', () => {
  it('the centre takes a zone its runtime knows and an idle timeout of 1 to 60 whole minutes', () => {
    expect(postSettingsRequestSchema.parse(request)).toEqual(request);
    for (const timeZone of ['Europe/Paris', 'Asia/Tokyo', 'America/Argentina/Buenos_Aires', 'UTC', 'africa/casablanca'])
      expect(refused(postSettingsRequestSchema, { ...request, timeZone })).toBeNull();
    for (const idleTimeoutMinutes of [1, 60]) expect(refused(postSettingsRequestSchema, { ...request, idleTimeoutMinutes })).toBeNull();
  });

  it('the centre refuses an unknown zone, an offset and a timeout out of bounds, naming the field', () => {
    for (const timeZone of ['Mars/Olympus', '+01:00', 'UTC+1', '', 'Europe/Paris; DROP', 'A'.repeat(80)])
      expect(refused(postSettingsRequestSchema, { ...request, timeZone })).toEqual(['timeZone']);
    for (const idleTimeoutMinutes of [0, 61, 1.5, -5, '5'])
      expect(refused(postSettingsRequestSchema, { ...request, idleTimeoutMinutes })).toEqual(['idleTimeoutMinutes']);
    expect(refused(postSettingsRequestSchema, { ...request, postCode: 'CMN' })).not.toBeNull();
  });

  it('stores a zone as the runtime spells it', () => {
    expect(canonicalTimeZone(' africa/casablanca ')).toBe('Africa/Casablanca');
    expect(canonicalTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('+01:00')).toBeNull();
  });

  it('on the wire, checks the shape of the zone only, so a post lacking a zone does not refuse its page', () => {
    expect(refused(postSettingsSchema, { ...good, timeZone: 'Mars/Olympus' })).toBeNull();
    for (const timeZone of ['+01:00', '', 'Europe/Paris ', 'A'.repeat(80)])
      expect(refused(postSettingsSchema, { ...good, timeZone })).toEqual(['timeZone']);
    expect(refused(postSettingsSchema, { ...good, idleTimeoutMinutes: 0 })).toEqual(['idleTimeoutMinutes']);
    expect(refused(postSettingsSchema, { ...good, postCode: 'cmn' })).toEqual(['postCode']);
  });

  it('defaults to Casablanca and five minutes', () => {
    expect(DEFAULT_POST_SETTINGS).toEqual({ timeZone: 'Africa/Casablanca', idleTimeoutMinutes: 5 });
  });

  it('travels as a change of its own, and a page carrying another post’s settings is refused whole', () => {
    const change = changeSchema.parse({ seq: '3', kind: 'postSettings', settings: good });
    const page: PullPage = { cursor: '3', changes: [change], hasMore: false };
    expect(checkPullPage(page, { cursor: '2', limit: 10, postCode: 'CMN' })).toEqual({ ok: true });
    expect(checkPullPage(page, { cursor: '2', limit: 10, postCode: 'RAK' })).toEqual({ ok: false, error: 'otherPost' });
  });
});
