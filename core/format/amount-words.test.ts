import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WORDS_CENTS, amountInWords, numberInWords } from './amount-words';

/** Known spellings (French traditional spelling, as on cheques; Arabic as in Moroccan administrative usage). */
const FR: [number, string][] = [
  [0, 'zéro'],
  [1, 'un'],
  [7, 'sept'],
  [10, 'dix'],
  [11, 'onze'],
  [16, 'seize'],
  [17, 'dix-sept'],
  [20, 'vingt'],
  [21, 'vingt et un'],
  [22, 'vingt-deux'],
  [30, 'trente'],
  [61, 'soixante et un'],
  [70, 'soixante-dix'],
  [71, 'soixante et onze'],
  [77, 'soixante-dix-sept'],
  [80, 'quatre-vingts'],
  [81, 'quatre-vingt-un'],
  [90, 'quatre-vingt-dix'],
  [91, 'quatre-vingt-onze'],
  [99, 'quatre-vingt-dix-neuf'],
  [100, 'cent'],
  [101, 'cent un'],
  [180, 'cent quatre-vingts'],
  [200, 'deux cents'],
  [201, 'deux cent un'],
  [280, 'deux cent quatre-vingts'],
  [1000, 'mille'],
  [1001, 'mille un'],
  [1100, 'mille cent'],
  [1980, 'mille neuf cent quatre-vingts'],
  [2000, 'deux mille'],
  [2200, 'deux mille deux cents'],
  [9999, 'neuf mille neuf cent quatre-vingt-dix-neuf'],
  [10000, 'dix mille'],
  [80000, 'quatre-vingt mille'],
  [200000, 'deux cent mille'],
];

const AR: [number, string][] = [
  [0, 'صفر'],
  [1, 'واحد'],
  [2, 'اثنان'],
  [3, 'ثلاثة'],
  [8, 'ثمانية'],
  [10, 'عشرة'],
  [11, 'أحد عشر'],
  [12, 'اثنا عشر'],
  [16, 'ستة عشر'],
  [20, 'عشرون'],
  [21, 'واحد وعشرون'],
  [71, 'واحد وسبعون'],
  [80, 'ثمانون'],
  [81, 'واحد وثمانون'],
  [91, 'واحد وتسعون'],
  [100, 'مائة'],
  [101, 'مائة وواحد'],
  [200, 'مائتان'],
  [300, 'ثلاثمائة'],
  [800, 'ثمانمائة'],
  [1000, 'ألف'],
  [1001, 'ألف وواحد'],
  [2000, 'ألفان'],
  [3000, 'ثلاثة آلاف'],
  [9999, 'تسعة آلاف وتسعمائة وتسعة وتسعون'],
  [10000, 'عشرة آلاف'],
  [11000, 'أحد عشر ألفا'],
  [100000, 'مائة ألف'],
];

const EN: [number, string][] = [
  [0, 'zero'],
  [1, 'one'],
  [16, 'sixteen'],
  [21, 'twenty-one'],
  [71, 'seventy-one'],
  [80, 'eighty'],
  [81, 'eighty-one'],
  [91, 'ninety-one'],
  [100, 'one hundred'],
  [101, 'one hundred and one'],
  [200, 'two hundred'],
  [1000, 'one thousand'],
  [1001, 'one thousand and one'],
  [2000, 'two thousand'],
  [9999, 'nine thousand nine hundred and ninety-nine'],
  [10000, 'ten thousand'],
];

describe('numberInWords', () => {
  it.each(FR)('French %i', (n, words) => expect(numberInWords(n, 'fr')).toBe(words));
  it.each(AR)('Arabic %i', (n, words) => expect(numberInWords(n, 'ar')).toBe(words));
  it.each(EN)('English %i', (n, words) => expect(numberInWords(n, 'en')).toBe(words));

  it('refuses what is not a whole number in range', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000]) {
      expect(() => numberInWords(bad, 'fr')).toThrow(RangeError);
    }
  });
});

