import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLE_PATH } from '../../../scripts/ocr/build-table';
import { renderSyntheticPhoto, SEEDS } from '../../../scripts/ocr/synthetic-photo';
import { decodeGlyphTable } from './glyph-table';
import { classifyCell, classifyCells, simdDots } from './glyph-table';
import { checkDigitChar, MRZ_ALPHABET, MRZ_READER_LAYOUTS as MRZ_LAYOUTS } from '../../documents/mrz-layout';
import {
  createMrzFrameReader,
  flipPrepared,
  glyphsCut,
  glyphsInside,
  MRZ_RECHECK_WAYS_EVERY,
  looksUpsideDown,
  mrzBoxInPhoto,
  mrzCellFeatures,
  prepareMrz,
  readMrzFromImage,
  readMrzFromStill,
  resolveGlyphTable,
  downscaleGray,
  rotateGray90,
  turnMayHaveCut,
  upscaleGray2x,
} from './read';
import { applyExifOrientation, rotate180 } from '../orientation';
import { glyphBoxes } from './cells';
import { glareRightOf, xAfterColumn } from '../../../scripts/ocr/occlude';
import { cropImage } from '../barcode/region';
import { repairMrz } from './repair';
import { binarize, borderPaper, darkestInk, estimateSkew, evenLight, padGray, rotateGray } from './preprocess';
import { type GrayImage, toGray } from '../image';

const bytes = new Uint8Array(readFileSync(TABLE_PATH));
const table = resolveGlyphTable(bytes);
if (!table) throw new Error('glyph table does not decode');

// Held-out seeds: the table is built from SEEDS.train onwards, a few hundred photos at most.
const photos = [0, 1, 2, 3].map((i) => renderSyntheticPhoto(SEEDS.test + i, { format: i % 2 === 0 ? 'TD3' : 'TD1' }));

