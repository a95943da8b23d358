import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDistance, matchNames, normalizeNameTokens, phoneticKey } from './name-match';

const m = (ds: string, dg: string, ps: string, pg: string, options?: Parameters<typeof matchNames>[2]) =>
  matchNames({ surname: ds, givenNames: dg }, { surname: ps, givenNames: pg }, options);

describe('normalizeNameTokens', () => {
  it('removes accents, drops apostrophes, splits on fillers and hyphens', () => {
    expect(normalizeNameTokens("N'Guessan-Kouamé  Éloïse<<MARIE")).toEqual(['NGUESSAN', 'KOUAME', 'ELOISE', 'MARIE']);
    expect(normalizeNameTokens('')).toEqual([]);
  });
});

describe('matchNames: matches', () => {
  it.each([
    ['identical', ['DIALLO', 'MAMADOU', 'DIALLO', 'MAMADOU'], 'exact'],
    ['accents and apostrophe', ['NDIAYE', 'AISSATOU', "N'Diaye", 'Aïssatou'], 'normalized'],
    ['hyphenated given names', ['KOUASSI', 'JEAN<PIERRE', 'Kouassi', 'Jean-Pierre'], 'normalized'],
    ['given names in another order', ['TRAORE', 'AWA MARIAM', 'Traoré', 'Mariam Awa'], 'givenNamesOrder'],
    ['given names written together', ['KOUASSI', 'JEANPIERRE', 'Kouassi', 'Jean Pierre'], 'normalized'],
    ['OU / U', ['TOURE', 'MAMADU', 'Toure', 'Mamadou'], 'transliteration'],
    ['DJ / J', ['DJALO', 'ISSA', 'Jalo', 'Issa'], 'transliteration'],
    ['Y / I', ['KEITA', 'SEYDOU', 'Keïta', 'Seidou'], 'transliteration'],
    ['double letters', ['DIALO', 'FATOUMATA', 'Diallo', 'Fatoumata'], 'transliteration'],
    ['W / OU', ['WEDRAOGO', 'ISSA', 'Ouédraogo', 'Issa'], 'transliteration'],
    ['C / K', ['KOULIBALY', 'MOUSSA', 'Coulibaly', 'Moussa'], 'transliteration'],
    ['MOHAMED variants', ['BARRY', 'MUHAMMAD', 'Barry', 'Mohamed'], 'transliteration'],
    ['MOHAMMED / MOHAMED', ['KANE', 'MOHAMMED LAMINE', 'Kane', 'Mohamed Lamine'], 'transliteration'],
    ['OUSMANE / USMAN', ['BELLO', 'USMAN', 'Bello', 'Ousmane'], 'transliteration'],
  ])('%s', (_name, [ds, dg, ps, pg], reason) => {
    expect(m(ds!, dg!, ps!, pg!)).toEqual({ result: 'match', reason });
  });

  it('accepts an MRZ name cut at 39 characters (TD3)', () => {
    // NGUESSAN<<JEAN<BAPTISTE<EMMANUEL<ALEXAN = 39 characters
    expect(m('NGUESSAN', 'JEAN BAPTISTE EMMANUEL ALEXAN', "N'Guessan", 'Jean-Baptiste Emmanuel Alexandre')).toEqual({
      result: 'match',
      reason: 'truncated',
    });
  });

  it('accepts an MRZ name cut at 30 characters (TD1), a whole given name dropped', () => {
    // OKONKWO<<CHUKWUEMEKA<OLUWASEUN = 30
    expect(m('OKONKWO', 'CHUKWUEMEKA OLUWASEUN', 'Okonkwo', 'Chukwuemeka Oluwaseun Adebayo').result).toBe('match');
  });

  it('does not accept a prefix when the field is not full', () => {
    expect(m('NGUESSAN', 'JEAN BAPTISTE EMMA', "N'Guessan", 'Jean-Baptiste Emmanuel').result).not.toBe('match');
  });

  it('accepts a boarding pass with the first given name and a title', () => {
    expect(m('NDIAYE', 'MAMADOU MR', "N'Diaye", 'Mamadou Aliou', { field: 'bcbp', allowAbbreviatedGivenNames: true })).toEqual({
      result: 'match',
      reason: 'givenNamesAbbreviated',
    });
  });

  it('accepts a boarding pass name cut at 20 characters', () => {
    // OUEDRAOGO/ABDOULKADE = 20
    expect(m('OUEDRAOGO', 'ABDOULKADE', 'Ouédraogo', 'Abdoulkader', { field: 'bcbp' })).toEqual({ result: 'match', reason: 'truncated' });
  });
});

