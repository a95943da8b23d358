/**
 * Compares a name read from a document (MRZ, LPC, boarding pass) with the name on the PV.
 *
 * Tolerated as a match: case, accents (É -> E), apostrophes (dropped, as ICAO 9303 does),
 * hyphens and MRZ fillers (`<`), the order of given names, given names written together or apart,
 * MRZ / boarding-pass truncation (also of given names written without their separators, as airline
 * systems do: `KOUASSI/JEANBAPTISTE` for Jean-Baptiste Yao), a title glued to the given names, and common transliterations of West African and Arabic names
 * (OU/U, DJ/J, Y/I, W/U, PH/F, SH/CH, TCH/CH, KH/K, C/K before A, O, U, Q/K, double letters, and
 * variant spellings such as MOHAMED / MOHAMMED / MUHAMMAD).
 * A partial match (a given name missing, one typo, names split differently between surname and
 * given names) is for a person to decide; anything else is a mismatch.
 */

export interface PersonName {
  surname: string;
  givenNames: string;
}

export type NameMatchResult = 'match' | 'partial' | 'mismatch';

export type NameMatchReason =
  | 'exact'
  | 'normalized'
  | 'givenNamesOrder'
  | 'transliteration'
  | 'truncated'
  | 'givenNamesAbbreviated'
  | 'givenNameMissing'
  | 'swapped'
  | 'typo'
  | 'surnameDiffers'
  | 'givenNamesDiffer'
  | 'empty';

export interface NameMatch {
  result: NameMatchResult;
  reason: NameMatchReason;
}

export interface NameMatchOptions {
  /**
   * How the document side was written, for truncation: 'mrz' (name field of 30, 31 or 39
   * characters, `SURNAME<<GIVEN<NAMES`), 'bcbp' (20 characters, `SURNAME/GIVENNAMES MR`), 'none'.
   */
  field?: 'mrz' | 'bcbp' | 'none';
  /** The document may carry only some of the given names (boarding passes often keep the first). */
  allowAbbreviatedGivenNames?: boolean;
}

const MRZ_NAME_FIELD_LENGTHS = [30, 31, 39];
const BCBP_NAME_FIELD_LENGTH = 20;
const BCBP_TITLES = new Set(['MR', 'MRS', 'MS', 'MISS', 'MSTR', 'DR', 'CHD', 'INF', 'MME', 'MLLE', 'M']);

/** Uppercase ASCII tokens: accents removed, apostrophes dropped, everything else a separator. */
export function normalizeNameTokens(text: string): string[] {
  const s = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/Æ/g, 'AE')
    .replace(/Œ/g, 'OE')
    .replace(/Ø/g, 'O')
    .replace(/Ł/g, 'L')
    .replace(/Đ/g, 'D')
    .replace(/Þ/g, 'TH')
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
  return s === '' ? [] : s.split(' ');
}

/** Spelling folds, applied in order, then double letters collapsed. */
function fold(token: string): string {
  const t = token
    .replace(/PH/g, 'F')
    .replace(/TCH/g, 'CH')
    .replace(/SH/g, 'CH')
    .replace(/KH/g, 'K')
    .replace(/GH/g, 'G')
    .replace(/DJ/g, 'J')
    .replace(/OU/g, 'U')
    .replace(/Y/g, 'I')
    .replace(/W/g, 'U')
    .replace(/CK/g, 'K')
    .replace(/Q/g, 'K')
    .replace(/C(?=[AOU]|$)/g, 'K');
  return t.replace(/(.)\1+/g, '$1');
}

