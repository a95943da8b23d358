import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pvImportJsonSchema } from './pv';

const file = resolve(__dirname, '../../docs/pv-import.schema.json');
const generated = `${JSON.stringify(pvImportJsonSchema(), null, 2)}\n`;

describe('docs/pv-import.schema.json', () => {
  it('equals the schema generated from the zod schema (regenerate: UPDATE_PV_SCHEMA=1 npx vitest run core/departure/pv-schema-file.test.ts)', () => {
    if (process.env.UPDATE_PV_SCHEMA === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});

describe('resources/demo/pvs.json', () => {
  it('imports whole, with about 30 PVs and the demo special cases', async () => {
    const { parsePvImport } = await import('./pv-import');
    const r = parsePvImport(readFileSync(resolve(__dirname, '../../resources/demo/pvs.json'), 'utf8'), 'json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pvs.length).toBeGreaterThanOrEqual(30);
    expect(r.pvs.filter((pv) => pv.status === 'revoked')).toHaveLength(1);
    expect(r.pvs.some((pv) => pv.flags.minor)).toBe(true);
    expect(r.pvs.some((pv) => pv.flags.traffickingVictim)).toBe(true);
    expect(new Set(r.pvs.map((pv) => pv.beneficiary.nationality))).toEqual(
      new Set(['GIN', 'CIV', 'SEN', 'CMR', 'MLI', 'NGA', 'COG', 'BFA', 'GHA', 'MRT']),
    );
  });
});
