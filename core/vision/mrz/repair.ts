/**
 * Check-digit repair driven by the classifier's per-position ranking: every position is restricted
 * to the characters its field allows, then the cheapest combination of substitutions (cost = score
 * gap to the position's best in-class character) that makes every check digit pass is chosen.
 */
import type { CellRanking } from './glyph-table';
import {
  allChecksPass,
  allowedChars,
  checkPasses,
  MRZ_ALPHABET,
  type MrzCharClass,
  type MrzCheckSpec as CheckedField,
  mrzCharValue as charValue,
  type MrzReaderLayout as MrzLayout,
} from '../../documents/mrz-layout';

export interface MrzRepair {
  line: number;
  position: number;
  from: string;
  to: string;
}

export interface RepairResult {
  lines: string[];
  valid: boolean;
  repairs: MrzRepair[];
}

interface Candidate {
  ch: string;
  cost: number;
}

const TOP_K = 4;
const FIELD_VARIANTS = 6;

/** Per-position candidates within the allowed class, cheapest first (cost 0 for the best). */
export function positionCandidates(ranking: CellRanking, allowed: string): Candidate[] {
  const list: Candidate[] = [];
  for (const ch of allowed) {
    const s = ranking.scores[MRZ_ALPHABET.indexOf(ch)] as number;
    if (Number.isFinite(s)) list.push({ ch, cost: s });
  }
  list.sort((a, b) => a.cost - b.cost);
  const best = list[0]?.cost ?? 0;
  return list.slice(0, TOP_K).map((c) => ({ ch: c.ch, cost: c.cost - best }));
}

function bestOverall(ranking: CellRanking): string {
  let best = 0;
  for (let i = 1; i < MRZ_ALPHABET.length; i++) if ((ranking.scores[i] as number) < (ranking.scores[best] as number)) best = i;
  return MRZ_ALPHABET[best] as string;
}

interface Variant {
  cost: number;
  changes: Array<{ line: number; pos: number; ch: string }>;
}

function fieldPositions(field: CheckedField): Array<{ line: number; pos: number }> {
  const out: Array<{ line: number; pos: number }> = [];
  for (const s of field.spans) for (let p = s.start; p < s.end; p++) out.push({ line: s.line, pos: p });
  out.push({ line: field.line, pos: field.pos });
  return out;
}

function apply(lines: string[][], changes: Variant['changes']): void {
  for (const c of changes) (lines[c.line] as string[])[c.pos] = c.ch;
}

