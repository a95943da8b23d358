import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coarseDotsModuleText, compileCoarseDots, WASM_TS_PATH } from '../../scripts/ocr/build-coarse-wasm';

describe('the embedded WebAssembly of the classifier’s first pass', () => {
  it('is exactly what coarse-dots.wat compiles to (npm run build:wasm after editing it)', async () => {
    const bytes = await compileCoarseDots();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(readFileSync(WASM_TS_PATH, 'utf8')).toBe(coarseDotsModuleText(bytes));
  });
});