describe('matchNames: compound given names written by airline systems', () => {
  const bcbp = { field: 'bcbp', allowAbbreviatedGivenNames: true } as const;

  it('matches KOUASSI/JEANBAPTISTE (20 characters, hyphen dropped, third name cut) against Jean-Baptiste Yao', () => {
    expect(m('KOUASSI', 'JEANBAPTISTE', 'Kouassi', 'Jean-Baptiste Yao', bcbp)).toEqual({ result: 'match', reason: 'truncated' });
  });

  it('matches the joined given names with a title, glued or not, when the field is not full', () => {
    expect(m('KONE', 'JEANLUCYAOMR', 'Koné', 'Jean-Luc Yao', bcbp)).toEqual({ result: 'match', reason: 'normalized' });
    expect(m('KONE', 'JEANLUC MR', 'Koné', 'Jean-Luc Yao', bcbp)).toEqual({ result: 'match', reason: 'givenNamesAbbreviated' });
  });

  it('refers rather than refuses a joined prefix when the field is not full', () => {
    expect(m('KOUASSI', 'JEANBAPTIST', 'Kouassi', 'Jean-Baptiste Yao', bcbp)).toEqual({ result: 'partial', reason: 'givenNameMissing' });
  });

  it('still refuses another person', () => {
    expect(m('KOUASSI', 'JEANMARIE', 'Kouassi', 'Jean-Baptiste Yao', bcbp).result).toBe('mismatch');
    expect(m('KONAN', 'JEANBAPTISTE', 'Kouassi', 'Jean-Baptiste Yao', bcbp).result).toBe('mismatch');
  });

  // How airline systems write a PV name into the 20-character BCBP name field: upper case, no
  // accents or apostrophes, hyphens and spaces kept, dropped or turned into spaces, a title glued
  // or spaced or absent, then cut at 20 characters.
  const letters = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPRSTUVZ'), minLength: 2, maxLength: 9 });
  const accented = letters.map((t) => t.charAt(0) + t.slice(1).toLowerCase().replace(/e/g, 'é').replace(/i/g, 'ï'));
  const pvName = fc.record({
    surname: fc
      .array(accented, { minLength: 1, maxLength: 2 })
      .chain((parts) => fc.constantFrom(' ', '-', "'").map((sep) => parts.join(sep))),
    given: fc.array(fc.tuple(accented, fc.constantFrom(' ', '-')), { minLength: 1, maxLength: 4 }),
  });
  const encoding = fc.record({
    givenSeparator: fc.constantFrom('', ' '),
    surnameSeparator: fc.constantFrom('', ' '),
    title: fc.constantFrom('', ' MR', 'MR', ' MRS', 'MS', ' MSTR'),
  });
  const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/'/g, '');

  it('never refuses a PV name as an airline system writes it (property)', () => {
    fc.assert(
      fc.property(pvName, encoding, ({ surname, given }, enc) => {
        const pvGiven = given.map(([t, sep], i) => (i === 0 ? t : sep + t)).join('');
        const surnameField = ascii(surname).replace(/[\s-]+/g, enc.surnameSeparator);
        const givenField = ascii(pvGiven).replace(/[\s-]+/g, enc.givenSeparator);
        const field = `${surnameField}/${givenField}${enc.title}`.slice(0, 20);
        const [s, g = ''] = field.split('/');
        const result = matchNames({ surname: s!, givenNames: g.trim() }, { surname, givenNames: pvGiven }, bcbp);
        expect(result.result, `${field} for ${surname} / ${pvGiven}: ${result.reason}`).not.toBe('mismatch');
        if (!enc.title || field.length < 20) return;
        expect(result.result, `${field} for ${surname} / ${pvGiven}`).toBe('match');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('matchNames: partial and mismatch', () => {
  it('a given name missing is partial', () => {
    expect(m('DIALLO', 'MAMADOU', 'Diallo', 'Mamadou Saliou')).toEqual({ result: 'partial', reason: 'givenNameMissing' });
  });
  it('surname and given names swapped is partial', () => {
    expect(m('MAMADOU', 'DIALLO', 'Diallo', 'Mamadou')).toEqual({ result: 'partial', reason: 'swapped' });
  });
  it('one typing error is partial', () => {
    expect(m('SANGARE', 'ABDOULAYE', 'Sangaré', 'Abdoulayi')).toEqual({ result: 'partial', reason: 'typo' });
  });
  it('another surname is a mismatch', () => {
    expect(m('CAMARA', 'MAMADOU', 'Diallo', 'Mamadou')).toEqual({ result: 'mismatch', reason: 'surnameDiffers' });
  });
  it('other given names are a mismatch', () => {
    expect(m('DIALLO', 'IBRAHIMA SORY', 'Diallo', 'Mamadou Saliou')).toEqual({ result: 'mismatch', reason: 'givenNamesDiffer' });
  });
  it('an empty name is a mismatch', () => {
    expect(m('', '', 'Diallo', 'Mamadou')).toEqual({ result: 'mismatch', reason: 'empty' });
  });
});

describe('matchNames properties', () => {
  const token = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPRSTUVZ'), minLength: 2, maxLength: 10 });
  const name = fc.record({ surname: token, given: fc.array(token, { minLength: 1, maxLength: 3 }) });

  it('a name always matches itself written as an MRZ or with mixed case and accents', () => {
    fc.assert(
      fc.property(name, ({ surname, given }) => {
        const mrz = m(surname, given.join('<'), surname.toLowerCase(), given.join(' ').toLowerCase().replace(/e/g, 'é'));
        expect(mrz.result).toBe('match');
      }),
    );
  });

  it('any order of given names matches', () => {
    fc.assert(
      fc.property(name, fc.integer({ min: 0, max: 5 }), ({ surname, given }, rot) => {
        const shifted = [...given.slice(rot % given.length), ...given.slice(0, rot % given.length)];
        expect(m(surname, shifted.join(' '), surname, given.join(' ')).result).toBe('match');
      }),
    );
  });

  it('the result is symmetric for full (untruncated) names', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const ab = matchNames(
          { surname: a.surname, givenNames: a.given.join(' ') },
          { surname: b.surname, givenNames: b.given.join(' ') },
          { field: 'none' },
        );
        const ba = matchNames(
          { surname: b.surname, givenNames: b.given.join(' ') },
          { surname: a.surname, givenNames: a.given.join(' ') },
          { field: 'none' },
        );
        expect(ab.result).toBe(ba.result);
      }),
    );
  });
});

describe('helpers', () => {
  it('phoneticKey folds variants together', () => {
    expect(phoneticKey('MOHAMMED')).toBe(phoneticKey('MUHAMMAD'));
    expect(phoneticKey('YOUSSOUF')).toBe(phoneticKey('YUSUF'));
    expect(phoneticKey('DIALLO')).not.toBe(phoneticKey('BALDE'));
  });
  it('editDistance counts a transposition as one', () => {
    expect(editDistance('DIALLO', 'DAILLO')).toBe(1);
    expect(editDistance('', 'ABC')).toBe(3);
    expect(editDistance('KANE', 'KANE')).toBe(0);
  });
});