/** Variants of one field with 0, 1 or 2 substitutions that pass its check, cheapest first. */
function fieldVariants(lines: string[][], cands: Candidate[][][], field: CheckedField): Variant[] {
  const positions = fieldPositions(field);
  const text = () => lines.map((l) => l.join(''));
  const out: Variant[] = [];
  const test = (changes: Variant['changes'], cost: number) => {
    const saved = changes.map((c) => (lines[c.line] as string[])[c.pos] as string);
    apply(lines, changes);
    if (checkPasses(text(), field)) out.push({ cost, changes });
    changes.forEach((c, i) => ((lines[c.line] as string[])[c.pos] = saved[i] as string));
  };
  test([], 0);
  const alts: Array<{ line: number; pos: number; ch: string; cost: number }> = [];
  for (const { line, pos } of positions) {
    for (const c of (cands[line] as Candidate[][])[pos]?.slice(1) ?? []) alts.push({ line, pos, ch: c.ch, cost: c.cost });
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
  return out.sort((x, y) => x.cost - y.cost).slice(0, FIELD_VARIANTS);
}

/** Repairs a reading given per-position rankings (rankings[line][pos]) and the layout. */
export function repairMrz(rankings: CellRanking[][], layout: MrzLayout): RepairResult {
  const raw = rankings.map((line) => line.map(bestOverall));
  const cands = rankings.map((line, li) =>
    line.map((r, pi) => positionCandidates(r, allowedChars((layout.classes[li] as MrzCharClass[])[pi] as MrzCharClass))),
  );
  const lines = cands.map((line) => line.map((c) => c[0]?.ch ?? '<'));

  // A '<<<' run ends the content of name and optional-data fields.
  for (const span of layout.fillerTail) {
    const l = lines[span.line] as string[];
    const text = l.slice(span.start, span.end).join('');
    const at = text.indexOf('<<<');
    if (at >= 0) for (let p = span.start + at; p < span.end; p++) l[p] = '<';
  }

  const simple = layout.checks.slice(0, -1);
  const composite = layout.checks[layout.checks.length - 1] as CheckedField;
  const variants = simple.map((f) => fieldVariants(lines, cands, f));
  const compositeCands = (cands[composite.line] as Candidate[][])[composite.pos] ?? [];

  // The composite is evaluated numerically so that, for every combination of field variants,
  // a substitution of the composite digit or of one position only the composite covers (TD1
  // optional data, ...) is costed in O(1).
  const covered = new Set<string>();
  for (const f of simple) for (const p of fieldPositions(f)) covered.add(`${p.line}:${p.pos}`);
  const compPositions: Array<{ line: number; pos: number; weight: number }> = [];
  for (const sp of composite.spans)
    for (let p = sp.start; p < sp.end; p++)
      compPositions.push({ line: sp.line, pos: p, weight: [7, 3, 1][compPositions.length % 3] as number });
  const compOnly = compPositions
    .filter((p) => !covered.has(`${p.line}:${p.pos}`))
    .flatMap((p) => ((cands[p.line] as Candidate[][])[p.pos] ?? []).slice(1).map((c) => ({ ...p, ch: c.ch, cost: c.cost })));

  let best: { cost: number; changes: Variant['changes'] } | null = null;
  const work = lines.map((l) => [...l]);
  const choose = (i: number, cost: number, changes: Variant['changes']) => {
    if (best && cost >= best.cost) return;
    if (i < variants.length) {
      const opts = variants[i] as Variant[];
      for (const v of opts) choose(i + 1, cost + v.cost, [...changes, ...v.changes]);
      return;
    }
    for (const l of work.keys()) work[l] = [...(lines[l] as string[])];
    apply(work, changes);
    let sum = 0;
    for (const p of compPositions) sum += charValue((work[p.line] as string[])[p.pos] as string) * p.weight;
    const digit = (work[composite.line] as string[])[composite.pos] as string;
    const consider = (extra: number, change: Variant['changes'][number] | null) => {
      const current = best as { cost: number } | null;
      if (current && cost + extra >= current.cost) return;
      best = { cost: cost + extra, changes: change ? [...changes, change] : changes };
    };
    if (String(sum % 10) === digit) consider(0, null);
    for (const c of compositeCands.slice(1)) {
      if (String(sum % 10) === c.ch) consider(c.cost, { line: composite.line, pos: composite.pos, ch: c.ch });
    }
    for (const alt of compOnly) {
      const cur = (work[alt.line] as string[])[alt.pos] as string;
      const s2 = sum + (charValue(alt.ch) - charValue(cur)) * alt.weight;
      if (String(s2 % 10) === digit) consider(alt.cost, { line: alt.line, pos: alt.pos, ch: alt.ch });
    }
  };
  if (variants.every((v) => v.length > 0)) choose(0, 0, []);

  const final = lines.map((l) => [...l]);
  const chosen = best as { cost: number; changes: Variant['changes'] } | null;
  if (chosen) apply(final, chosen.changes);
  else for (const v of variants) if (v[0]) apply(final, v[0].changes);
  const text = final.map((l) => l.join(''));
  const repairs: MrzRepair[] = [];
  text.forEach((l, li) => {
    for (let p = 0; p < l.length; p++) {
      const from = (raw[li] as string[])[p] as string;
      if (l[p] !== from) repairs.push({ line: li, position: p, from, to: l[p] as string });
    }
  });
  return { lines: text, valid: allChecksPass(text, layout.checks), repairs };
}
