export { createMrzFrameReader, mrzCellFeatures, prepareMrz, readMrzFromImage, resolveGlyphTable } from './read';
export type { MrzFrameReader, MrzFrameReaderOptions, MrzReading, PreparedMrz } from './read';
export { classifyCell, decodeGlyphTable, encodeGlyphTable } from './glyph-table';
export type { CellRanking, GlyphTable } from './glyph-table';
export { repairMrz } from './repair';
export type { MrzRepair, RepairResult } from './repair';
export { MRZ_ALPHABET } from '../../documents/mrz-layout';
export type { MrzShape as MrzFormat } from '../../documents/mrz-layout';
export { CELL_DIM, CELL_H, CELL_W } from './cells';
