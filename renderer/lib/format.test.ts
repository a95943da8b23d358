import { describe, expect, it } from 'vitest';
import { i18n, initI18n, setLanguage } from '../i18n';
import { attemptsLeft, errorText, formatDuration, lockedUntil } from './format';

describe('login error params', () => {
  it('reads attempts left', () => {
    expect(attemptsLeft({ code: 'badCredentials', message: 'x', params: { attemptsLeft: 3 } })).toBe(3);
    expect(attemptsLeft({ code: 'badCredentials', message: 'x' })).toBeNull();
    expect(attemptsLeft({ code: 'badCredentials', message: 'x', params: { attemptsLeft: '3' } })).toBeNull();
  });

  it('reads the end of a lock from an instant or a remaining time', () => {
    const now = 1_000_000;
    expect(lockedUntil({ code: 'locked', message: 'x', params: { until: now + 5000, remainingSeconds: 99 } }, now)).toBe(now + 5000);
    expect(lockedUntil({ code: 'locked', message: 'x', params: { remainingSeconds: 300 } }, now)).toBe(now + 300_000);
    expect(lockedUntil({ code: 'locked', message: 'x', params: { retryAfterMs: 1500 } }, now)).toBe(now + 1500);
    expect(lockedUntil({ code: 'locked', message: 'x' }, now)).toBeNull();
  });
});

describe('formatting', () => {
  it('formats durations and error codes in the current language', async () => {
    initI18n();
    await setLanguage('fr');
    const t = i18n.t.bind(i18n);
    expect(formatDuration(t, 299_001)).toBe('\u20685\u2069\u00a0min\u00a0\u206800\u2069\u00a0s');
    expect(formatDuration(t, 65_000)).toBe('\u20681\u2069\u00a0min\u00a0\u206805\u2069\u00a0s');
    expect(formatDuration(t, 9_200)).toBe('\u206810\u2069\u00a0s');
    expect(formatDuration(t, -5)).toBe('\u20680\u2069\u00a0s');
    expect(errorText(t, { code: 'locked', message: 'auth.locked' })).toBe('Compte verrouillé après trop d’essais.');
    await setLanguage('ar');
    expect(formatDuration(t, 65_000)).toBe('\u20681\u2069\u00a0د\u00a0\u206805\u2069\u00a0ث');
    await setLanguage('fr');
  });
});