describe('amountInWords', () => {
  it('writes the per diem in the three languages', () => {
    expect(amountInWords(10_000, 'USD', 'fr')).toBe('cent dollars américains');
    expect(amountInWords(10_000, 'USD', 'ar')).toBe('مائة دولار أمريكي');
    expect(amountInWords(10_000, 'USD', 'en')).toBe('one hundred US dollars');
  });

  it('agrees the currency with the number in French', () => {
    expect(amountInWords(0, 'USD', 'fr')).toBe('zéro dollar américain');
    expect(amountInWords(100, 'USD', 'fr')).toBe('un dollar américain');
    expect(amountInWords(200, 'USD', 'fr')).toBe('deux dollars américains');
    expect(amountInWords(8_000, 'MAD', 'fr')).toBe('quatre-vingts dirhams');
    expect(amountInWords(100_000, 'MAD', 'fr')).toBe('mille dirhams');
    expect(amountInWords(105_050, 'MAD', 'fr')).toBe('mille cinquante dirhams et cinquante centimes');
    expect(amountInWords(10_001, 'USD', 'fr')).toBe('cent dollars américains et un cent');
    expect(amountInWords(1, 'MAD', 'fr')).toBe('zéro dirham et un centime');
  });

  it('agrees the currency with the number in Arabic (singular, dual, plural 3-10, accusative 11-99)', () => {
    expect(amountInWords(0, 'USD', 'ar')).toBe('صفر دولار أمريكي');
    expect(amountInWords(100, 'USD', 'ar')).toBe('دولار أمريكي واحد');
    expect(amountInWords(200, 'USD', 'ar')).toBe('دولاران أمريكيان');
    expect(amountInWords(300, 'USD', 'ar')).toBe('ثلاثة دولارات أمريكية');
    expect(amountInWords(1_100, 'USD', 'ar')).toBe('أحد عشر دولارا أمريكيا');
    expect(amountInWords(10_100, 'USD', 'ar')).toBe('مائة وواحد دولار أمريكي');
    expect(amountInWords(10_500, 'USD', 'ar')).toBe('مائة وخمسة دولارات أمريكية');
    expect(amountInWords(1_000_000, 'MAD', 'ar')).toBe('عشرة آلاف درهم مغربي');
    expect(amountInWords(98_050, 'MAD', 'ar')).toBe('تسعمائة وثمانون درهما مغربيا وخمسون سنتيما');
    expect(amountInWords(10_001, 'USD', 'ar')).toBe('مائة دولار أمريكي وسنت واحد');
    expect(amountInWords(10_002, 'USD', 'ar')).toBe('مائة دولار أمريكي وسنتان');
    expect(amountInWords(10_005, 'USD', 'ar')).toBe('مائة دولار أمريكي وخمسة سنتات');
  });

  it('writes English amounts', () => {
    expect(amountInWords(100, 'USD', 'en')).toBe('one US dollar');
    expect(amountInWords(123_456, 'MAD', 'en')).toBe('one thousand two hundred and thirty-four dirhams and fifty-six centimes');
    expect(amountInWords(1, 'USD', 'en')).toBe('zero US dollars and one cent');
  });

  it('refuses negative, fractional, too large amounts and currencies it cannot name', () => {
    expect(() => amountInWords(-100, 'USD', 'fr')).toThrow(RangeError);
    expect(() => amountInWords(10.5, 'USD', 'fr')).toThrow(RangeError);
    expect(() => amountInWords(MAX_WORDS_CENTS + 1, 'USD', 'fr')).toThrow(RangeError);
    expect(() => amountInWords(100, 'XOF', 'fr')).toThrow(RangeError);
  });
});

/** Reads French number words back: an independent check of the whole range. */
function parseFrench(text: string): number {
  const units: Record<string, number> = {
    zéro: 0, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12,
    treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60,
  }; // prettier-ignore
  let total = 0;
  let current = 0;
  let previous = '';
  for (const word of text.split(/[ -]/)) {
    if (word === 'et') continue;
    else if ((word === 'vingt' || word === 'vingts') && previous === 'quatre') current += 80 - 4;
    else if (word === 'cent' || word === 'cents') current = (current % 100 || 1) * 100 + Math.floor(current / 100) * 100;
    else if (word === 'mille') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (word in units) current += units[word] as number;
    else throw new Error(`unknown word ${word}`);
    previous = word;
  }
  return total + current;
}

