import { describe, expect, it } from 'vitest';
import { correctMrz } from './correction';

const READ = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('officer correction of a camera MRZ', () => {
  it('keeps the reading as read when nothing was changed (case and spaces ignored)', () => {
    expect(correctMrz(READ, READ.join('\n').toLowerCase().replace('<<anna', ' <<anna'))).toEqual({
      ok: true,
      lines: READ,
      corrected: false,
      changed: [],
    });
  });

  it('records the corrected lines and which characters the officer changed', () => {
    const typed = [READ[0] as string, (READ[1] as string).replace('L898902C3', 'L898902C8')].join('\r\n');
    const r = correctMrz(READ, typed);
    expect(r).toEqual({
      ok: true,
      lines: [READ[0], (READ[1] as string).replace('L898902C3', 'L898902C8')],
      corrected: true,
      changed: [{ line: 1, position: 8 }],
    });
  });

  it('refuses text that is not an MRZ of the same shape, changing nothing', () => {
    expect(correctMrz(READ, READ[0] as string)).toEqual({ ok: false, error: 'shape' });
    expect(correctMrz(READ, [READ[0], `${(READ[1] as string).slice(0, 43)}`].join('\n'))).toEqual({ ok: false, error: 'shape' });
    expect(correctMrz(READ, [READ[0], (READ[1] as string).replace('L', 'É')].join('\n'))).toEqual({ ok: false, error: 'shape' });
  });
});
