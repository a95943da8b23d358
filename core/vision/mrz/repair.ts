/**
 * Check-digit repair and the acceptance policy of the camera reader, driven by the classifier's
 * per-position ranking.
 *
 * A position may only change to a glyph that was close to the best one (`CLOSE_GAP`): a
 * confidently read character is never changed, so a document whose printed check digit is wrong
 * comes back invalid with the printed characters. Among the close alternatives, the cheapest
 * combination (cost = score gap) that makes every check digit pass is chosen, within a bounded
 * number of repairs and total cost. The checks pass (`checksPass`) when every check digit passes
 * within those bounds, the fields are plausible and the reading is not noise. A reading is `valid`
 * only when, in addition, its confidence holds: every uncertain character is one that a check
 * digit verifies (`vouched`). It is `accepted` (the desk takes it without the officer) only when
 * its repairs are, in addition, ones a wrongly printed check digit cannot explain.
 */
import { isKnownStateCode } from '../../documents/states';
import { isPlausibleYymmdd } from '../../documents/types';
import {
  allChecksPass,
  allowedChars,
  checkDigitChar,
  checkPasses,
  MRZ_ALPHABET,
  MRZ_FIELD_LAYOUTS,
  type MrzCharClass,
  type MrzCheckSpec,
  mrzCharValue,
  type MrzReaderLayout,
  type MrzSpan,
  spanText,
} from '../../documents/mrz-layout';
import type { CellRanking } from './glyph-table';

export interface MrzRepair {
  line: number;
  position: number;
  from: string;
  to: string;
}

export interface MrzPosition {
  line: number;
  position: number;
}

export interface RepairResult {
  lines: string[];
  /** Every check digit passes (within the repair bounds), the fields are plausible, not noise. */
  checksPass: boolean;
  /**
   * The checks pass and every uncertain character is one a check digit verifies (`vouched`): a
   * reading whose confidence is low is never valid, whatever its check digits say.
   */
  valid: boolean;
  /** What the desk accepts without the officer (see `acceptReading`). */
  accepted: boolean;
  /** Per line, 0..1: the weakest character's margin over its runner-up (0 for a repaired one). */
  confidence: number[];
  /** Characters the officer should look at: repaired, or with a close runner-up. */
  uncertain: MrzPosition[];
  repairs: MrzRepair[];
}

/** An alternative glyph is considered only when its score is within this gap of the best. */
export const CLOSE_GAP = 0.08;
/** A character whose runner-up is within this margin is uncertain. */
export const UNCERTAIN_MARGIN = 0.03;
/**
 * OCR-B glyph pairs that differ by a hair (O/0 above all, then I/1, B/8, S/5, Z/2). Where a field
 * allows both, a character whose twin is within this margin is uncertain: a wider margin than
 * `UNCERTAIN_MARGIN`, because at 6-8 px the two are told apart by one or two pixels, and a check
 * digit can be satisfied by a wrong twin plus one close repair beside it.
 */
export const TWIN_MARGIN = 0.045;
const TWINS: Readonly<Record<string, string>> = {
  O: '0',
  '0': 'O',
  I: '1',
  '1': 'I',
  B: '8',
  '8': 'B',
  S: '5',
  '5': 'S',
  Z: '2',
  '2': 'Z',
};

/** Whether `ch`, read with this ranking in a field allowing `allowed`, is too close to call. */
function uncertainAt(ranking: CellRanking, ch: string, allowed: string, margin: number): boolean {
  if (margin < UNCERTAIN_MARGIN) return true;
  const twin = TWINS[ch];
  if (!twin || !allowed.includes(twin)) return false;
  return (ranking.scores[MRZ_ALPHABET.indexOf(twin)] as number) - (ranking.scores[MRZ_ALPHABET.indexOf(ch)] as number) < TWIN_MARGIN;
}

