/**
 * The console says every refusal in words: each error code the centre's console routes answer
 * with is either in the refusals table (fr, ar, en) or handled by its own screen; a centre that
 * did not answer is not shown as a refusal; an unknown code is named, isolated for bidi.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, NoAnswerError } from '../../renderer/console/api';
import { consoleMessages } from '../../renderer/console/messages';
import { refusalText } from '../../renderer/console/refusal';

/** Codes answered by routes whose screen shows them its own way (sign-in, PV file table, keys, bulk QR file, PDF links). */
const OWN_SCREEN = new Set([
  'console.badCredentials',
  'console.locked',
  'console.notBuilt',
  'pv.import',
  'pv.error.qrImportEmpty',
  'pv.error.qrImportTooLarge',
  'pv.error.noneFound',
  'pv.error.tooMany',
]);

/** Every literal `error: 'code'` the console's routes send, and the codes a template expands to. */
function consoleCodes(): string[] {
  const dir = join(__dirname, '../../server/console');
  const codes = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, code] of text.matchAll(/send\(\{\s*error:\s*'([\w.]+)'/g)) codes.add(code!);
    // refuse(request, reply, action, subject, status, 'code', …) in the settings routes.
    for (const [, code] of text.matchAll(/refuse\([^)]*?\d{3},\s*'([\w.]+)'/g)) codes.add(code!);
  }
  // What the centre answers on any route (server/app.ts: body limit, rate limit, bad JSON, its own error).
  for (const code of ['request.tooLarge', 'request.rateLimited', 'request.badJson', 'server.error']) codes.add(code);
  // `pv.error.${result.error}` on the single signed-QR attach: the attach's refusals.
  for (const reason of ['qrInvalid', 'qrOtherPv', 'pvUnknown']) codes.add(`pv.error.${reason}`);
  return [...codes].sort();
}

describe('console refusals in words', () => {
  it('finds the codes the routes send (the scan itself works)', () => {
    const codes = consoleCodes();
    expect(codes).toEqual(expect.arrayContaining(['console.csrf', 'console.forbidden', 'device.unknown', 'request.invalid']));
  });

  it('each code a screen shows through the common path has words in fr, ar and en', () => {
    const missing = consoleCodes().filter(
      (code) => !OWN_SCREEN.has(code) && !code.startsWith('console.pvKey.') && !code.startsWith('console.noShow.'),
    );
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const table = consoleMessages[lang].refusals as Record<string, string>;
      expect(
        missing.filter((code) => table[code] === undefined),
        lang,
      ).toEqual([]);
    }
  });

  it('says the words, never the code, for a known refusal', () => {
    const m = consoleMessages.fr;
    const text = refusalText(m, new ApiError(400, { error: 'pv.error.qrInvalid' }));
    expect(text).toBe(m.refusals['pv.error.qrInvalid']);
    expect(text).not.toContain('pv.error');
    expect(refusalText(consoleMessages.ar, new ApiError(403, { error: 'console.forbidden' }))).toBe(
      consoleMessages.ar.refusals['console.forbidden'],
    );
  });

  it('a centre that did not answer is said so, not as a refusal', () => {
    expect(refusalText(consoleMessages.en, new NoAnswerError())).toBe(consoleMessages.en.refusals.network);
  });

  it('a body too large for the centre (413 without a code) is said in words', () => {
    expect(refusalText(consoleMessages.fr, new ApiError(413, {}))).toBe(consoleMessages.fr.refusals.tooLarge);
  });

  it('an unknown code is named, isolated so it keeps its direction in Arabic', () => {
    expect(refusalText(consoleMessages.ar, new ApiError(409, { error: 'something.new' }))).toBe(
      'رفض المركز الطلب (الرمز \u2068something.new\u2069).',
    );
    expect(refusalText(consoleMessages.fr, new ApiError(500, {}))).toBe('Refusé par le centre (code \u2068500\u2069).');
  });
});
