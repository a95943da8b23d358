/**
 * Country codes accepted in an MRZ or on a laissez-passer.
 *
 * ISO 3166-1 alpha-3 (249 codes), plus the codes ICAO Doc 9303 Part 3 reserves or lists for
 * organisations and special statuses. An unknown code is a warning, never an error: a new state
 * or an unusual issuer must not stop a departure.
 */

const ISO_3166_ALPHA3 = `
AFG ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BMU
BTN BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK COL
COM COD COG COK CRI HRV CUB CUW CYP CZE CIV DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FLK
FRO FJI FIN FRA GUF PYF ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY HTI
HMD VAT HND HKG HUN ISL IND IDN IRN IRQ IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR KWT
KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM
MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL NZL NIC NER NGA NIU NFK MKD MNP NOR OMN PAK
PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT ROU RUS RWA REU BLM SHN KNA LCA MAF SPM VCT WSM
SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE SYR
TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR UMI USA URY UZB VUT VEN
VNM VGB VIR WLF ESH YEM ZMB ZWE ALA
`;

/**
 * Doc 9303 Part 3 codes that are not ISO 3166 alpha-3 (D is Germany, padded with fillers), the
 * Kosovo codes in use (RKS, XXK) and UTO, the fictional state of the Doc 9303 specimens.
 */
const DOC_9303_CODES = `
XXA XXB XXC XXX UNO UNA UNK EUE D GBD GBN GBO GBS GBP RKS XXK XBA XIM XCC XCE XCO XEC XPO XES
XMP XOM XDC UTO
`;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

export const iso3166Alpha3: readonly string[] = Object.freeze(words(ISO_3166_ALPHA3));
export const doc9303ReservedCodes: readonly string[] = Object.freeze(words(DOC_9303_CODES));

const known = new Set<string>([...iso3166Alpha3, ...doc9303ReservedCodes]);

/** True when `code` (fillers already stripped, e.g. "D" for Germany) is a known state code. */
export function isKnownStateCode(code: string): boolean {
  return known.has(code);
}