/** Margin that counts as full confidence (1). */
const FULL_MARGIN = 0.06;
/** Bounds of a repair that may still give a valid reading. */
export const MAX_REPAIRS = 4;
export const MAX_REPAIR_COST = 0.2;
/** More uncertain characters than this share: noise, never valid. */
const MAX_UNCERTAIN_SHARE = 0.2;
/** The desk accepts without the officer at most this many repairs. */
export const MAX_ACCEPTED_REPAIRS = 3;

interface Candidate {
  ch: string;
  cost: number;
}

interface Change {
  line: number;
  pos: number;
  ch: string;
}

interface Variant {
  cost: number;
  changes: Change[];
}

function bestIndex(scores: Float32Array): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] as number) < (scores[best] as number)) best = i;
  return best;
}

/**
 * Per-position candidates: the characters the field allows whose score is within `CLOSE_GAP` of
 * the best glyph overall, cheapest first (cost = gap to that best). Empty when none is close: the
 * position then keeps what was read.
 */
export function positionCandidates(ranking: CellRanking, allowed: string): Candidate[] {
  const best = ranking.scores[bestIndex(ranking.scores)] as number;
  const list: Candidate[] = [];
  for (const ch of allowed) {
    const s = ranking.scores[MRZ_ALPHABET.indexOf(ch)] as number;
    if (Number.isFinite(s) && s - best <= CLOSE_GAP) list.push({ ch, cost: s - best });
  }
  return list.sort((a, b) => a.cost - b.cost);
}

function checkPositions(check: MrzCheckSpec): Array<{ line: number; pos: number }> {
  const out: Array<{ line: number; pos: number }> = [];
  for (const s of check.spans) for (let p = s.start; p < s.end; p++) out.push({ line: s.line, pos: p });
  out.push({ line: check.line, pos: check.pos });
  return out;
}

function apply(lines: string[][], changes: Change[]): void {
  for (const c of changes) (lines[c.line] as string[])[c.pos] = c.ch;
}

/** Variants of one check's data with 0, 1 or 2 close substitutions that pass it, cheapest first. */
function checkVariants(lines: string[][], cands: Candidate[][][], check: MrzCheckSpec): Variant[] {
  const text = () => lines.map((l) => l.join(''));
  const out: Variant[] = [];
  const test = (changes: Change[], cost: number) => {
    const saved = changes.map((c) => (lines[c.line] as string[])[c.pos] as string);
    apply(lines, changes);
    if (checkPasses(text(), check)) out.push({ cost, changes });
    changes.forEach((c, i) => ((lines[c.line] as string[])[c.pos] = saved[i] as string));
  };
  test([], 0);
  const alts: Array<Change & { cost: number }> = [];
  for (const { line, pos } of checkPositions(check)) {
    const current = (lines[line] as string[])[pos];
    for (const c of (cands[line] as Candidate[][])[pos] ?? []) {
      if (c.ch !== current) alts.push({ line, pos, ch: c.ch, cost: c.cost });
    }
  }
  for (const a of alts) test([{ line: a.line, pos: a.pos, ch: a.ch }], a.cost);
  for (let i = 0; i < alts.length; i++) {
    for (let j = i + 1; j < alts.length; j++) {
      const a = alts[i] as (typeof alts)[number];
      const b = alts[j] as (typeof alts)[number];
      if (a.line === b.line && a.pos === b.pos) continue;
      test(
        [
          { line: a.line, pos: a.pos, ch: a.ch },
          { line: b.line, pos: b.pos, ch: b.ch },
        ],
        a.cost + b.cost,
      );
    }
  }
  return out.sort((x, y) => x.cost - y.cost).slice(0, 6);
}

const STATE_FORMAT = /^[A-Z]{1,3}<*$/;

/** A state code the lists know (ICAO's specimen state UTO included: states.ts). */
function plausibleState(code: string): boolean {
  if (!STATE_FORMAT.test(code)) return false;
  return isKnownStateCode(code.replace(/<+$/, ''));
}

