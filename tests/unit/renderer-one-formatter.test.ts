import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of the renderer (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Dates, times and amounts on screen come from core/format (useFormatter): the post's time zone
 * and one number format. A formatter built in a screen would show the browser's zone or another
 * number format ("16:47" on screen, "17:47" in the PDF; "1000.00 USD" beside "1 000,00 USD").
 */
describe('one formatter in the renderer', () => {
  const own = [/new Intl\.(DateTimeFormat|NumberFormat)\b/, /\.toLocale(Date|Time)?String\(/, /\.toFixed\(2\)/];

  it('builds no date or number formatter of its own', () => {
    const root = join(import.meta.dirname, '../../renderer');
    const offenders = sources(root).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
        .filter(({ line }) => own.some((re) => re.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
