import { describe, expect, it } from 'vitest';
import { cellCentres, lineGrids } from './cells';
import { type Component, groupLines, joinLineFragments, locateMrz, NORMAL_PRINT, SMALL_PRINT, type TextLine } from './preprocess';

/** A glyph's component: `w` wide, `h` high, its top at `top`, filled. */
function glyph(x0: number, w: number, top: number, h: number): Component {
  const area = w * h;
  return { x0, y0: top, x1: x0 + w - 1, y1: top + h - 1, area, sx: area * (x0 + (w - 1) / 2), sy: area * (top + (h - 1) / 2) };
}

function lineOf(ccs: Component[]): TextLine {
  return {
    ccs: [...ccs].sort((a, b) => a.x0 - b.x0),
    x0: Math.min(...ccs.map((c) => c.x0)),
    x1: Math.max(...ccs.map((c) => c.x1)),
    y0: Math.min(...ccs.map((c) => c.y0)),
    y1: Math.max(...ccs.map((c) => c.y1)),
    cy: 104,
    h: 9,
  };
}

describe('the cell grid of small print', () => {
  const pitch = 8.08;
  const centre = (k: number) => 553 + k * pitch;

  it('finds every cell when two glyphs run together into one component', () => {
    // 44 glyphs 5 px wide; glyphs 21 and 22 ("M0" on a 7 px passport line) touch and form one
    // component. Its middle is no glyph's centre: counted as one glyph it put every later cell
    // one pitch off and the last glyph past the end of the line.
    const ccs: Component[] = [];
    for (let k = 0; k < 44; k++) {
      if (k === 22) continue;
      const x0 = Math.round(centre(k) - 2.5);
      ccs.push(k === 21 ? glyph(x0, Math.round(centre(22) + 2.5) - x0, 100, 9) : glyph(x0, 5, 100, 9));
    }
    const { xs } = cellCentres(lineOf(ccs), 44);
    const off = xs.map((x, k) => Math.abs(x - centre(k)));
    expect(Math.max(...off)).toBeLessThan(0.25 * pitch);
  });

  it('still anchors the grid on the first and last glyph when a wide glyph stands alone', () => {
    // A W or M is wider than other glyphs but well under 1.5 pitches: it stays one glyph.
    const ccs = Array.from({ length: 44 }, (_, k) => glyph(Math.round(centre(k) - (k === 10 ? 3.5 : 2.5)), k === 10 ? 7 : 5, 100, 9));
    const { xs } = cellCentres(lineOf(ccs), 44);
    expect(Math.max(...xs.map((x, k) => Math.abs(x - centre(k))))).toBeLessThan(0.25 * pitch);
  });
});

describe("the cell grids of an MRZ's lines together", () => {
  const pitch = 8.08;
  const centre = (k: number) => 553 + k * pitch;
  const line = (top: number, skip: (k: number) => boolean, cells = 44) => {
    const l = lineOf(
      Array.from({ length: cells }, (_, k) => k)
        .filter((k) => !skip(k))
        .map((k) => glyph(Math.round(centre(k) - 2.5), 5, top, 9)),
    );
    return { ...l, cy: top + 4 };
  };

  it('puts a line whose first glyphs were lost on the grid of the other line', () => {
    // Small-print passport (eval small-6, photo 6): the first two glyphs of line 2 are too faint
    // to form components. Anchored on its first component, line 2 was read two cells late, its
    // last two cells past the end of the line.
    const grids = lineGrids([line(100, () => false), line(120, (k) => k < 2)], 44);
    for (const g of grids) expect(Math.max(...g.xs.map((x, k) => Math.abs(x - centre(k))))).toBeLessThan(0.25 * pitch);
  });

  it('keeps a line that is only short at its end anchored on its first glyph', () => {
    const grids = lineGrids([line(100, () => false), line(120, (k) => k > 40)], 44);
    for (const g of grids) expect(Math.max(...g.xs.map((x, k) => Math.abs(x - centre(k))))).toBeLessThan(0.25 * pitch);
  });

  it('puts two card lines that lost their first glyph on the grid of the third', () => {
    // Grey "SPECIMEN" stamp (eval specimen, photo 13): its S runs into the first glyph of lines
    // 1 and 2 of a card. Only line 3 spans the whole width; the grid must come from it, not from
    // the median line.
    const grids = lineGrids([line(100, (k) => k < 1, 30), line(120, (k) => k < 1, 30), line(140, () => false, 30)], 30);
    for (const g of grids) expect(Math.max(...g.xs.map((x, k) => Math.abs(x - centre(k))))).toBeLessThan(0.25 * pitch);
  });

  it('moves no line when no line spans the whole width', () => {
    const short = [line(100, (k) => k > 41), line(120, (k) => k < 2)];
    expect(lineGrids(short, 44).map((g) => g.xs[0])).toEqual(short.map((l) => cellCentres(l, 44).xs[0]));
  });
});