/** The cheapest combination of close candidates that spells a known state code, if any. */
function cheapestKnownState(cands: readonly Candidate[][]): { chars: string[]; cost: number } | null {
  let best: { chars: string[]; cost: number } | null = null;
  const walk = (k: number, chars: string[], cost: number) => {
    if (best && cost >= best.cost) return;
    if (k === cands.length) {
      if (plausibleState(chars.join(''))) best = { chars: [...chars], cost };
      return;
    }
    for (const c of cands[k] ?? []) walk(k + 1, [...chars, c.ch], cost + c.cost);
  };
  walk(0, [], 0);
  return best;
}

function text(lines: readonly string[], s: MrzSpan | undefined): string {
  return s ? (lines[s.line] ?? '').slice(s.start, s.end) : '';
}

/**
 * Whether the fields of a reading make sense (whatever the check digits say): document code,
 * issuing state and nationality among the ICAO 9303 part 3 codes, calendar dates, sex M/F/X/< (X: unspecified, printed by several states),
 * names of letters, each field of its own character class.
 */
export function plausibleFields(lines: readonly string[], layout: MrzReaderLayout): boolean {
  const classes = layout.classes;
  for (let l = 0; l < classes.length; l++) {
    const row = classes[l] as MrzCharClass[];
    const line = lines[l] ?? '';
    if (line.length !== row.length) return false;
    for (let p = 0; p < row.length; p++) if (!allowedChars(row[p] as MrzCharClass).includes(line[p] as string)) return false;
  }
  const fields = MRZ_FIELD_LAYOUTS[layout.format];
  const code = text(lines, fields.documentType);
  const kinds =
    layout.format === 'MRVA' || layout.format === 'MRVB' ? 'V' : layout.format === 'TD3' ? 'PV' : layout.format === 'TD1' ? 'ACI' : 'ACIPV';
  if (!kinds.includes(code[0] ?? '') || !/^[A-Z<]$/.test(code[1] ?? '')) return false;
  if (!plausibleState(text(lines, fields.issuingState)) || !plausibleState(text(lines, fields.nationality))) return false;
  if (!/^[MFX<]$/.test(text(lines, fields.sex))) return false;
  const birth = text(lines, fields.birthDate);
  if (!isPlausibleYymmdd(birth) && !/^[0-9<]*<[0-9<]*$/.test(birth)) return false;
  if (!isPlausibleYymmdd(text(lines, fields.expiryDate))) return false;
  const name = text(lines, fields.name);
  if (!/^[A-Z]/.test(name)) return false;
  const end = name.indexOf('<<<');
  if (end >= 0 && !/^<*$/.test(name.slice(end))) return false;
  return true;
}

/** The character's margin over the best other character its field allows. */
function marginOf(ranking: CellRanking, ch: string, allowed: string): number {
  const own = ranking.scores[MRZ_ALPHABET.indexOf(ch)] as number;
  let other = Infinity;
  for (const c of allowed) if (c !== ch) other = Math.min(other, ranking.scores[MRZ_ALPHABET.indexOf(c)] as number);
  return other - own;
}

/**
 * Whether the composite tells the repairs under `check` apart from the other way to explain the
 * same failed check: the characters were read right and the check digit was printed wrong (as some
 * specimens are). That alternative is the reading with those characters as read (where the field
 * allows them: no printed date holds an O) and the check digit the composite was computed with,
 * the right one for them; when it passes the composite too, the repair rests on one check digit
 * whose printing is in doubt. So it is for a repaired check digit itself; for a change d at a
 * position whose composite weight plus its own weight times the check digit's composite weight is
 * a multiple of 10, whatever d (birth-date digits 2, 3, 5, 6 and expiry digits 2, 5: 1 + 3 x 3,
 * 7 + 1 x 3); and for d = 5 anywhere (3/8, 0/5...), since with odd weights that sum is even.
 */
