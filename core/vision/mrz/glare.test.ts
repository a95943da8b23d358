import { describe, expect, it } from 'vitest';
import { type CellLight, glareCells } from './glare';

const PER_LINE = 44;

/** Two lines of 44 cells whose paper and ink are given per column. */
function page(paper: (col: number) => number, ink: (col: number) => number = () => 40): CellLight[] {
  return [0, 1].flatMap(() => Array.from({ length: PER_LINE }, (_, c) => ({ paper: paper(c), ink: ink(c) })));
}

const columns = (cells: Array<{ line: number; position: number }>) => [...new Set(cells.map((c) => c.position))].sort((a, b) => a - b);

describe('glareCells', () => {
  it('finds nothing on an evenly lit page', () => {
    expect(
      glareCells(
        page(() => 200),
        PER_LINE,
      ),
    ).toEqual([]);
  });

  it('finds nothing where the light falls off evenly across the MRZ, or a shadow ends on it', () => {
    // From 120 to 230 across the line: far more than the paper's rise under glare between neighbours.
    expect(
      glareCells(
        page((c) => 120 + (110 * c) / 43),
        PER_LINE,
      ),
    ).toEqual([]);
    // A shadow over the first half: the paper beyond it is 70 % brighter, on one side only.
    expect(
      glareCells(
        page((c) => (c < 22 ? 130 : 220)),
        PER_LINE,
      ),
    ).toEqual([]);
    // A stamp darkening columns 10-20: its neighbours stay as they were.
    expect(
      glareCells(
        page((c) => (c >= 10 && c <= 20 ? 120 : 200)),
        PER_LINE,
      ),
    ).toEqual([]);
  });

  it('finds the cells whose paper a reflection makes brighter than both sides', () => {
    const lit = glareCells(
      page((c) => (c === 11 ? 254 : c === 10 || c === 12 ? 225 : 135)),
      PER_LINE,
    );
    expect(columns(lit)).toEqual([10, 11, 12]);
    expect(lit).toHaveLength(6);
  });

  it('finds it at a line end, with one side to compare with', () => {
    expect(
      columns(
        glareCells(
          page((c) => (c <= 1 ? 255 : 130)),
          PER_LINE,
        ),
      ),
    ).toEqual([0, 1]);
  });

  it('finds nothing where a shadow ends by a line end, which scales paper and ink alike', () => {
    // Seen on a generated card photo: the last columns out of a shadow, paper 133 to 191, ink 55 to 81.
    const ramp = (c: number) => Math.max(0, Math.min(1, (c - 39) / 4));
    expect(
      glareCells(
        page(
          (c) => 133 + 58 * ramp(c),
          (c) => 55 + 26 * ramp(c),
        ),
        PER_LINE,
      ),
    ).toEqual([]);
  });

  it('measures the rise on bright paper against the room left before the camera saturates', () => {
    // Paper at 215: glare can add 40 levels at most; a rise of 39 is glare, one of 10 is not.
    expect(
      columns(
        glareCells(
          page((c) => (c === 3 ? 254 : 215)),
          PER_LINE,
        ),
      ),
    ).toEqual([3]);
    expect(
      glareCells(
        page((c) => (c === 3 ? 225 : 215)),
        PER_LINE,
      ),
    ).toEqual([]);
  });

  it('finds a cell whose ink the reflection lifts, when the paper has no room left to rise', () => {
    const lit = glareCells(
      page(
        () => 255,
        (c) => (c === 30 ? 170 : 50),
      ),
      PER_LINE,
    );
    expect(columns(lit)).toEqual([30]);
  });
});
