/**
 * What a post needs to enrol with its centre: the centre's https address, the SHA-256 fingerprint
 * of its certificate and a one-time enrolment code. A person types them on the setup screen, or
 * the centre writes them into a provisioning file (`npm run server -- provisioning POST`) that the
 * setup screen reads. One schema for both, so the file and the form accept the same things.
 */
import { z } from 'zod';

export const PROVISIONING_KIND = 'rva-depart.provisioning';

/**
 * Why enrolling with a centre failed (main's answer, `setup.errors.<reason>`): wrongCode (the
 * centre knows no such code), expiredCode, usedCode, codeRefused (refused for a reason the centre
 * does not give), unreachable, fingerprintMismatch, notCentre (something answers, not a centre)...
 */
export const ENROL_ERRORS = [
  'insecureUrl',
  'badUrl',
  'noPin',
  'wrongCode',
  'expiredCode',
  'usedCode',
  'codeRefused',
  'unreachable',
  'fingerprintMismatch',
  'notCentre',
  'revoked',
  'alreadyEnrolled',
  'failed',
  // Re-enrolment of a revoked machine (from the desk, by a supervisor).
  'notEnrolled',
  'notRevoked',
  'otherPost',
  'notReplaceable',
] as const;
export type EnrolError = (typeof ENROL_ERRORS)[number];

/** Every `setup.errors.<reason>` the setup screen may show: main's answers and the form's and file's own checks. */
export const SETUP_ERRORS = [
  ...ENROL_ERRORS,
  'urlMissing',
  'badFingerprint',
  'badCode',
  'alreadyConfigured',
  'tooMany',
  'busy',
  'fileTooLarge',
  'fileNotJson',
  'fileNotProvisioning',
  'qrNotProvisioning',
  'qrExpired',
] as const;

/** Upper-case hex without separators: `ab:cd:…`, `AB CD …` and `abcd…` all give the same 64 digits. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:.-]/g, '').toUpperCase();
}

export const isFingerprint = (text: string): boolean => /^[0-9A-F]{64}$/.test(normalizeFingerprint(text));

/**
 * A fingerprint as a person reads it aloud or compares it with the centre's: pairs of hex digits
 * joined by colons (the form the centre prints), in lines of `perLine` pairs.
 */
export function groupFingerprint(text: string, perLine = 16): string[] {
  const hex = normalizeFingerprint(text);
  const pairs = hex.match(/.{1,2}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += perLine) lines.push(pairs.slice(i, i + perLine).join(':'));
  return lines;
}

/** `abcd efgh-ijkl` → `ABCD-EFGH-IJKL`: spaces and dashes as typed, case ignored. */
export function normalizeEnrolCode(text: string): string {
  const chars = text.replace(/[\s-]/g, '').toUpperCase();
  return chars.length === 12 ? `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}` : chars;
}

export const ENROL_CODE_RE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/** The centre's address: https, no user or password in it. Messages are setup error keys. */
export const centreUrlSchema = z
  .string()
  .trim()
  .min(1, 'setup.errors.urlMissing')
  .max(300, 'setup.errors.badUrl')
  .refine((text) => /^https?:\/\//i.test(text), 'setup.errors.badUrl')
  .refine((text) => !/^http:\/\//i.test(text), 'setup.errors.insecureUrl');

export const fingerprintSchema = z
  .string()
  .max(200, 'setup.errors.badFingerprint')
  .transform(normalizeFingerprint)
  .refine((hex) => /^[0-9A-F]{64}$/.test(hex), 'setup.errors.badFingerprint');

export const enrolCodeSchema = z
  .string()
  .max(40, 'setup.errors.badCode')
  .transform(normalizeEnrolCode)
  .refine((code) => ENROL_CODE_RE.test(code), 'setup.errors.badCode');

/** What the setup screen sends (typed or read from a file), normalised. */
export const enrolInputSchema = z.object({ url: centreUrlSchema, fingerprint: fingerprintSchema, code: enrolCodeSchema }).strict();
export type EnrolInput = z.output<typeof enrolInputSchema>;

/** A provisioning file as the centre writes it (JSON). */
export const provisioningSchema = z
  .object({
    kind: z.literal(PROVISIONING_KIND),
    version: z.literal(1),
    url: centreUrlSchema,
    fingerprint: fingerprintSchema,
    code: enrolCodeSchema,
    /** The post the code enrols (shown before enrolling). */
    postCode: z
      .string()
      .regex(/^[A-Z0-9]{2,8}$/)
      .optional(),
    /** When the code stops working (ms since the epoch). */
    expiresAt: z.number().int().nonnegative().optional(),
  })
  .strict();
export type Provisioning = z.output<typeof provisioningSchema>;

/** Largest provisioning file the setup screen reads. */
export const MAX_PROVISIONING_BYTES = 4096;

/**
 * Reads a provisioning file's text. Answers the first problem as a setup error key: not JSON, not
 * a provisioning file, a field that does not hold, or (given `now`) a code that has expired.
 */
export function parseProvisioning(text: string, now?: number): { ok: true; value: Provisioning } | { ok: false; error: string } {
  if (text.length > MAX_PROVISIONING_BYTES) return { ok: false, error: 'setup.errors.fileTooLarge' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'setup.errors.fileNotJson' };
  }
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== PROVISIONING_KIND)
    return { ok: false, error: 'setup.errors.fileNotProvisioning' };
  const parsed = provisioningSchema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? '';
    return { ok: false, error: message.startsWith('setup.errors.') ? message : 'setup.errors.fileNotProvisioning' };
  }
  if (now !== undefined && parsed.data.expiresAt !== undefined && parsed.data.expiresAt <= now)
    return { ok: false, error: 'setup.errors.expiredCode' };
  return { ok: true, value: parsed.data };
}

/**
 * Reads a provisioning QR (the console shows one with each code; the payload is the file's JSON).
 * Anything that is not a provisioning payload is `qrNotProvisioning`; a payload whose code has
 * expired by `now` is `qrExpired`; a payload with a field that does not hold names that field.
 */
export function readProvisioningQr(text: string, now: number): { ok: true; value: Provisioning } | { ok: false; error: string } {
  const parsed = parseProvisioning(text.trim());
  if (!parsed.ok) return /^setup\.errors\.file/.test(parsed.error) ? { ok: false, error: 'setup.errors.qrNotProvisioning' } : parsed;
  if (parsed.value.expiresAt !== undefined && parsed.value.expiresAt <= now) return { ok: false, error: 'setup.errors.qrExpired' };
  return parsed;
}

/** The provisioning file for a code, as the centre writes it. */
export function buildProvisioning(input: {
  url: string;
  fingerprint: string;
  code: string;
  postCode?: string;
  expiresAt?: number;
}): Provisioning {
  return provisioningSchema.parse({ kind: PROVISIONING_KIND, version: 1, ...input });
}