function compositeTellsApart(
  lines: readonly string[],
  layout: MrzReaderLayout,
  repairs: readonly MrzRepair[],
  check: MrzCheckSpec,
  composite: MrzCheckSpec,
): boolean {
  const own = new Set(checkPositions(check).map((p) => `${p.line}:${p.pos}`));
  const alt = lines.map((l) => [...l]);
  let reverted = false;
  for (const r of repairs) {
    if (!own.has(`${r.line}:${r.position}`)) continue;
    if (!allowedChars(layout.classes[r.line]?.[r.position] as MrzCharClass).includes(r.from)) continue;
    (alt[r.line] as string[])[r.position] = r.from;
    reverted = true;
  }
  if (!reverted) return true;
  const altLines = alt.map((l) => l.join(''));
  (alt[check.line] as string[])[check.pos] = checkDigitChar(spanText(altLines, check.spans));
  return !checkPasses(
    alt.map((l) => l.join('')),
    composite,
  );
}

/**
 * Whether two readings of one shape agree on every character no check digit covers (names,
 * document code, issuing state, nationality, sex, and what only a missing composite would see).
 * A reading made from altered ink (`darkestInk` erases part of the page) may have lost part of
 * such a character with nothing to catch it; it is accepted only where the plain reading agrees.
 */
export function agreesWhereUnchecked(lines: readonly string[], other: readonly string[], layout: MrzReaderLayout): boolean {
  if (lines.length !== other.length || lines.some((l, i) => l.length !== other[i]?.length)) return false;
  const group = checkGroups(layout);
  return lines.every((line, li) => [...line].every((ch, pi) => group.has(`${li}:${pi}`) || ch === other[li]?.[pi]));
}

/** Group of each position: the first simple check digit covering it, else the composite. */
function checkGroups(layout: MrzReaderLayout): Map<string, number> {
  const group = new Map<string, number>();
  layout.checks.forEach((check, i) => {
    for (const p of checkPositions(check)) if (!group.has(`${p.line}:${p.pos}`)) group.set(`${p.line}:${p.pos}`, i);
  });
  return group;
}

/**
 * Whether the confidence of a reading whose checks pass holds: every uncertain character
 * (repaired, or with a close runner-up) lies under a check digit that can see it, no check digit
 * has more than one uncertain character, and no uncertain character has a close alternative of the
 * same check-digit weight (C/M, G/Q, 0/A/K/U...), which its check could not tell apart. Names,
 * codes, nationality and sex carry no check digit, so an uncertain character there rests on the
 * classifier alone; two close calls under one check digit can cancel out.
 */
function vouched(
  lines: readonly string[],
  layout: MrzReaderLayout,
  rankings: CellRanking[][],
  uncertain: MrzPosition[],
  repairs: readonly MrzRepair[],
): boolean {
  const group = checkGroups(layout);
  const repaired = new Set(repairs.map((r) => `${r.line}:${r.position}`));
  const perGroup = new Map<number, number>();
  for (const u of uncertain) {
    const g = group.get(`${u.line}:${u.position}`);
    if (g === undefined) return false;
    perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
    if ((perGroup.get(g) as number) > 1) return false;
    const ch = lines[u.line]?.[u.position] as string;
    const ranking = rankings[u.line]?.[u.position] as CellRanking;
    const allowed = allowedChars(layout.classes[u.line]?.[u.position] as MrzCharClass);
    for (const c of positionCandidates(ranking, allowed)) {
      if (c.ch !== ch && mrzCharValue(c.ch) % 10 === mrzCharValue(ch) % 10) return false;
    }
    // A repaired character was not the classifier's choice: its check digit settles only its value
    // (mod 10), and another character of that value behind it must be well behind.
    if (repaired.has(`${u.line}:${u.position}`) && sameValueNear(ranking, ch, allowed)) return false;
  }
  return true;
}

