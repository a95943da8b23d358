export { createMrzFrameReader, mrzCellFeatures, prepareMrz, readMrzFromImage, resolveGlyphTable } from './read';
export type { MrzFrameReader, MrzFrameReaderOptions, MrzReading, PreparedMrz } from './read';
export { classifyCell, decodeGlyphTable, encodeGlyphTable } from './glyph-table';
export type { CellRanking, GlyphTable } from './glyph-table';
export { repairMrz } from './repair';
export type { MrzRepair, RepairResult } from './repair';
export { allChecksPass, checkDigit, MRZ_ALPHABET, MRZ_LAYOUTS, MRZ_SHAPE } from './layout';
export type { MrzFormat, MrzLayout } from './layout';
export { CELL_DIM, CELL_H, CELL_W } from './cells';
