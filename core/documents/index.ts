/**
 * Travel documents: MRZ, boarding passes (BCBP), laissez-passer (LPC), e-tickets, staff badges,
 * and the scan classifier. Pure code: no clock, no I/O; every parser returns a result with
 * `errors` and `warnings` ({ code, field, message: i18n key }) and never throws.
 */
export type { DocumentIssue, ReferenceDate, Repair } from './types';
export { computeCheckDigit, looksLikeMrz, mrzShapeOf, normalizeMrzText } from './mrz-layout';
export { isKnownStateCode, iso3166Alpha3, doc9303ReservedCodes } from './states';
export type { MrzCheck, MrzCheckName, MrzFields, MrzFormat, MrzOptions, MrzResult } from './mrz';
export { parseMrz } from './mrz';
export type { BcbpFields, BcbpLeg, BcbpOptions, BcbpResult } from './bcbp';
export { BCBP_MAX_VERSION, looksLikeBcbp, parseBcbp, resolveJulianDate } from './bcbp';
export type { LpcDecoder, LpcFields, LpcManualInput, LpcOptions, LpcResult, LpcSource } from './lpc';
export {
  decodeGenericLpc,
  findLpcDecoder,
  genericLpcDecoder,
  normalizeName,
  parseLpc,
  parseLpcBarcode,
  parseLpcManual,
  parseLpcMrz,
  readLpcDate,
} from './lpc';
export type { EticketFields, EticketResult } from './eticket';
export { looksLikeEticket, parseEticket } from './eticket';
export type { BadgeFields, BadgeResult } from './badge';
export { BADGE_PREFIX, formatBadge, parseBadge } from './badge';
export type { ClassifyOptions, PvScan, ScanKind, ScanResult, UnknownScan } from './classify';
export { MAX_SCAN_LENGTH, PV_PREFIX, classifyScan } from './classify';
export type { BoardingPass, BoardingPassLeg, TravelDocument, TravelDocumentKind, TravelDocumentOptions } from './normalize';
export { DEFAULT_LPC_DOCUMENT_CODES, toBoardingPass, toTravelDocument } from './normalize';
export type { DocumentMessageKey } from './messages';
export { documentMessageKeys, documentMessages } from './messages';
