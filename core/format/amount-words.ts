/**
 * Amounts in words, for receipts: "cent dollars américains", "مائة دولار أمريكي", "one hundred
 * US dollars". Whole numbers from 0 to 999,999; amounts in integer cents of US$ or MAD.
 *
 * French follows the traditional spelling used on cheques: hyphens below a hundred except around
 * "et" (vingt et un, soixante et onze), "quatre-vingts" and "deux cents" take an s only when
 * nothing follows them or a noun does (quatre-vingts dollars, quatre-vingt mille), "mille" never.
 * Arabic counts a masculine noun (dollar, dirham, cent, centime): 3 to 10 in their feminine form,
 * the noun singular after 0, 1, 2 and round hundreds and thousands, dual for 2, plural for 3 to 10,
 * singular accusative for 11 to 99 (without diacritics, as in administrative writing); the parts
 * are joined by an attached "و". English is British (one hundred and one).
 */
import type { Language } from '../i18n/messages';

export const MAX_WORDS_NUMBER = 999_999;
export const MAX_WORDS_CENTS = MAX_WORDS_NUMBER * 100 + 99;

export type WordsCurrency = 'USD' | 'MAD';

export function isWordsCurrency(currency: string): currency is WordsCurrency {
  return currency === 'USD' || currency === 'MAD';
}

function checkWhole(n: number, max: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new RangeError(`not a whole number from 0 to ${max}: ${n}`);
}

// French -----------------------------------------------------------------------------------------

const FR_UNITS = [
  'zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf',
  'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf',
]; // prettier-ignore
const FR_TENS = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

const at = (list: readonly string[], i: number): string => list[i] as string;

/** 1-99; `final`: nothing but a noun follows (quatre-vingts takes its s). */
function frBelow100(n: number, final: boolean): string {
  if (n < 20) return at(FR_UNITS, n);
  const t = Math.floor(n / 10);
  const u = n % 10;
  if (t <= 6) return u === 0 ? at(FR_TENS, t) : u === 1 ? `${at(FR_TENS, t)} et un` : `${at(FR_TENS, t)}-${at(FR_UNITS, u)}`;
  if (t === 7) return n === 71 ? 'soixante et onze' : `soixante-${at(FR_UNITS, n - 60)}`;
  if (n === 80) return final ? 'quatre-vingts' : 'quatre-vingt';
  return `quatre-vingt-${at(FR_UNITS, n - 80)}`;
}

function frBelow1000(n: number, final: boolean): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const rest = r ? frBelow100(r, final) : '';
  if (h === 0) return rest;
  const hundreds = h === 1 ? 'cent' : `${at(FR_UNITS, h)} ${r === 0 && final ? 'cents' : 'cent'}`;
  return rest ? `${hundreds} ${rest}` : hundreds;
}

function frNumber(n: number): string {
  if (n === 0) return 'zéro';
  const k = Math.floor(n / 1000);
  const r = n % 1000;
  const rest = r ? frBelow1000(r, true) : '';
  if (k === 0) return rest;
  const thousands = k === 1 ? 'mille' : `${frBelow1000(k, false)} mille`;
  return rest ? `${thousands} ${rest}` : thousands;
}

// Arabic -----------------------------------------------------------------------------------------

/** 0-10 as counted with a masculine noun (3-10 take the feminine ending). */
const AR_UNITS = ['صفر', 'واحد', 'اثنان', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة', 'عشرة'];
const AR_TENS = ['', '', 'عشرون', 'ثلاثون', 'أربعون', 'خمسون', 'ستون', 'سبعون', 'ثمانون', 'تسعون'];
const AR_HUNDREDS = ['', 'مائة', 'مائتان', 'ثلاثمائة', 'أربعمائة', 'خمسمائة', 'ستمائة', 'سبعمائة', 'ثمانمائة', 'تسعمائة'];

function arBelow100(n: number): string {
  if (n <= 10) return at(AR_UNITS, n);
  if (n === 11) return 'أحد عشر';
  if (n === 12) return 'اثنا عشر';
  if (n < 20) return `${at(AR_UNITS, n - 10)} عشر`;
  const u = n % 10;
  const tens = at(AR_TENS, Math.floor(n / 10));
  return u === 0 ? tens : `${at(AR_UNITS, u)} و${tens}`;
}

function arBelow1000(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) parts.push(at(AR_HUNDREDS, h));
  if (r) parts.push(arBelow100(r));
  return parts.join(' و');
}

type ArNoun = { singular: string; dual: string; plural: string; accusative: string };

/** The noun counted by `n` (n >= 3) in its agreeing form. */
function arNounFor(n: number, noun: ArNoun): string {
  const r = n % 100;
  if (n >= 100 && r <= 2) return noun.singular;
  if (r >= 3 && r <= 10) return noun.plural;
  return noun.accusative;
}

const AR_THOUSAND: ArNoun = { singular: 'ألف', dual: 'ألفان', plural: 'آلاف', accusative: 'ألفا' };