describe('readMrzFromImage on generated camera-like photos', () => {
  it.each(photos.map((p) => [p.seed, p.format, p] as const))('reads seed %i (%s) exactly', (_seed, format, photo) => {
    const r = readMrzFromImage(photo.image, bytes);
    expect(r.found).toBe(true);
    expect(r.format).toBe(format);
    expect(r.lines).toEqual(photo.lines);
    expect(r.valid).toBe(true);
  });

  it('repairs a corrupted reading: the best-ranked character is pushed down at a check-digit-covered cell', () => {
    const photo = photos[0] as (typeof photos)[number];
    const prepared = prepareMrz(photo.image);
    const cells = mrzCellFeatures(prepared);
    expect(cells).not.toBeNull();
    const rankings = (cells ?? []).map((line) => line.map((f) => classifyCell(table, f)));
    // Corrupt the first date digit of line 2 (TD3 birth date): make the truth only the runner-up.
    const truth = (photo.lines[1] as string)[13] as string;
    const wrong = truth === '8' ? '3' : '8';
    const cell = (rankings[1] ?? [])[13];
    if (!cell) throw new Error('no cell');
    const best = Math.min(...cell.scores);
    cell.scores[MRZ_ALPHABET.indexOf(wrong)] = best - 0.05;
    const r = repairMrz(rankings, MRZ_LAYOUTS.TD3);
    expect(r.valid).toBe(true);
    expect(r.lines).toEqual(photo.lines);
    expect(r.repairs).toContainEqual({ line: 1, position: 13, from: wrong, to: truth });
  });

  it('reads visas (MRV-A shaped as a passport, MRV-B as a TD2 card) as valid, with their own layout', () => {
    const cd = checkDigitChar;
    const visas = [
      { shape: 'TD3' as const, width: 44, optional: 'ZE184226B' },
      { shape: 'TD2' as const, width: 36, optional: '' },
    ];
    visas.forEach(({ shape, width, optional }, i) => {
      const doc = 'L8988901C';
      const lines = [
        'V<UTOERIKSSON<<ANNA<MARIA'.padEnd(width, '<'),
        `${doc}${cd(doc)}UTO740812${cd('740812')}F120415${cd('120415')}${optional.padEnd(width - 28, '<')}`,
      ];
      const photo = renderSyntheticPhoto(SEEDS.test + 40 + i, { format: shape, lines });
      const r = readMrzFromImage(photo.image, bytes);
      expect(r.format).toBe(shape);
      expect(r.lines).toEqual(lines);
      expect(r.valid).toBe(true);
    });
  });

  it('tells a page photographed upside down from an upright one by where the rest of the print lies', () => {
    // The turned reading then comes first, and a turned page costs one reading instead of two.
    for (const photo of photos) {
      expect(looksUpsideDown(prepareMrz(photo.image))).toBe(false);
      expect(looksUpsideDown(prepareMrz(rotate180(photo.image)))).toBe(true);
    }
  });

  it('turning a prepared upside-down page finds the MRZ where preparing the upright page does', () => {
    // The second, upside-down reading reuses the binarised, deskewed image and its components.
    for (const photo of photos) {
      const upright = prepareMrz(photo.image).location;
      const turned = flipPrepared(prepareMrz(rotate180(photo.image))).location;
      expect(turned?.format).toBe(photo.format);
      const edges = (loc: typeof upright) => (loc?.lines ?? []).map((l) => [l.x0, l.x1, l.cy]);
      const a = edges(upright);
      const b = edges(turned);
      expect(b).toHaveLength(a.length);
      b.forEach((line, i) => line.forEach((v, j) => expect(Math.abs(v - (a[i]?.[j] as number))).toBeLessThanOrEqual(2)));
    }
  });

  it('classifying the cells of a line together gives each cell exactly its own ranking', () => {
    // TD1 lines have 30 cells: batches of four and a tail of two.
    const cells = mrzCellFeatures(prepareMrz((photos[1] as (typeof photos)[number]).image)) ?? [];
    expect(cells.map((line) => line.length)).toEqual([30, 30, 30]);
    for (const line of cells) {
      const together = classifyCells(table, line);
      expect(together.map((r) => [...r.scores])).toEqual(line.map((f) => [...classifyCell(table, f).scores]));
    }
    const few = (cells[0] ?? []).slice(0, 5);
    expect(classifyCells(table, few, 0).map((r) => [...r.scores])).toEqual(few.map((f) => [...classifyCell(table, f, 0).scores]));
    // The brute-force ranking (every prototype) agrees with the two-pass one on the best glyph.
    const best = (scores: Float32Array) => scores.indexOf(Math.min(...scores));
    for (const f of few) expect(best(classifyCell(table, f, 0).scores)).toBe(best(classifyCell(table, f).scores));
  });

  it('gives the same rankings with the WebAssembly SIMD first pass as with the JavaScript one', () => {
    // Node 20 and Chromium run WebAssembly SIMD: the SIMD pass must be the one in use here.
    expect(simdDots(table)).not.toBeNull();
    let compared = 0;
    for (const photo of photos.slice(0, 4)) {
      for (const line of mrzCellFeatures(prepareMrz(photo.image)) ?? []) {
        const simd = classifyCells(table, line).map((r) => [...r.scores]);
        const js = classifyCells(table, line, 8, 0.01, { simd: false }).map((r) => [...r.scores]);
        expect(simd).toEqual(js);
        compared += line.length;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(4 * 60);
  });

  it('reads a page photographed upside down as well as upright', () => {
    for (const photo of [photos[0], photos[1]] as Array<(typeof photos)[number]>) {
      const r = readMrzFromImage(rotate180(photo.image), bytes);
      expect(r.lines).toEqual(photo.lines);
      expect(r.valid).toBe(true);
      expect(r.accepted).toBe(true);
      // The officer's crop is the band itself, upright: one box per line, inside the picture.
      expect(r.crop?.lines).toHaveLength(photo.lines.length);
      expect(r.crop?.width).toBeLessThanOrEqual(720);
      for (const l of r.crop?.lines ?? []) expect(l.y1).toBeLessThan(r.crop?.height ?? 0);
    }
  });

  it('returns found: false on a document page without an MRZ', () => {
    for (const seed of [SEEDS.test + 100]) {
      const photo = renderSyntheticPhoto(seed, { withMrz: false });
      const r = readMrzFromImage(photo.image, bytes);
      expect(r.found).toBe(false);
      expect(r.valid).toBe(false);
      expect(r.lines).toEqual([]);
    }
  });

  it('returns found: false on a blank frame and with a corrupt table', () => {
    const blank = { width: 320, height: 240, data: new Uint8ClampedArray(320 * 240 * 4).fill(200) };
    expect(readMrzFromImage(blank, bytes).found).toBe(false);
    expect(readMrzFromImage({ width: 1, height: 1, data: new Uint8ClampedArray(4) }, bytes).found).toBe(false);
    expect(readMrzFromImage({ width: 0, height: 0, data: new Uint8ClampedArray(0) }, bytes).found).toBe(false);
    expect(readMrzFromImage((photos[0] as (typeof photos)[number]).image, new Uint8Array([1, 2, 3])).found).toBe(false);
    expect(decodeGlyphTable(bytes.slice(0, bytes.length - 1)).ok).toBe(false);
  });

  it('frame reader accepts the first frame whose checks all pass and keeps it as best', () => {
    const reader = createMrzFrameReader(bytes);
    const blank = { width: 320, height: 240, data: new Uint8ClampedArray(320 * 240 * 4).fill(200) };
    expect(reader.readFrame(blank).accepted).toBe(false);
    expect(reader.best()).toBeNull();
    const photo = photos[1] as (typeof photos)[number];
    const { accepted, reading } = reader.readFrame(photo.image);
    expect(accepted).toBe(true);
    expect(reading.lines).toEqual(photo.lines);
    expect(reader.best()?.lines).toEqual(photo.lines);
  });

  it('with confirmFrames: 2, accepts a valid reading only when a second frame agrees', () => {
    const reader = createMrzFrameReader(bytes, { confirmFrames: 2 });
    const photo = photos[3] as (typeof photos)[number];
    expect(reader.readFrame(photo.image).accepted).toBe(false);
    expect(reader.best()?.valid).toBe(true);
    expect(reader.readFrame(photo.image).accepted).toBe(true);
    reader.reset();
    expect(reader.best()).toBeNull();
    expect(reader.readFrame(photo.image).accepted).toBe(false);
  });
});

describe('which way up a frame is read', () => {
  // A page the reader cannot accept (severity 2.2: its checks fail), held in front of the camera.
  const heldLines = ['PLSENNDIAYE<<MAMADOU<ALIOU<<<<<<<<<<<<<<<<<<', 'LP04512789SEN9803145M2609016<<<<<<<<<<<<<<<2'];
  const held = renderSyntheticPhoto(500_107, { format: 'TD3', lines: heldLines, width: 1280, height: 720, severity: 2.2 });

  it('reads only the way asked for, and says which way it read', () => {
    const photo = photos[0] as (typeof photos)[number];
    const turned = rotate180(photo.image);
    expect(readMrzFromImage(turned, bytes)).toMatchObject({ lines: photo.lines, turned: true });
    const upright = readMrzFromImage(turned, bytes, { ways: 'upright' });
    expect(upright).toMatchObject({ turned: false, ways: 1, checksPass: false });
    expect(readMrzFromImage(turned, bytes, { ways: 'turned' })).toMatchObject({ lines: photo.lines, turned: true, ways: 1 });
    expect(readMrzFromImage(held.image, bytes)).toMatchObject({ found: true, checksPass: false, turned: false, ways: 2 });
  });

  it('once the same way has won twice on a page held in view, reads the other way only every few frames', () => {
    const reader = createMrzFrameReader(bytes, { confirmFrames: 2 });
    const ways = Array.from({ length: 2 + 2 * MRZ_RECHECK_WAYS_EVERY }, () => reader.readFrame(held.image).reading.ways);
    const recheck = [...Array(MRZ_RECHECK_WAYS_EVERY - 1).fill(1), 2];
    expect(ways).toEqual([2, 2, ...recheck, ...recheck]);
    // The page turned over: the next check of both ways finds it, and the reader settles on turned.
    const turned = rotate180(held.image);
    const after = Array.from({ length: 2 * MRZ_RECHECK_WAYS_EVERY + 1 }, () => reader.readFrame(turned).reading);
    const firstBoth = after.findIndex((r) => r.ways === 2);
    expect(firstBoth).toBeGreaterThanOrEqual(0);
    expect(firstBoth).toBeLessThan(MRZ_RECHECK_WAYS_EVERY);
    expect(after.slice(firstBoth).some((r) => r.turned === true && r.ways === 1)).toBe(true);
    expect(after.at(-1)?.turned).toBe(true);
    expect(after.at(-1)?.lines).toEqual(readMrzFromImage(turned, bytes).lines);
    // A frame without an MRZ forgets the way: the next page is read both ways.
    const blank = { width: 320, height: 240, data: new Uint8ClampedArray(320 * 240 * 4).fill(200) };
    reader.readFrame(blank);
    expect(reader.readFrame(held.image).reading.ways).toBe(2);
    reader.readFrame(held.image);
    reader.reset();
    expect(reader.readFrame(held.image).reading.ways).toBe(2);
  });
});

describe('upscaleGray2x', () => {
  it('doubles each side, keeps flat areas flat and puts a step between its two sides', () => {
    // 3x2: a dark column, a mid column, a light column.
    const gray = { width: 3, height: 2, data: Uint8Array.from([0, 100, 200, 0, 100, 200]) };
    const up = upscaleGray2x(gray);
    expect([up.width, up.height]).toEqual([6, 4]);
    const row = Array.from(up.data.subarray(0, 6));
    // Each target pixel centre lies a quarter pixel from its source centre: 0, 25, 75, 125, 175, 200.
    expect(row).toEqual([0, 25, 75, 125, 175, 200]);
    for (let y = 1; y < 4; y++) expect(Array.from(up.data.subarray(y * 6, y * 6 + 6))).toEqual(row);
  });
});

describe('readMrzFromStill on a page scanned sideways (no EXIF orientation)', () => {
  it.each([
    [6, 'turned a quarter clockwise'],
    [8, 'turned a quarter anticlockwise'],
  ])('reads a page stored as EXIF orientation %i would turn it (%s)', (orientation) => {
    const photo = photos[1] as (typeof photos)[number];
    const sideways = applyExifOrientation(photo.image, orientation);
    // Sideways, the MRZ lines run down the page: no MRZ is found, whichever way up.
    expect(readMrzFromImage(sideways, bytes).found).toBe(false);
    const r = readMrzFromStill(sideways, bytes);
    expect(r.lines).toEqual(photo.lines);
    expect(r.accepted).toBe(true);
  });
});

describe('rotateGray90', () => {
  it('turns the image a quarter clockwise', () => {
    // 3x2:  a b c      2x3 after:  d a
    //       d e f                  e b
    //                              f c
    const gray = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const turned = rotateGray90(gray);
    expect([turned.width, turned.height]).toEqual([2, 3]);
    expect(Array.from(turned.data)).toEqual([4, 1, 5, 2, 6, 3]);
  });
});

describe('readMrzFromStill on a high-resolution still (characters 60-90 px high)', () => {
  it('reads it shrunk, as a frame would be', () => {
    // Seed test+0 at four times each side (5120x3840, characters about 72 px): at that size the
    // 25 px binarisation window is shorter than a stroke, strokes come out hollow and the reading
    // is wrong. Shrunk by 4 the characters are about 18 px and read exactly.
    const photo = photos[0] as (typeof photos)[number];
    const large = upscaleGray2x(upscaleGray2x(toGray(photo.image)));
    const still = readMrzFromStill(large, bytes);
    expect(still.lines).toEqual(photo.lines);
    expect(still.accepted).toBe(true);
    expect(still.scale).toBe(1 / 4);
  });
});

describe('downscaleGray', () => {
  it('averages each block and drops the columns and rows that do not fill one', () => {
    const gray = { width: 5, height: 2, data: Uint8Array.from([0, 100, 200, 250, 9, 100, 100, 50, 50, 9]) };
    const half = downscaleGray(gray, 2);
    expect([half.width, half.height]).toEqual([2, 1]);
    expect(Array.from(half.data)).toEqual([75, 138]);
  });
});

describe('darkestInk', () => {
  it('erases a lighter second ink and keeps the print', () => {
    // A 40x40 page: paper 230, a print stroke (30) and a translucent stamp stroke (130) that
    // crosses it; where both overlap the ink is darker still (20).
    const w = 40;
    const data = new Uint8Array(w * w).fill(230);
    for (let y = 5; y < 35; y++) for (let x = 10; x < 13; x++) data[y * w + x] = 30;
    for (let y = 18; y < 22; y++) for (let x = 0; x < w; x++) data[y * w + x] = x >= 10 && x < 13 ? 20 : 130;
    const out = darkestInk({ width: w, height: w, data });
    expect(out.data[20 * w + 30]).toBe(255); // the stamp alone: paper
    expect(out.data[20 * w + 11]).toBe(20); // print under the stamp: kept
    expect(out.data[8 * w + 11]).toBe(30); // print: kept
    expect(out.data[2 * w + 30]).toBe(255); // paper
  });
});

describe('evenLight', () => {
  it('brings paper lit from one side to one level and keeps the ink its share of the paper', () => {
    // A 256x64 page lit from the left: paper 240 falling to 120; print at 40 % of the paper.
    const w = 256;
    const h = 64;
    const data = new Uint8Array(w * h);
    const paperAt = (x: number) => 240 - (120 * x) / (w - 1);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.round(paperAt(x) * (x % 32 < 3 ? 0.4 : 1));
    // One threshold cannot split this page: the dim paper (120) is darker than the bright ink (96).
    // Evened out, the paper is 200 or more everywhere and the ink under 120.
    const out = evenLight({ width: w, height: h, data });
    for (const x of [5, 100, 200, 250]) expect(out.data[32 * w + x]).toBeGreaterThanOrEqual(200);
    for (const x of [1, 97, 193, 225]) {
      expect(out.data[32 * w + x]).toBeGreaterThan(85);
      expect(out.data[32 * w + x]).toBeLessThan(120);
    }
    expect(out.width).toBe(w);
    expect(out.height).toBe(h);
  });
});

describe('beyond the edge of the image', () => {
  it('binarises as if the edge went on: the foot of a last line cropped close stays ink', () => {
    // A 40x30 crop: rows 10-26 dark print (90), then a lighter stroke (120, a blurred foot) on
    // rows 27-28 and one row of paper (200) under it. Averaged over the rows inside only, the
    // window by the bottom edge holds mostly print and its mean sinks below the foot's level.
    const w = 40;
    const h = 30;
    const data = new Uint8Array(w * h).fill(200);
    for (let y = 10; y < 27; y++) data.fill(90, y * w, (y + 1) * w);
    for (let y = 27; y < 29; y++) data.fill(120, y * w, (y + 1) * w);
    const bin = binarize({ width: w, height: h, data });
    expect(bin.data[28 * w + 20]).toBe(1);
    expect(bin.data[29 * w + 20]).toBe(0);
  });

  it('keeps a dark desk along the edge of a frame out of the ink', () => {
    // A frame whose left 15 columns are the desk (60) and the rest paper (200). Taken as paper
    // (one grey level for all that lies outside), the desk along the edge came out as ink, and
    // those bars threw the skew estimate of the whole frame off.
    const w = 80;
    const h = 40;
    const data = new Uint8Array(w * h).fill(200);
    for (let y = 0; y < h; y++) data.fill(60, y * w, y * w + 15);
    const bin = binarize({ width: w, height: h, data });
    for (const x of [0, 2]) for (const y of [0, 20, 39]) expect(bin.data[y * w + x]).toBe(0);
  });

  it('turns an image with the paper of its edge filled in, not white', () => {
    const w = 40;
    const data = new Uint8Array(w * w).fill(180);
    for (let y = 15; y < 25; y++) data.fill(40, y * w + 10, y * w + 30);
    const gray = { width: w, height: w, data };
    expect(borderPaper(gray)).toBe(180);
    const turned = rotateGray(gray, 0.3);
    expect(turned.data[0]).toBe(180);
    expect(turned.data[w * w - 1]).toBe(180);
    expect(turned.data[20 * w + 20]).toBe(40);
  });
});

describe('a page held up to the camera turned well off the level', () => {
  // Turned a further 16° (laid on its own paper first, so nothing of the photo is lost): beyond
  // a search of ±8° the sharpest profile was 0°, and 7 of 8 such pages were read wrong.
  const turnedBy = (i: number, deg: number) => {
    const photo = renderSyntheticPhoto(SEEDS.test + i, { format: i % 2 === 0 ? 'TD3' : 'TD1', severity: 0.5 });
    const gray = toGray(photo.image);
    const angle = ((i % 2 === 0 ? -deg : deg) * Math.PI) / 180;
    return { photo, gray, angle, turned: rotateGray(padGray(gray, 200, borderPaper(gray)), angle) };
  };

  it('finds how far it is turned, up to 20° either way', () => {
    for (const [i, deg] of [
      [0, 16],
      [1, 16],
      [2, 17],
    ] as const) {
      const { gray, angle, turned } = turnedBy(i, deg);
      const before = estimateSkew(binarize(gray));
      expect(Math.abs(estimateSkew(binarize(turned)) - (before - angle))).toBeLessThan((0.3 * Math.PI) / 180);
    }
  });

  it("renders the bench's page held turned: turnDeg turns the same page that much more", () => {
    for (const i of [0, 1]) {
      const skewOf = (turnDeg: number) =>
        estimateSkew(binarize(toGray(renderSyntheticPhoto(SEEDS.test + i, { format: 'TD3', severity: 0.5, turnDeg }).image)));
      expect(Math.abs(skewOf(14) - skewOf(0) - (14 * Math.PI) / 180)).toBeLessThan((0.5 * Math.PI) / 180);
    }
  });

  it('finds the turn of a page in a dark, noisy photo, whose noise alone is sharpest at 0°', () => {
    // Severity 1.8: dark, grainy photos with the page a small part of the frame. With all its ink,
    // the profile of these two is sharpest near 0° however the page is turned.
    for (const i of [9, 10]) {
      const render = (turnDeg: number) =>
        renderSyntheticPhoto(SEEDS.test + i, { format: i % 2 === 0 ? 'TD3' : 'TD1', severity: 1.8, turnDeg });
      const turnDeg = i % 2 ? 15 : -15;
      const plain = estimateSkew(binarize(toGray(render(0).image)));
      const turned = render(turnDeg);
      expect(Math.abs(estimateSkew(binarize(toGray(turned.image))) - plain - (turnDeg * Math.PI) / 180)).toBeLessThan(Math.PI / 180);
      if (i === 9) expect(readMrzFromImage(turned.image, bytes).lines).toEqual(turned.lines);
    }
  });

  it.each([0, 1])('reads it exactly and accepts it (test seed %i)', (i) => {
    const { photo, turned } = turnedBy(i, 16);
    const r = readMrzFromImage(turned, bytes);
    expect(r.lines).toEqual(photo.lines);
    expect(r.accepted).toBe(true);
  });

  it('reads a frame the turned page fills: the corners the turn loses are looked at again', () => {
    // The page brought close to the camera, turned 14-18°, its MRZ 20 px from the frame's edges.
    // A frame was turned in its own size, so the ends of the MRZ fell in the corners it lost: of
    // 38 such frames 22 were cut (the officer asked to re-centre a page wholly in view), 15 read
    // wrong, 13 accepted; the same images read as stills, 38 exact. Pages 1 and 4 lost parts of
    // glyphs; pages 0 and 8 the first glyph of each line whole, and were read one column off.
    for (const [i, turnDeg] of [
      [1, 18],
      [4, 14],
      [0, -18],
      [8, -18],
    ] as const) {
      const photo = renderSyntheticPhoto(SEEDS.test + i, { format: i % 2 === 0 ? 'TD3' : 'TD1', severity: 0.5, turnDeg });
      const gray = toGray(photo.image);
      // The page in the middle of the whole photo: turning it loses nothing of the MRZ.
      expect(turnMayHaveCut(prepareMrz(gray))).toBe(false);
      const box = mrzBoxInPhoto(prepareMrz(gray, false, true));
      if (!box) throw new Error('no MRZ on the page');
      const x = Math.floor(box.x0) - 20;
      const y = Math.floor(box.y0) - 170;
      const frame = cropImage(gray, { x, y, width: Math.ceil(box.x1) + 20 - x, height: Math.ceil(box.y1) + 20 - y });
      // Turned in its own size, the frame loses glyphs of its MRZ that the frame has.
      expect(turnMayHaveCut(prepareMrz(frame))).toBe(true);
      const r = readMrzFromImage(frame, bytes);
      expect(r.lines).toEqual(photo.lines);
      expect(r.cutByEdge).toBeUndefined();
      expect(r.accepted).toBe(true);
    }
  });

  it('still says cut when the photo itself cuts the MRZ', () => {
    // The same page turned 14°, the photo ending 5 px above the lowest glyph box: keeping the
    // corners cannot bring back what the photo never had.
    const photo = renderSyntheticPhoto(SEEDS.test + 4, { format: 'TD3', severity: 0.5, turnDeg: 14 });
    const gray = toGray(photo.image);
    const box = mrzBoxInPhoto(prepareMrz(gray, false, true));
    if (!box) throw new Error('no MRZ on the page');
    const frame = cropImage(gray, { x: 0, y: 0, width: gray.width, height: Math.floor(box.y1) - 5 });
    expect(glyphsCut(prepareMrz(frame)).length).toBeGreaterThan(0);
    const r = readMrzFromImage(frame, bytes);
    expect(r.cutByEdge).toBe(true);
    expect(r.accepted).toBe(false);
  });
});

describe('readMrzFromImage on print larger than the table was built for (40 px and more)', () => {
  it('never accepts the reading at that size, and reads the page shrunk to about 20 px', () => {
    // Bench page 920021 (640x480, TD1) at four times each side, characters about 71 px: read as
    // is, the last name came back as "MAP<" for "MAMA" with no close call (names carry no check
    // digit), and was accepted. Shrunk by 4 it reads exactly.
    const photo = renderSyntheticPhoto(920_021, { format: 'TD1', width: 640, height: 480 });
    const large = upscaleGray2x(upscaleGray2x(toGray(photo.image)));
    const r = readMrzFromImage(large, bytes);
    expect(r.lines).toEqual(photo.lines);
    expect(r.scale).toBe(1 / 4);
    expect(r.accepted).toBe(true);
  });
});

describe('an MRZ cut by the edge of the photo', () => {
  /** The part of `gray` from x0, y0 to x1, y1 (inclusive, clipped to the image). */
  function cropGray(gray: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
    const [l, t] = [Math.max(0, Math.round(x0)), Math.max(0, Math.round(y0))];
    const [r, b] = [Math.min(gray.width - 1, Math.round(x1)), Math.min(gray.height - 1, Math.round(y1))];
    const out = new Uint8Array((r - l + 1) * (b - t + 1));
    for (let y = t; y <= b; y++) out.set(gray.data.subarray(y * gray.width + l, y * gray.width + r + 1), (y - t) * (r - l + 1));
    return { width: r - l + 1, height: b - t + 1, data: out };
  }

  /** A page cropped `margin` px around its MRZ as found, the page above kept (a passport unless told). */
  function croppedPage(margin: number, seed = SEEDS.test + 44): { gray: GrayImage; lines: string[] } {
    const photo = renderSyntheticPhoto(seed, { severity: 0.5 });
    const gray = toGray(photo.image);
    const lines = prepareMrz(gray).location?.lines ?? [];
    if (lines.length !== photo.lines.length) throw new Error('no MRZ on the page');
    const x0 = Math.min(...lines.map((l) => l.x0));
    const x1 = Math.max(...lines.map((l) => l.x1));
    const y0 = Math.min(...lines.map((l) => l.y0));
    const y1 = Math.max(...lines.map((l) => l.y1));
    return { gray: cropGray(gray, x0 - margin, y0 - 300, x1 + margin, y1 + margin), lines: photo.lines };
  }

  it('never accepts glyphs the edge has cut, which read as other glyphs with full confidence', () => {
    // The page lies turned by a degree: 2 px under the MRZ as found is through the feet of some
    // glyphs of line 2. L, Z and I without their feet read as T, beyond doubt, and one close call
    // (B to M) then made the document number's check digit pass: accepted, four characters wrong.
    const { gray, lines } = croppedPage(2);
    const r = readMrzFromStill(gray, bytes);
    expect(r.found).toBe(true);
    expect(r.lines[1]).not.toBe(lines[1]);
    expect(r.cutByEdge).toBe(true);
    expect(r.valid).toBe(false);
    expect(r.accepted).toBe(false);
    // Every character read wrong is one the officer is shown as uncertain.
    const wrong = [...(lines[1] ?? '')].flatMap((ch, position) => (r.lines[1]?.[position] === ch ? [] : [position]));
    expect(wrong.length).toBeGreaterThan(0);
    const marked = new Set(r.uncertain.filter((u) => u.line === 1).map((u) => u.position));
    expect(wrong.filter((p) => !marked.has(p))).toEqual([]);
    // Upside down, the cut glyphs are found at the top edge of the turned page.
    const turned = flipPrepared(prepareMrz({ ...gray, data: gray.data.slice().reverse() }));
    expect(turned.location?.format).toBe('TD3');
    expect(glyphsInside(turned)).toBe(false);
  });

  it("never accepts a passport's MRZ cut after its 36th column, which has a card's shape", () => {
    // The first 28 columns of a passport's line 2 hold the same fields and check digits as a
    // 36-column card's (TD2); a card's composite check digit sits at column 36, inside the
    // passport's personal number. Here that digit happens to be the card's composite check, as a
    // tenth of personal numbers would: the passport cut between its 36th and 37th columns was
    // read as a card, every check passing, and accepted (8 of 12 pages as frames, 9 as stills)
    // with its name cut short and its personal number lost.
    const cd = checkDigitChar;
    const [doc, birth, expiry, optional] = ['AB1234567', '850312', '300101', '1234567'];
    const head = `${doc}${cd(doc)}UTO${birth}${cd(birth)}F${expiry}${cd(expiry)}`;
    const personal = `${optional}${cd(`${doc}${cd(doc)}${birth}${cd(birth)}${expiry}${cd(expiry)}${optional}`)}89<<<<`;
    const line2 = `${head}${personal}${cd(personal)}`;
    const lines = [
      'P<UTOOKONKWO<<CHIDIMMA<ADAEZE<NGOZI<AMARACHI',
      `${line2}${cd(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43))}`,
    ];
    for (const seed of [SEEDS.test + 300, SEEDS.test + 301]) {
      const photo = renderSyntheticPhoto(seed, { format: 'TD3', lines, severity: 0.4 });
      const gray = toGray(photo.image);
      const whole = prepareMrz(gray, false, true);
      if (!whole.location) throw new Error('no MRZ on the page');
      expect(readMrzFromImage(gray, bytes)).toMatchObject({ lines, accepted: true });
      // The photo cut halfway between the 36th and the 37th glyph boxes of both lines.
      const width = xAfterColumn(whole, 36);
      if (width === null) throw new Error('no MRZ on the page');
      const cut = cropImage(gray, { x: 0, y: 0, width, height: gray.height });
      for (const r of [readMrzFromImage(cut, bytes), readMrzFromStill(cut, bytes)]) {
        // Found as a card, its last glyphs at the edge: cut, and shown to the officer.
        expect(r.format).toBe('TD2');
        expect(r.cutByEdge).toBe(true);
        expect(r.uncertain).toContainEqual({ line: 1, position: 35 });
        expect(r.valid).toBe(false);
        expect(r.accepted).toBe(false);
      }
    }
  });

  it("never accepts a visa's MRZ whose last 8 columns lie under glare, which has an MRV-B's shape", () => {
    // The first 36 columns of a 44-column visa (MRV-A) are a 36-column visa's (MRV-B) fields and
    // check digits, and neither has a composite. With columns 37-44 under glare the page was read
    // as an MRV-B, every check passing, and accepted with the given names cut short.
    const cd = checkDigitChar;
    const [doc, birth, expiry] = ['L8988901C', '400907', '961210'];
    const line2 = `${doc}${cd(doc)}UTO${birth}${cd(birth)}F${expiry}${cd(expiry)}`.padEnd(44, '<');
    const lines = ['V<UTOOKONKWO<<CHIDIMMA<ADAEZE<NGOZIE<AMARA<<', line2];
    const photo = renderSyntheticPhoto(SEEDS.test + 302, { format: 'TD3', lines, severity: 0.4 });
    const gray = toGray(photo.image);
    const whole = prepareMrz(gray, false, true);
    if (!whole.location) throw new Error('no MRZ on the page');
    expect(readMrzFromImage(gray, bytes)).toMatchObject({ lines, valid: true, accepted: true });
    // Glare from the 36th glyph boxes' right edge on, the ink washed out to the paper's tone.
    const from = xAfterColumn(whole, 36, 0);
    const box = mrzBoxInPhoto(whole);
    if (from === null || !box) throw new Error('no MRZ box');
    const glared = glareRightOf(gray, from, box);
    const r = readMrzFromImage(glared, bytes);
    expect(r).toMatchObject({ format: 'TD2', lines: lines.map((l) => l.slice(0, 36)), checksPass: true, valid: true });
    expect(r.cutByEdge).toBeFalsy();
    expect(r.accepted).toBe(false);
  });

  it("never accepts a reading of an MRZ under a lamp's reflection, and shows the officer the glyphs under it", () => {
    // A card photographed with a reflection on the document number. Read as a still, the plain
    // reading repaired a glyph and went to the officer; the darkest-ink reading, its light evened
    // out and the reflection with it, read the 0 of OT70754 as U (both count 0 for the check
    // digit) with every check passing, and the desk accepted it.
    const photo = renderSyntheticPhoto(SEEDS.test + 419, { glare: true });
    expect(photo.lines[0]?.slice(5, 14)).toBe('OT70754<<');
    for (const r of [readMrzFromImage(photo.image, bytes), readMrzFromStill(photo.image, bytes)]) {
      expect(r.found).toBe(true);
      expect(r.lines[0]).not.toBe(photo.lines[0]);
      expect(r.valid).toBe(false);
      expect(r.accepted).toBe(false);
      expect(r.glare).toBe(true);
      // The misread glyph is among those highlighted for the officer.
      expect(r.uncertain).toContainEqual({ line: 0, position: 8 });
    }
    // The same page without the reflection is read and accepted as printed, nothing under glare.
    const clean = readMrzFromStill(renderSyntheticPhoto(SEEDS.test + 419).image, bytes);
    expect(clean).toMatchObject({ lines: photo.lines, accepted: true });
    expect(clean.glare).toBeUndefined();
  });

  it('reads the glyphs against the edge when the page is cropped right at its MRZ', () => {
    // A passport page cropped at the MRZ's ink, left, right and below. Binarised as if the image
    // ended there, the window by the left edge held mostly ink, its mean sank and part of the
    // first glyph dropped out: line 1's P read as 7. Taken as if the edge went on, it reads
    // exactly; a glyph box still reaches past the edge, so the officer confirms it.
    const { gray, lines } = croppedPage(0, SEEDS.test + 30);
    const r = readMrzFromStill(gray, bytes);
    expect(r.lines).toEqual(lines);
    expect(r.accepted).toBe(false);
  });

  it('accepts the same page with paper left around its MRZ', () => {
    const { gray, lines } = croppedPage(40);
    expect(glyphsInside(prepareMrz(gray))).toBe(true);
    const r = readMrzFromStill(gray, bytes);
    expect(r.lines).toEqual(lines);
    expect(r.cutByEdge).toBeUndefined();
    expect(r.accepted).toBe(true);
  });

  it('keeps the corners of a turned still: the ends of an MRZ cropped close are read, and trusted', () => {
    // A page turned by 2.8°, cropped 4 px around its MRZ's ink. Turned back in its own size, the
    // image lost its corners, and the last glyph of each line fell past its right edge and was
    // misread. Laid on paper first, it keeps them: every glyph lies inside the photo and the
    // reading is accepted.
    const photo = renderSyntheticPhoto(SEEDS.test + 4, { severity: 0.5 });
    const gray = toGray(photo.image);
    const prepared = prepareMrz(gray);
    const location = prepared.location;
    if (!location) throw new Error('no MRZ on the page');
    expect(Math.abs(prepared.rotation)).toBeGreaterThan(0.04);
    // The MRZ's ink in the photo: the corners of its lines taken back through the turn.
    const [w, h, c, s] = [gray.width, gray.height, Math.cos(prepared.rotation), Math.sin(prepared.rotation)];
    const corners = location.lines.flatMap((l) => [
      [l.x0, l.y0],
      [l.x1, l.y0],
      [l.x0, l.y1],
      [l.x1, l.y1],
    ]);
    const xs = corners.map(([x = 0, y = 0]) => w / 2 + (x - w / 2) * c - (y - h / 2) * s);
    const ys = corners.map(([x = 0, y = 0]) => h / 2 + (x - w / 2) * s + (y - h / 2) * c);
    const crop = cropGray(gray, Math.min(...xs) - 4, Math.min(...ys) - 300, Math.max(...xs) + 4, Math.max(...ys) + 4);
    expect(glyphsInside(prepareMrz(crop))).toBe(false);
    const kept = prepareMrz(crop, false, true);
    expect(kept.margin).toBeGreaterThan(0);
    expect(glyphsInside(kept)).toBe(true);
    const r = readMrzFromStill(crop, bytes);
    expect(r.lines).toEqual(photo.lines);
    expect(r.cutByEdge).toBeUndefined();
    expect(r.accepted).toBe(true);
  });

  it('counts a glyph the turned image lost past its own edge as cut, though it lies in the photo', () => {
    // Turning an image keeps its size, so a corner of the photo falls outside the turned image.
    // A line left of the centre, turned up on the left: its glyph boxes reach a pixel or two
    // past the turned image's bottom, where only paper was sampled, yet map back inside the
    // photo. They were not seen; the reading must not be trusted.
    const prepared = prepareMrz(croppedPage(40).gray);
    const location = prepared.location;
    if (!location) throw new Error('no MRZ on the page');
    const boxes = glyphBoxes(location);
    const right = Math.max(...boxes.map((b) => b.x1));
    const bottom = Math.max(...boxes.map((b) => b.y1));
    const width = 2 * Math.ceil(right) + 200;
    const height = Math.floor(bottom) - 1;
    const gray = { width, height, data: new Uint8Array(width * height).fill(200) };
    const rotation = 0.03;
    const turned = { ...prepared, gray, rotation, flipped: false };
    // Mapped back to the photo as `rotateGray` does, every corner of every glyph box lies inside.
    const inPhoto = (x: number, y: number) => {
      const [dx, dy] = [x - width / 2, y - height / 2];
      const sx = width / 2 + dx * Math.cos(rotation) - dy * Math.sin(rotation);
      const sy = height / 2 + dx * Math.sin(rotation) + dy * Math.cos(rotation);
      return sx >= -0.5 && sy >= -0.5 && sx <= width - 0.5 && sy <= height - 0.5;
    };
    expect(boxes.every((b) => inPhoto(b.x0, b.y1) && inPhoto(b.x1, b.y1) && inPhoto(b.x0, b.y0) && inPhoto(b.x1, b.y0))).toBe(true);
    expect(glyphsInside(turned)).toBe(false);
    expect(glyphsInside({ ...turned, gray: { ...gray, height: height + 8 } })).toBe(true);
  });
});