/** Variant spellings of one name (folded forms are compared). */
const NAME_VARIANTS: readonly (readonly string[])[] = [
  [
    'MOHAMED',
    'MOHAMMED',
    'MOHAMMAD',
    'MOHAMAD',
    'MUHAMMAD',
    'MUHAMMED',
    'MUHAMED',
    'MOUHAMED',
    'MOUHAMMED',
    'MOUHAMMAD',
    'MAHAMAT',
    'MAHAMED',
    'MHAMED',
    'MOHAMET',
  ],
  ['AHMED', 'AHMAD', 'AHMET'],
  ['AMADOU', 'AHMADOU', 'AMADU', 'AHMADU', 'HAMADOU'],
  ['ABDOULAYE', 'ABDULLAHI', 'ABDOULLAHI', 'ABDULAYE', 'ABDOULAHI'],
  ['OUSMANE', 'OUSMAN', 'USMAN', 'OUSMANOU', 'USMANE'],
  ['IBRAHIMA', 'IBRAHIM', 'EBRAHIM', 'IBRAHEEM', 'BRAHIM'],
  ['YOUSSOUF', 'YOUSSEF', 'YOUSSOUPH', 'YUSUF', 'YOUSOUF', 'YOUSEF', 'YOUSUF'],
  ['CHEIKH', 'CHEICK', 'CHEIK', 'SHEIKH', 'CHEICKH', 'SHEIK'],
  ['ABOUBACAR', 'ABOUBAKAR', 'ABUBAKAR', 'ABOUBAKR', 'ABUBAKR', 'BOUBACAR', 'BOUBAKAR'],
  ['SOULEYMANE', 'SULEIMAN', 'SOULEIMANE', 'SOULEMANE', 'SULEYMAN', 'SOULAYMANE', 'SULAYMAN'],
  ['IDRISSA', 'IDRISA', 'IDRIS', 'IDRISS'],
  ['FATOUMATA', 'FATUMATA', 'FATOUMATTA'],
  ['AISSATOU', 'AISSATA', 'AYSSATOU', 'AICHATOU'],
  ['KADIATOU', 'KADIATU', 'KHADIATOU', 'KADIJATOU'],
  ['OUMAR', 'UMAR', 'OMAR'],
];

const VARIANT_KEY = new Map<string, string>();
for (const group of NAME_VARIANTS) {
  const canonical = fold(group[0]!);
  for (const name of group) VARIANT_KEY.set(fold(name), canonical);
}

/** The comparison key of one normalised token: spelling folds and variant spellings. */
export function phoneticKey(token: string): string {
  const folded = fold(token);
  return VARIANT_KEY.get(folded) ?? folded;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

const sortedJoin = (tokens: readonly string[]) => [...tokens].sort().join(' ');

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && sortedJoin(a) === sortedJoin(b);
}

/** True when every token of `small` is in `big` (as a multiset) and `small` is not empty. */
function isSubMultiset(small: readonly string[], big: readonly string[]): boolean {
  if (small.length === 0 || small.length > big.length) return false;
  const pool = [...big];
  for (const t of small) {
    const at = pool.indexOf(t);
    if (at < 0) return false;
    pool.splice(at, 1);
  }
  return true;
}

function mayBeTruncated(doc: PersonName, surname: string[], given: string[], field: NameMatchOptions['field']): boolean {
  if (field === 'mrz') {
    const length = surname.join('<').length + (given.length > 0 ? 2 + given.join('<').length : 0);
    return MRZ_NAME_FIELD_LENGTHS.includes(length);
  }
  if (field === 'bcbp') {
    const raw = `${doc.surname.trim()}/${doc.givenNames.trim().replace(/\s+/g, ' ')}`;
    return raw.length >= BCBP_NAME_FIELD_LENGTH;
  }
  return false;
}

/** Doc tokens equal the PV tokens in order, except the last doc token which may be a prefix. */
function isTruncationOf(doc: readonly string[], pv: readonly string[], key: (t: string) => string): boolean {
  if (doc.length === 0 || doc.length > pv.length) return false;
  const last = doc.length - 1;
  for (let i = 0; i < last; i += 1) if (key(doc[i]!) !== key(pv[i]!)) return false;
  const d = doc[last]!;
  const p = pv[last]!;
  return p.startsWith(d) || fold(p).startsWith(fold(d)) || key(p) === key(d);
}

/** True when `doc` is the concatenation of a run of consecutive `pv` tokens (`JEANBAPTISTE` for JEAN BAPTISTE YAO). */
function isJoinedRunOf(doc: string, pv: readonly string[]): boolean {
  if (doc === '') return false;
  for (let i = 0; i < pv.length; i += 1) {
    let joined = '';
    for (let j = i; j < pv.length && joined.length < doc.length; j += 1) {
      joined += pv[j]!;
      if (joined === doc) return true;
    }
  }
  return false;
}

/**
 * Airline systems glue the title to the given names (`JEANBAPTISTEYAOMR`), and a full field cuts it
 * (`...YAOM`): true when `doc` is `pv` followed by a title, or by the start of one when cut.
 */
function endsWithTitle(doc: string, pv: string, truncated: boolean): boolean {
  if (pv === '' || !doc.startsWith(pv) || doc.length === pv.length) return false;
  const rest = doc.slice(pv.length);
  for (const title of BCBP_TITLES) if (title === rest || (truncated && title.startsWith(rest))) return true;
  return false;
}