/**
 * How far behind the best glyph another character of a repaired character's check-digit value
 * (9/J/T, 0/A/K/U, ...) must be. A check digit fixes a repaired character's value only; which
 * character of that value it is rests on the classifier, which got that cell wrong. Seen on a
 * card scan cropped tight under the MRZ: J (hook faint) read as 1, T a close call and J 0.096
 * behind the 1; the check digit took T, which counts as J, and the desk accepted QT80873 for QJ80873.
 */
export const REPAIR_SAME_VALUE_GAP = 0.15;

function sameValueNear(ranking: CellRanking, ch: string, allowed: string): boolean {
  const scores = ranking.scores;
  const best = scores[bestIndex(scores)] as number;
  const value = mrzCharValue(ch) % 10;
  for (const other of allowed) {
    if (other === ch || mrzCharValue(other) % 10 !== value) continue;
    const s = scores[MRZ_ALPHABET.indexOf(other)] as number;
    if (Number.isFinite(s) && s - best <= REPAIR_SAME_VALUE_GAP) return true;
  }
  return false;
}

/**
 * Whether an MRV-B's name and optional data surely end at its 36th column. A name goes on after
 * a single filler (between given names), and after two unless the two that part the primary
 * identifier from the secondary come before them; three close it. Optional data is closed by a
 * filler.
 */
function mrvbClosed(lines: readonly string[]): boolean {
  const [line1 = '', line2 = ''] = lines;
  const name = line1.slice(5);
  const nameClosed = name.endsWith('<<<') || (name.endsWith('<<') && name.slice(0, -2).replace(/<+$/, '').includes('<<'));
  return nameClosed && line2.endsWith('<');
}

/**
 * What the desk accepts without the officer: a valid reading (so every uncertain character is
 * `vouched` for) with at most `MAX_ACCEPTED_REPAIRS` repairs, none of them in a position that
 * only the composite check digit covers (TD1 and TD2 optional data, the composite digit itself)
 * nor one the composite cannot tell from a wrongly printed check digit (`compositeTellsApart`).
 *
 * A repair seen by the composite alone would also turn a wrongly printed composite into a passing
 * one (one close call anywhere in 20-odd positions is enough), so it goes to the officer.
 */
function acceptable(lines: readonly string[], layout: MrzReaderLayout, repairs: readonly MrzRepair[]): boolean {
  if (repairs.length > MAX_ACCEPTED_REPAIRS) return false;
  // A card's 36 columns carry A, C or I (ICAO 9303 part 6), a visa's V. A P there may be a
  // passport's 44 columns with the last 8 hidden (the photo's edge, a thumb, glare): the first 28
  // of its line 2 are a card's fields and checks, and its personal number holds the card
  // composite's digit a tenth of the time. Checked as read, shown to the officer.
  if (layout.format === 'TD2' && lines[0]?.startsWith('P')) return false;
  // An MRV-A's first 36 columns are an MRV-B's fields and checks, and neither has a composite:
  // an MRV-B whose name or optional data may go on past its 36th column, under a thumb or glare,
  // is checked as read and shown to the officer (`mrvbClosed`). A visa read with a card's layout
  // (its optional data's last character the composite a card would have) is one too.
  const visa36 = layout.format === 'MRVB' || (layout.format === 'TD2' && lines[0]?.startsWith('V'));
  if (visa36 && !mrvbClosed(lines)) return false;
  const group = checkGroups(layout);
  const composite = layout.checks.findIndex((c) => c.name === 'composite');
  // Without a composite (visas) nothing tells a repair from a wrongly printed check digit.
  if (composite < 0 && repairs.length > 0) return false;
  if (repairs.some((r) => group.get(`${r.line}:${r.position}`) === composite)) return false;
  const compositeCheck = layout.checks[composite];
  if (compositeCheck) {
    for (const check of layout.checks) {
      if (check !== compositeCheck && !compositeTellsApart(lines, layout, repairs, check, compositeCheck)) return false;
    }
  }
  return true;
}

