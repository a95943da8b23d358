/**
 * Finding a beneficiary on the board: by name (as the name matcher reads names: accents,
 * apostrophes, transliteration folds and variant spellings; typed in Latin or Arabic script), by
 * PV number or by document number.
 *
 * Arabic script is romanised to its consonants (Arabic writes few vowels), and compared with the
 * consonants of the Latin name after the name matcher's folds: محمد finds MOHAMED and MUHAMMAD.
 */
import { normalizeNameTokens, phoneticKey } from '../departure/name-match';

export interface Searchable {
  pvNumber: string;
  documentNumber: string;
  surname: string;
  givenNames: string;
}

/** Arabic letters as the Latin consonants a French or English transliteration writes. */
const ARABIC: Record<string, string> = {
  ا: '',
  أ: '',
  إ: '',
  آ: '',
  ء: '',
  ئ: '',
  ؤ: '',
  ى: '',
  ة: '',
  ب: 'B',
  ت: 'T',
  ث: 'T',
  ج: 'J',
  ح: 'H',
  خ: 'K',
  د: 'D',
  ذ: 'D',
  ر: 'R',
  ز: 'Z',
  س: 'S',
  ش: 'CH',
  ص: 'S',
  ض: 'D',
  ط: 'T',
  ظ: 'Z',
  ع: '',
  غ: 'G',
  ف: 'F',
  ق: 'K',
  ك: 'K',
  ل: 'L',
  م: 'M',
  ن: 'N',
  ه: 'H',
  و: '',
  ي: '',
  ی: '',
  پ: 'P',
  ڤ: 'V',
  گ: 'G',
};

const ARABIC_LETTER = /[\u0600-\u06ff]/;
const hasArabic = (text: string) => ARABIC_LETTER.test(text);

/** The consonant skeleton of a folded token: vowels dropped (Arabic writes few), double letters as one. */
const skeleton = (folded: string) => folded.replace(/[AEIOU]/g, '').replace(/(.)\1+/g, '$1');

function arabicTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .split(/[^\u0600-\u06ff]+/)
    .filter(Boolean)
    .map((word) => [...word].map((ch) => ARABIC[ch] ?? '').join(''))
    .map(skeleton)
    .filter((t) => t.length > 0);
}

/** Capitals and digits only: "pv-cmn 2026/1" -> "PVCMN20261". */
const compact = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

export interface Query {
  text: string;
  /** Name tokens, folded (Latin query) or consonant skeletons (Arabic query). */
  tokens: string[];
  arabic: boolean;
  compact: string;
}

export function parseQuery(text: string): Query {
  const arabic = hasArabic(text);
  return {
    text: text.trim(),
    tokens: arabic ? arabicTokens(text) : normalizeNameTokens(text).map(phoneticKey),
    arabic,
    compact: compact(text),
  };
}

/** Folded tokens of a person's name (computed once per beneficiary). */
export function nameKeys(person: Pick<Searchable, 'surname' | 'givenNames'>): { folded: string[]; skeletons: string[] } {
  const folded = normalizeNameTokens(`${person.surname} ${person.givenNames}`).map(phoneticKey);
  return { folded, skeletons: folded.map(skeleton) };
}

/**
 * Whether the beneficiary answers the query: every name token starts one of the name's tokens
 * (order free), or the PV number or document number contains the query (at least 3 characters).
 * An empty query matches everyone.
 */
export function matchesQuery(q: Query, person: Searchable, keys = nameKeys(person)): boolean {
  if (q.text === '') return true;
  if (q.compact.length >= 3 && (compact(person.pvNumber).includes(q.compact) || compact(person.documentNumber).includes(q.compact)))
    return true;
  if (q.tokens.length === 0) return false;
  const pool = q.arabic ? keys.skeletons : keys.folded;
  return q.tokens.every((t) => pool.some((n) => n.startsWith(t)));
}

export function searchBeneficiaries<T extends Searchable>(query: string, people: readonly T[]): T[] {
  const q = parseQuery(query);
  return people.filter((p) => matchesQuery(q, p));
}