/** Reads Arabic number words back. */
function parseArabic(text: string): number {
  const values: Record<string, number> = {
    صفر: 0, واحد: 1, اثنان: 2, ثلاثة: 3, أربعة: 4, خمسة: 5, ستة: 6, سبعة: 7, ثمانية: 8, تسعة: 9, عشرة: 10, أحد: 1, اثنا: 2,
    عشرون: 20, ثلاثون: 30, أربعون: 40, خمسون: 50, ستون: 60, سبعون: 70, ثمانون: 80, تسعون: 90,
    مائة: 100, مائتان: 200, ثلاثمائة: 300, أربعمائة: 400, خمسمائة: 500, ستمائة: 600, سبعمائة: 700, ثمانمائة: 800, تسعمائة: 900,
  }; // prettier-ignore
  let total = 0;
  let current = 0;
  for (const raw of text.split(' ')) {
    const word = raw.startsWith('و') && !(raw in values) ? raw.slice(1) : raw;
    if (word === 'عشر') current += 10;
    else if (word === 'ألف') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (word === 'ألفان') total += 2000;
    else if (word === 'آلاف' || word === 'ألفا') {
      total += current * 1000;
      current = 0;
    } else if (word in values) current += values[word] as number;
    else throw new Error(`unknown word ${word}`);
  }
  return total + current;
}

/** Reads English number words back. */
function parseEnglish(text: string): number {
  const values: Record<string, number> = {
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
    thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
    twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  }; // prettier-ignore
  let total = 0;
  let current = 0;
  for (const word of text.split(/[ -]/)) {
    if (word === 'and') continue;
    if (word === 'hundred') current *= 100;
    else if (word === 'thousand') {
      total += current * 1000;
      current = 0;
    } else if (word in values) current += values[word] as number;
    else throw new Error(`unknown word ${word}`);
  }
  return total + current;
}

describe('the whole range 0-10,000', () => {
  const range = Array.from({ length: 10_001 }, (_, n) => n);

  it('reads back to the same number in every language, and no two numbers share their words', () => {
    for (const [language, parse] of [
      ['fr', parseFrench],
      ['ar', parseArabic],
      ['en', parseEnglish],
    ] as const) {
      const seen = new Set<string>();
      for (const n of range) {
        const words = numberInWords(n, language);
        expect(parse(words), `${language} ${n}: ${words}`).toBe(n);
        seen.add(words);
      }
      expect(seen.size).toBe(range.length);
    }
  });

  it('follows the French plural and "et" rules everywhere', () => {
    for (const n of range) {
      const words = numberInWords(n, 'fr');
      // "et" only before un / onze, and only after vingt to soixante.
      if (words.includes(' et ')) expect(words).toMatch(/(vingt|trente|quarante|cinquante|soixante) et (un|onze)( |$)/);
      // "cents" and "vingts" only when nothing follows them (mille is invariable, never "milles").
      expect(words).not.toMatch(/(cents|vingts)[ -]\S/);
      expect(words).not.toMatch(/milles|un mille|un cent/);
      expect(words).not.toMatch(/ {2}|^ | $/);
    }
  });

  it('keeps Arabic words in Arabic script, joined by attached wa', () => {
    for (const n of range) {
      const words = numberInWords(n, 'ar');
      expect(words).toMatch(/^[\u0621-\u064A]+( [\u0621-\u064A]+)*$/);
      expect(words).not.toMatch(/ و /);
    }
  });

  it('puts figures and words of any amount with cents in agreement (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('USD' as const, 'MAD' as const), (cents, currency) => {
        const whole = Math.floor(cents / 100);
        const fraction = cents % 100;
        const fr = amountInWords(cents, currency, 'fr');
        expect(fr.startsWith(numberInWords(whole, 'fr'))).toBe(true);
        expect(fr.includes(' et ')).toBe(fraction > 0 || /(ante|vingt|trente) et /.test(numberInWords(whole, 'fr')));
        if (fraction > 0)
          expect(fr.endsWith(currency === 'USD' ? (fraction > 1 ? ' cents' : ' cent') : fraction > 1 ? ' centimes' : ' centime')).toBe(
            true,
          );
        const en = amountInWords(cents, currency, 'en');
        expect(en.startsWith(numberInWords(whole, 'en'))).toBe(true);
        const ar = amountInWords(cents, currency, 'ar');
        expect(ar).toMatch(currency === 'USD' ? /(دولار|دولارا|دولاران|دولارات) أمريكي/ : /(درهم|درهما|درهمان|دراهم) مغربي/);
      }),
    );
  });
});