/** Repairs a reading given per-position rankings (rankings[line][pos]) and applies the policy. */
export function repairMrz(rankings: CellRanking[][], layout: MrzReaderLayout): RepairResult {
  const raw = rankings.map((line) => line.map((r) => MRZ_ALPHABET[bestIndex(r.scores)] as string));
  const cands = rankings.map((line, li) =>
    line.map((r, pi) => positionCandidates(r, allowedChars((layout.classes[li] as MrzCharClass[])[pi] as MrzCharClass))),
  );
  // The base reading: the best close in-class character, else what was read.
  const base = cands.map((line, li) => line.map((c, pi) => c[0]?.ch ?? ((raw[li] as string[])[pi] as string)));
  let baseCost = 0;
  for (const line of cands) for (const c of line) baseCost += c[0]?.cost ?? 0;

  // A '<<<' run ends the content of name and optional-data fields, where '<' was a close call.
  for (const span of layout.fillerTail) {
    const l = base[span.line] as string[];
    const at = l.slice(span.start, span.end).join('').indexOf('<<<');
    if (at < 0) continue;
    for (let p = span.start + at; p < span.end; p++) {
      const filler = (cands[span.line] as Candidate[][])[p]?.find((c) => c.ch === '<');
      if (filler && l[p] !== '<') {
        baseCost += filler.cost - ((cands[span.line] as Candidate[][])[p]?.[0]?.cost ?? 0);
        l[p] = '<';
      }
    }
  }

  // A state code no list knows, where close alternatives make a known one: the cheapest known
  // code. No check digit covers it, so the changed characters stay uncertain and the reading is
  // never valid; the officer gets the likelier code to confirm instead of an impossible one.
  const fields = MRZ_FIELD_LAYOUTS[layout.format];
  for (const span of [fields.issuingState, fields.nationality]) {
    const l = base[span.line] as string[];
    if (plausibleState(l.slice(span.start, span.end).join(''))) continue;
    const snap = cheapestKnownState((cands[span.line] as Candidate[][]).slice(span.start, span.end));
    if (!snap) continue;
    snap.chars.forEach((ch, k) => {
      l[span.start + k] = ch;
    });
    baseCost += snap.cost - (cands[span.line] as Candidate[][]).slice(span.start, span.end).reduce((n, c) => n + (c[0]?.cost ?? 0), 0);
  }

  // Noise (most glyphs a close call) is not searched at all: it would never be valid.
  let closeCalls = 0;
  let positions = 0;
  for (const line of rankings)
    for (const r of line) {
      positions++;
      const s = [...r.scores].sort((a, b) => a - b);
      if ((s[1] as number) - (s[0] as number) < UNCERTAIN_MARGIN) closeCalls++;
    }
  const noisy = closeCalls > MAX_UNCERTAIN_SHARE * positions;

  // Visas (MRV-A, MRV-B) have no composite check digit.
  const last = layout.checks[layout.checks.length - 1];
  const composite = last?.name === 'composite' ? last : null;
  const simple = composite ? layout.checks.slice(0, -1) : layout.checks;
  const variants = noisy ? [] : simple.map((f) => checkVariants(base, cands, f));
  const compositeCands = composite ? ((cands[composite.line] as Candidate[][])[composite.pos] ?? []) : [];

  // The composite is evaluated numerically so that, for every combination of check variants, a
  // substitution of the composite digit or of one position only the composite covers (TD1
  // optional data, ...) is costed in O(1).
  const covered = new Set<string>();
  for (const f of simple) for (const p of checkPositions(f)) covered.add(`${p.line}:${p.pos}`);
  const compPositions: Array<{ line: number; pos: number; weight: number }> = [];
  for (const sp of composite?.spans ?? [])
    for (let p = sp.start; p < sp.end; p++)
      compPositions.push({ line: sp.line, pos: p, weight: [7, 3, 1][compPositions.length % 3] as number });
  const compOnly = compPositions
    .filter((p) => !covered.has(`${p.line}:${p.pos}`))
    .flatMap((p) =>
      ((cands[p.line] as Candidate[][])[p.pos] ?? [])
        .filter((c) => c.ch !== (base[p.line] as string[])[p.pos])
        .map((c) => ({ ...p, ch: c.ch, cost: c.cost })),
    );

  let best: Variant | null = null;
  const work = base.map((l) => [...l]);
  const choose = (i: number, cost: number, changes: Change[]) => {
    if (best && cost >= best.cost) return;
    if (i < variants.length) {
      for (const v of variants[i] as Variant[]) choose(i + 1, cost + v.cost, [...changes, ...v.changes]);
      return;
    }
    for (const l of work.keys()) work[l] = [...(base[l] as string[])];
    apply(work, changes);
    let sum = 0;
    for (const p of compPositions) sum += mrzCharValue((work[p.line] as string[])[p.pos] as string) * p.weight;
    if (!composite) {
      best = { cost, changes };
      return;
    }
    const digit = (work[composite.line] as string[])[composite.pos] as string;
    const consider = (extra: number, change: Change | null) => {
      const current = best as Variant | null;
      if (current && cost + extra >= current.cost) return;
      best = { cost: cost + extra, changes: change ? [...changes, change] : changes };
    };
    if (String(sum % 10) === digit) consider(0, null);
    for (const c of compositeCands) {
      if (c.ch !== digit && String(sum % 10) === c.ch) consider(c.cost, { line: composite.line, pos: composite.pos, ch: c.ch });
    }
    for (const alt of compOnly) {
      const cur = (work[alt.line] as string[])[alt.pos] as string;
      const s2 = sum + (mrzCharValue(alt.ch) - mrzCharValue(cur)) * alt.weight;
      if (String(s2 % 10) === digit) consider(alt.cost, { line: alt.line, pos: alt.pos, ch: alt.ch });
    }
  };
  if (!noisy && variants.every((v) => v.length > 0)) choose(0, 0, []);

  // No repair beyond the bounds: then the reading stays as read (base), and is not valid.
  const final = base.map((l) => [...l]);
  const chosen = best as Variant | null;
  if (chosen) apply(final, chosen.changes);
  const lines = final.map((l) => l.join(''));
  const repairs: MrzRepair[] = [];
  lines.forEach((l, li) => {
    for (let p = 0; p < l.length; p++) {
      const from = (raw[li] as string[])[p] as string;
      if (l[p] !== from) repairs.push({ line: li, position: p, from, to: l[p] as string });
    }
  });
  const repairCost = baseCost + (chosen ? chosen.cost : 0);

  const uncertain: MrzPosition[] = [];
  const confidence = lines.map((l, li) => {
    let min = 1;
    for (let p = 0; p < l.length; p++) {
      const ranking = (rankings[li] as CellRanking[])[p] as CellRanking;
      const repaired = l[p] !== (raw[li] as string[])[p];
      const allowed = allowedChars((layout.classes[li] as MrzCharClass[])[p] as MrzCharClass);
      const margin = repaired ? 0 : marginOf(ranking, l[p] as string, allowed);
      if (repaired || uncertainAt(ranking, l[p] as string, allowed, margin)) uncertain.push({ line: li, position: p });
      min = Math.min(min, Math.max(0, Math.min(1, margin / FULL_MARGIN)));
    }
    return Math.round(min * 100) / 100;
  });
  const total = lines.reduce((n, l) => n + l.length, 0);

  const checksPass =
    chosen !== null &&
    allChecksPass(lines, layout.checks) &&
    repairs.length <= MAX_REPAIRS &&
    repairCost <= MAX_REPAIR_COST &&
    uncertain.length <= MAX_UNCERTAIN_SHARE * total &&
    plausibleFields(lines, layout);
  const valid = checksPass && vouched(lines, layout, rankings, uncertain, repairs);
  const accepted = valid && acceptable(lines, layout, repairs);
  return { lines, checksPass, valid, accepted, confidence, uncertain, repairs };
}