function arNumber(n: number): string {
  if (n === 0) return 'صفر';
  const k = Math.floor(n / 1000);
  const r = n % 1000;
  const parts: string[] = [];
  if (k === 1) parts.push('ألف');
  else if (k === 2) parts.push('ألفان');
  else if (k > 2) parts.push(`${construct(arBelow1000(k), k % 100 === 0)} ${arNounFor(k, AR_THOUSAND)}`);
  if (r) parts.push(arBelow1000(r));
  return parts.join(' و');
}

/** Before a noun in the genitive, a dual number loses its final nun: مائتا ألف, ألفا درهم. */
function construct(words: string, roundBeforeNoun: boolean): string {
  if (!roundBeforeNoun) return words;
  return words.replace(/(مائتان|ألفان)$/, (m) => m.slice(0, -1));
}

function arCounted(n: number, noun: ArNoun): string {
  if (n === 0) return `صفر ${noun.singular}`;
  if (n === 1) return `${noun.singular} واحد`;
  if (n === 2) return noun.dual;
  return `${construct(arNumber(n), n % 100 === 0)} ${arNounFor(n, noun)}`;
}

// English ----------------------------------------------------------------------------------------

const EN_UNITS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine',
  'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
]; // prettier-ignore
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function enBelow100(n: number): string {
  if (n < 20) return at(EN_UNITS, n);
  const u = n % 10;
  const tens = at(EN_TENS, Math.floor(n / 10));
  return u ? `${tens}-${at(EN_UNITS, u)}` : tens;
}

function enBelow1000(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (!h) return enBelow100(r);
  return r ? `${at(EN_UNITS, h)} hundred and ${enBelow100(r)}` : `${at(EN_UNITS, h)} hundred`;
}

function enNumber(n: number): string {
  if (n === 0) return 'zero';
  const k = Math.floor(n / 1000);
  const r = n % 1000;
  if (!k) return enBelow1000(r);
  const thousands = `${enBelow1000(k)} thousand`;
  if (!r) return thousands;
  return `${thousands}${r < 100 ? ' and ' : ' '}${enBelow1000(r)}`;
}

// Public -----------------------------------------------------------------------------------------

/** A whole number from 0 to 999,999 in words. */
export function numberInWords(n: number, language: Language): string {
  checkWhole(n, MAX_WORDS_NUMBER);
  return language === 'fr' ? frNumber(n) : language === 'ar' ? arNumber(n) : enNumber(n);
}

const FR_NOUNS: Record<WordsCurrency, { unit: [string, string]; sub: [string, string] }> = {
  USD: { unit: ['dollar américain', 'dollars américains'], sub: ['cent', 'cents'] },
  MAD: { unit: ['dirham', 'dirhams'], sub: ['centime', 'centimes'] },
};
const EN_NOUNS: Record<WordsCurrency, { unit: [string, string]; sub: [string, string] }> = {
  USD: { unit: ['US dollar', 'US dollars'], sub: ['cent', 'cents'] },
  MAD: { unit: ['dirham', 'dirhams'], sub: ['centime', 'centimes'] },
};
const AR_NOUNS: Record<WordsCurrency, { unit: ArNoun; sub: ArNoun }> = {
  USD: {
    unit: { singular: 'دولار أمريكي', dual: 'دولاران أمريكيان', plural: 'دولارات أمريكية', accusative: 'دولارا أمريكيا' },
    sub: { singular: 'سنت', dual: 'سنتان', plural: 'سنتات', accusative: 'سنتا' },
  },
  MAD: {
    unit: { singular: 'درهم مغربي', dual: 'درهمان مغربيان', plural: 'دراهم مغربية', accusative: 'درهما مغربيا' },
    sub: { singular: 'سنتيم', dual: 'سنتيمان', plural: 'سنتيمات', accusative: 'سنتيما' },
  },
};

/**
 * An amount in integer cents in words, the currency agreeing with the number:
 * `amountInWords(10000, 'USD', 'fr')` is "cent dollars américains". Cents, when there are any,
 * follow ("... et cinquante centimes"). Throws a RangeError for a negative, fractional or too
 * large amount, or a currency it cannot name.
 */
export function amountInWords(cents: number, currency: string, language: Language): string {
  checkWhole(cents, MAX_WORDS_CENTS);
  if (!isWordsCurrency(currency)) throw new RangeError(`no words for the currency ${currency}`);
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  if (language === 'ar') {
    const nouns = AR_NOUNS[currency];
    const main = arCounted(whole, nouns.unit);
    return fraction ? `${main} و${arCounted(fraction, nouns.sub)}` : main;
  }
  const nouns = language === 'fr' ? FR_NOUNS[currency] : EN_NOUNS[currency];
  const words = language === 'fr' ? frNumber : enNumber;
  // French: singular for 0 and 1 (zéro dollar); English: singular for 1 only.
  const plural = (n: number) => (language === 'fr' ? n >= 2 : n !== 1);
  const main = `${words(whole)} ${nouns.unit[plural(whole) ? 1 : 0]}`;
  if (!fraction) return main;
  return `${main} ${language === 'fr' ? 'et' : 'and'} ${words(fraction)} ${nouns.sub[plural(fraction) ? 1 : 0]}`;
}