describe('locating an MRZ printed small', () => {
  // A TD3 MRZ 7 px high: letters and digits bind to 7 px components, the filler runs to 4 px
  // chevrons, as they come out of binarisation at that size.
  const line1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
  const line2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
  function components(scale: number, fillerHeight = 4 * scale): Component[] {
    const ccs: Component[] = [];
    [line1, line2].forEach((text, li) => {
      const top = 300 + li * 12 * scale;
      [...text].forEach((ch, k) => {
        const x0 = Math.round(100 + k * 7 * scale);
        ccs.push(ch === '<' ? glyph(x0, 4 * scale, top + 2 * scale, fillerHeight) : glyph(x0, 5 * scale, top, 7 * scale));
      });
    });
    return ccs;
  }

  it('keeps the 4 px filler runs in the lines with the small-print options', () => {
    const ccs = components(1);
    const normal = locateMrz(groupLines(ccs, 720, NORMAL_PRINT));
    // Without the fillers, line 1 stops after ANNA<MARIA and no longer matches line 2.
    expect(normal).toBeNull();
    const small = locateMrz(groupLines(ccs, 720, SMALL_PRINT));
    expect(small?.format).toBe('TD3');
    expect(small?.lines.map((l) => l.ccs.length)).toEqual([44, 44]);
  });

  it('reads ordinary print the same with both options', () => {
    // Twice the size, where binarisation keeps the chevrons 10 of the 14 px of a letter.
    const big = components(2, 10);
    const a = locateMrz(groupLines(big, 720, NORMAL_PRINT));
    const b = locateMrz(groupLines(big, 720, SMALL_PRINT));
    expect(a?.format).toBe('TD3');
    expect(b?.lines.map((l) => [l.x0, l.x1, l.ccs.length])).toEqual(a?.lines.map((l) => [l.x0, l.x1, l.ccs.length]));
  });
});

describe('a line cut in pieces by a stamp as dark as the print', () => {
  // A TD1 card, 17 px glyphs at a 16 px pitch. A stamp letter crossing line 2 runs cells 17-20
  // together with its own stroke into one blob twice as high as a glyph.
  function card(): Component[] {
    const ccs: Component[] = [];
    for (let li = 0; li < 3; li++) {
      const top = 300 + li * 26;
      for (let k = 0; k < 30; k++) {
        if (li === 1 && k >= 17 && k <= 20) continue;
        ccs.push(glyph(100 + k * 16, 10, top, 17));
      }
    }
    ccs.push(glyph(100 + 17 * 16, 58, 300 + 26 - 10, 36));
    return ccs;
  }

  it('is not found from the pieces', () => {
    expect(locateMrz(groupLines(card(), 720))).toBeNull();
  });

  it('is found once its pieces are joined, the blob left out', () => {
    const loc = locateMrz(joinLineFragments(groupLines(card(), 720)));
    expect(loc?.format).toBe('TD1');
    expect(loc?.lines.map((l) => [l.x0, l.x1, l.ccs.length])).toEqual([
      [100, 573, 30],
      [100, 573, 26],
      [100, 573, 30],
    ]);
  });

  it('keeps the cells of a line the stamp runs into at most 1.2 glyph steps high', () => {
    // Blobs of stamp and character still bind to their neighbours up to 1.8 times their height and
    // raise the line's height; its cells would be sampled too tall.
    const ccs = Array.from({ length: 30 }, (_, k) => glyph(100 + k * 16, 10, k % 3 === 0 ? 290 : 300, k % 3 === 0 ? 27 : 17));
    const [line] = groupLines(ccs, 720);
    expect(line?.h).toBe(27);
    const [joined] = joinLineFragments([line as TextLine]);
    expect(joined?.h).toBeCloseTo(1.2 * 16, 5);
  });

  it('does not join text on the same row at another pitch', () => {
    const left = lineOf(Array.from({ length: 10 }, (_, k) => glyph(100 + k * 16, 10, 300, 17)));
    const right = lineOf(Array.from({ length: 10 }, (_, k) => glyph(320 + k * 24, 10, 300, 17)));
    expect(
      joinLineFragments([
        { ...left, h: 17, cy: 308 },
        { ...right, h: 17, cy: 308 },
      ]),
    ).toHaveLength(2);
  });
});
