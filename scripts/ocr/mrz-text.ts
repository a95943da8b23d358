/** Random but well-formed MRZ contents (fictitious people) for synthetic photos. */
import { checkDigitChar as checkDigit, type MrzShape as MrzFormat } from '../../core/documents/mrz-layout';

export type Rng = () => number;

/** Deterministic PRNG (mulberry32). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
export const between = (rng: Rng, a: number, b: number): number => a + (b - a) * rng();
export const intBetween = (rng: Rng, a: number, b: number): number => Math.floor(between(rng, a, b + 1));

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALNUM = LETTERS + DIGITS;
const SYLLABLES = [
  'AB',
  'EL',
  'MA',
  'RO',
  'KH',
  'OU',
  'ZI',
  'WA',
  'BEN',
  'SA',
  'LI',
  'MO',
  'HA',
  'DI',
  'NE',
  'FA',
  'TI',
  'JU',
  'QU',
  'YA',
  'VE',
  'GO',
  'PI',
  'CE',
  'XU',
];
const STATES = ['MAR', 'FRA', 'SEN', 'MLI', 'GIN', 'CIV', 'NGA', 'CMR', 'UTO', 'D<<', 'GBR', 'ESP', 'COD', 'GHA', 'BFA'];

function word(rng: Rng, min: number, max: number): string {
  let w = '';
  const target = intBetween(rng, min, max);
  while (w.length < target) w += pick(rng, SYLLABLES);
  return w.slice(0, target);
}

function randomString(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

function date(rng: Rng): string {
  const yy = String(intBetween(rng, 0, 99)).padStart(2, '0');
  const mm = String(intBetween(rng, 1, 12)).padStart(2, '0');
  const dd = String(intBetween(rng, 1, 28)).padStart(2, '0');
  return yy + mm + dd;
}

function pad(s: string, n: number): string {
  return (s + '<'.repeat(n)).slice(0, n);
}

function names(rng: Rng, width: number): string {
  const surname = [word(rng, 3, 9), ...(rng() < 0.3 ? [word(rng, 2, 7)] : [])].join('<');
  const given = Array.from({ length: intBetween(rng, 1, 3) }, () => word(rng, 3, 8)).join('<');
  return pad(`${surname}<<${given}`, width);
}

function documentNumber(rng: Rng): string {
  const n = intBetween(rng, 6, 9);
  const s = rng() < 0.5 ? randomString(rng, LETTERS, 2) + randomString(rng, DIGITS, n - 2) : randomString(rng, ALNUM, n);
  return pad(s, 9);
}

/** The fields every format holds, drawn in this order (the generated photos depend on it). */
function holderFields(rng: Rng): { sex: string; state: string; nat: string; birth: string; expiry: string; doc: string } {
  const sex = pick(rng, ['M', 'F', 'M', 'F', '<', 'X']);
  const state = pick(rng, STATES);
  const nat = pick(rng, STATES);
  const birth = date(rng);
  const expiry = date(rng);
  const doc = documentNumber(rng);
  return { sex, state, nat, birth, expiry, doc };
}

export function randomMrz(rng: Rng, format: MrzFormat): string[] {
  const { sex, state, nat, birth, expiry, doc } = holderFields(rng);
  if (format === 'TD3') {
    const code = pick(rng, ['P<', 'PO', 'PD', 'PS']);
    const personal = rng() < 0.5 ? pad(randomString(rng, ALNUM, intBetween(rng, 4, 14)), 14) : '<'.repeat(14);
    const personalCheck = /^<+$/.test(personal) && rng() < 0.5 ? '<' : checkDigit(personal);
    const line2a = doc + checkDigit(doc) + nat + birth + checkDigit(birth) + sex + expiry + checkDigit(expiry) + personal + personalCheck;
    const composite = checkDigit(line2a.slice(0, 10) + line2a.slice(13, 20) + line2a.slice(21, 43));
    return [code + state + names(rng, 39), line2a + composite];
  }
  if (format === 'TD2') {
    const code = pick(rng, ['I<', 'ID', 'AC']);
    const optional = rng() < 0.5 ? pad(randomString(rng, ALNUM, intBetween(rng, 1, 7)), 7) : '<'.repeat(7);
    const line2a = doc + checkDigit(doc) + nat + birth + checkDigit(birth) + sex + expiry + checkDigit(expiry) + optional;
    const composite = checkDigit(line2a.slice(0, 10) + line2a.slice(13, 20) + line2a.slice(21, 35));
    return [code + state + names(rng, 31), line2a + composite];
  }
  const code = pick(rng, ['I<', 'ID', 'IR', 'AC', 'C<']);
  const opt1 = rng() < 0.6 ? pad(randomString(rng, ALNUM, intBetween(rng, 1, 15)), 15) : '<'.repeat(15);
  const opt2 = rng() < 0.4 ? pad(randomString(rng, ALNUM, intBetween(rng, 1, 11)), 11) : '<'.repeat(11);
  const line1 = code + state + doc + checkDigit(doc) + opt1;
  const line2a = birth + checkDigit(birth) + sex + expiry + checkDigit(expiry) + nat + opt2;
  const composite = checkDigit(line1.slice(5, 30) + line2a.slice(0, 7) + line2a.slice(8, 15) + line2a.slice(18, 29));
  return [line1, line2a + composite, names(rng, 30)];
}

/** A visa MRZ: MRV-A shaped as a passport (TD3), MRV-B as a TD2 card; no composite check digit. */
export function randomVisa(rng: Rng, shape: 'TD3' | 'TD2'): string[] {
  const width = shape === 'TD3' ? 44 : 36;
  const { sex, state, nat, birth, expiry, doc } = holderFields(rng);
  const code = pick(rng, ['V<', 'VD', 'VE']);
  const optionalWidth = width - 28;
  const optional =
    rng() < 0.5 ? pad(randomString(rng, ALNUM, intBetween(rng, 1, optionalWidth)), optionalWidth) : '<'.repeat(optionalWidth);
  const line2 = doc + checkDigit(doc) + nat + birth + checkDigit(birth) + sex + expiry + checkDigit(expiry) + optional;
  return [code + state + names(rng, width - 5), line2];
}