export function matchNames(doc: PersonName, pv: PersonName, options: NameMatchOptions = {}): NameMatch {
  const field = options.field ?? 'mrz';
  const docS = normalizeNameTokens(doc.surname);
  let docG = normalizeNameTokens(doc.givenNames);
  if (field === 'bcbp') while (docG.length > 1 && BCBP_TITLES.has(docG[docG.length - 1]!)) docG = docG.slice(0, -1);
  const pvS = normalizeNameTokens(pv.surname);
  const pvG = normalizeNameTokens(pv.givenNames);
  if ((docS.length === 0 && docG.length === 0) || (pvS.length === 0 && pvG.length === 0)) {
    return { result: 'mismatch', reason: 'empty' };
  }
  const truncated = mayBeTruncated(doc, docS, docG, field);

  const levels: { key: (t: string) => string; phonetic: boolean }[] = [
    { key: (t) => t, phonetic: false },
    { key: phoneticKey, phonetic: true },
  ];
  for (const { key, phonetic } of levels) {
    const dS = docS.map(key);
    const dG = docG.map(key);
    const pS = pvS.map(key);
    const pG = pvG.map(key);
    const surnameOk = dS.join('') === pS.join('');
    const givenOrdered = dG.join(' ') === pG.join(' ') || dG.join('') === pG.join('');
    const givenAnyOrder = sameMultiset(dG, pG);
    if (surnameOk && (givenOrdered || givenAnyOrder)) {
      if (phonetic) return { result: 'match', reason: 'transliteration' };
      if (!givenOrdered) return { result: 'match', reason: 'givenNamesOrder' };
      const raw = (n: PersonName) =>
        `${n.surname}|${n.givenNames}`
          .toUpperCase()
          .replace(/[\s<]+/g, ' ')
          .trim();
      return { result: 'match', reason: raw(doc) === raw(pv) ? 'exact' : 'normalized' };
    }
    // Separators dropped (`JEANBAPTISTE` for Jean-Baptiste): compare the given names joined.
    const dJoined = dG.join('');
    const pJoined = pG.join('');
    if (!phonetic && surnameOk && field === 'bcbp' && endsWithTitle(docG.join(''), pvG.join(''), truncated)) {
      return { result: 'match', reason: truncated ? 'truncated' : 'normalized' };
    }
    if (truncated) {
      const surnameCut = docG.length === 0 && isTruncationOf([docS.join('')], [pvS.join('')], key);
      const givenCut = surnameOk && (isTruncationOf(docG, pvG, key) || (dJoined !== '' && pJoined.startsWith(dJoined)));
      if (surnameCut || givenCut) return { result: 'match', reason: 'truncated' };
    }
    if (options.allowAbbreviatedGivenNames && surnameOk && (isSubMultiset(dG, pG) || isJoinedRunOf(dJoined, pG))) {
      return { result: 'match', reason: 'givenNamesAbbreviated' };
    }
  }

  // Partial: for a person to decide.
  const dS = docS.map(phoneticKey);
  const dG = docG.map(phoneticKey);
  const pS = pvS.map(phoneticKey);
  const pG = pvG.map(phoneticKey);
  const surnameOk = dS.join('') === pS.join('');
  if (surnameOk && (isSubMultiset(dG, pG) || isSubMultiset(pG, dG))) return { result: 'partial', reason: 'givenNameMissing' };
  if (sameMultiset([...dS, ...dG], [...pS, ...pG]) || (dS.join('') === pG.join('') && dG.join('') === pS.join(''))) {
    return { result: 'partial', reason: 'swapped' };
  }
  const surnameDistance = editDistance(dS.join(''), pS.join(''));
  const givenDistance = editDistance(sortedJoin(dG), sortedJoin(pG));
  const totalLength = pS.join('').length + sortedJoin(pG).length;
  const allowed = Math.min(2, Math.max(1, Math.floor(totalLength / 8)));
  if (surnameDistance + givenDistance <= allowed) return { result: 'partial', reason: 'typo' };
  // One side's given names, joined, start the other's: a cut or dropped name, not another person.
  const dJoined = dG.join('');
  const pJoined = pG.join('');
  if (surnameOk && dJoined !== '' && pJoined !== '' && (pJoined.startsWith(dJoined) || dJoined.startsWith(pJoined))) {
    return { result: 'partial', reason: 'givenNameMissing' };
  }
  return { result: 'mismatch', reason: surnameOk ? 'givenNamesDiffer' : 'surnameDiffers' };
}
