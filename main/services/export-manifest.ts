/**
 * The signed manifest every export carries (format in docs/exports.md): SHA-256 and length of
 * the content, the audit-chain head at export time, the device's Ed25519 public key and its
 * signature over the canonical JSON of all the other manifest fields.
 *
 * - CSV: the content, then one last line `#RVA-EXPORT-MANIFEST <base64 of the manifest JSON>`.
 * - PDF: the content, then one last line `%RVA-EXPORT-MANIFEST <base64>` (a PDF comment).
 * - JSON: `{"manifest":<canonical manifest>,"data":<content>}` and a newline.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../core/audit/chain';
import type { DeviceKey } from './device-key';
import { keyFingerprint, verifyWithSpki } from './device-key';

export const EXPORT_FORMAT = 'rva-export/1';
const MARKER = 'RVA-EXPORT-MANIFEST ';
const JSON_HEAD = '{"manifest":';
const JSON_DATA = ',"data":';
const JSON_TAIL = '}\n';

export type ExportFileType = 'csv' | 'pdf' | 'json';

const manifestSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    kind: z.enum(['shift-log', 'departures-report', 'flight-report']),
    fileType: z.enum(['csv', 'pdf', 'json']),
    fileName: z.string(),
    createdAt: z.number().int(),
    postCode: z.string(),
    deviceId: z.string(),
    subject: z.string(),
    contentBytes: z.number().int().nonnegative(),
    contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
    auditHead: z.object({ seq: z.number().int(), hash: z.string() }).strict(),
    publicKey: z.string(),
    keyFingerprint: z.string(),
    signature: z.string(),
  })
  .strict();
export type ExportManifest = z.infer<typeof manifestSchema>;

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

const signedBytes = (m: Omit<ExportManifest, 'signature'>) => Buffer.from(canonicalJson(m), 'utf8');

export interface SealInput {
  kind: ExportManifest['kind'];
  fileType: ExportFileType;
  fileName: string;
  createdAt: number;
  postCode: string;
  deviceId: string;
  /** What the export is about: a shift id, or a report period. */
  subject: string;
  auditHead: { seq: number; hash: string };
  content: Buffer;
}

/** Builds the manifest for `content`, signs it, and returns the whole file. */
export function sealExport(input: SealInput, key: DeviceKey): { file: Buffer; manifest: ExportManifest } {
  let content = input.content;
  if (input.fileType === 'pdf' && content[content.length - 1] !== 0x0a) content = Buffer.concat([content, Buffer.from('\n')]);
  const { content: _c, ...rest } = input;
  const unsigned = {
    format: EXPORT_FORMAT,
    ...rest,
    contentBytes: content.length,
    contentSha256: sha256Hex(content),
    publicKey: key.publicKeySpki,
    keyFingerprint: key.fingerprint,
  } as const;
  const manifest: ExportManifest = { ...unsigned, signature: key.sign(signedBytes(unsigned)) };
  const text = canonicalJson(manifest);
  let file: Buffer;
  if (input.fileType === 'json') {
    file = Buffer.concat([Buffer.from(JSON_HEAD + text + JSON_DATA, 'utf8'), content, Buffer.from(JSON_TAIL, 'utf8')]);
  } else {
    const prefix = input.fileType === 'csv' ? '#' : '%';
    const eol = input.fileType === 'csv' ? '\r\n' : '\n';
    file = Buffer.concat([content, Buffer.from(`${prefix}${MARKER}${Buffer.from(text, 'utf8').toString('base64')}${eol}`, 'utf8')]);
  }
  return { file, manifest };
}

export type ExportProblemCode =
  | 'manifestMissing'
  | 'manifestUnreadable'
  | 'manifestAltered'
  | 'signatureInvalid'
  | 'unknownSigner'
  | 'fileTypeMismatch'
  | 'contentLengthMismatch'
  | 'contentHashMismatch';

export interface ExportProblem {
  code: ExportProblemCode;
  message: string;
}

export type ExportCheck =
  { valid: true; manifest: ExportManifest } | { valid: false; manifest: ExportManifest | null; problems: ExportProblem[] };

const problem = (code: ExportProblemCode, message: string): ExportProblem => ({ code, message });

/** Splits a file into its content and its manifest text, whatever the container. */
function split(file: Buffer): { container: ExportFileType; content: Buffer; manifestText: string | null; problems: ExportProblem[] } {
  if (file.subarray(0, JSON_HEAD.length).toString('latin1') === JSON_HEAD) {
    const at = file.indexOf(JSON_DATA, JSON_HEAD.length, 'utf8');
    if (at < 0)
      return {
        container: 'json',
        content: Buffer.alloc(0),
        manifestText: null,
        problems: [problem('manifestUnreadable', 'no "data" member after the manifest')],
      };
    const tail = file.subarray(file.length - JSON_TAIL.length).toString('latin1') === JSON_TAIL ? JSON_TAIL.length : 0;
    const problems = tail ? [] : [problem('contentLengthMismatch', 'the file does not end with the closing brace and newline')];
    return {
      container: 'json',
      content: file.subarray(at + JSON_DATA.length, file.length - tail),
      manifestText: file.subarray(JSON_HEAD.length, at).toString('utf8'),
      problems,
    };
  }
  const container: ExportFileType = file.subarray(0, 5).toString('latin1') === '%PDF-' ? 'pdf' : 'csv';
  let end = file.length;
  while (end > 0 && (file[end - 1] === 0x0a || file[end - 1] === 0x0d)) end--;
  const lineStart = file.lastIndexOf(0x0a, end - 1) + 1;
  const line = file.subarray(lineStart, end).toString('latin1');
  if (!/^[#%]RVA-EXPORT-MANIFEST /.test(line)) {
    return {
      container,
      content: file,
      manifestText: null,
      problems: [problem('manifestMissing', 'no RVA-EXPORT-MANIFEST line at the end of the file')],
    };
  }
  const encoded = line.slice(1 + MARKER.length);
  const manifestText = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  return { container, content: file.subarray(0, lineStart), manifestText, problems: [] };
}

/**
 * Checks a file end to end and names every part that does not hold. `expectedPublicKey` (SPKI
 * base64) pins the signer; without it, the key in the manifest is used and reported.
 */
export function verifyExport(file: Buffer, options: { expectedPublicKey?: string } = {}): ExportCheck {
  const parts = split(file);
  if (parts.manifestText === null) return { valid: false, manifest: null, problems: parts.problems };
  let manifest: ExportManifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(parts.manifestText));
    if (!parsed.success)
      return {
        valid: false,
        manifest: null,
        problems: [
          ...parts.problems,
          problem('manifestUnreadable', `manifest field ${parsed.error.issues[0]?.path.join('.') ?? ''} is invalid`),
        ],
      };
    manifest = parsed.data;
  } catch {
    return {
      valid: false,
      manifest: null,
      problems: [...parts.problems, problem('manifestUnreadable', 'the manifest is not readable JSON')],
    };
  }
  const problems = [...parts.problems];
  if (parts.container === 'json' && canonicalJson(manifest) !== parts.manifestText) {
    problems.push(problem('manifestAltered', 'the manifest text is not in its signed canonical form'));
  }
  const { signature, ...unsigned } = manifest;
  if (!verifyWithSpki(manifest.publicKey, signedBytes(unsigned), signature)) {
    problems.push(problem('signatureInvalid', 'the manifest signature does not verify: the manifest was altered or signed by another key'));
  }
  if (manifest.keyFingerprint !== keyFingerprint(manifest.publicKey))
    problems.push(problem('manifestAltered', 'the key fingerprint does not match the public key'));
  if (options.expectedPublicKey && options.expectedPublicKey !== manifest.publicKey) {
    problems.push(
      problem(
        'unknownSigner',
        `signed by key ${manifest.keyFingerprint}, not by the expected device key ${keyFingerprint(options.expectedPublicKey)}`,
      ),
    );
  }
  if (manifest.fileType !== parts.container)
    problems.push(problem('fileTypeMismatch', `manifest says ${manifest.fileType}, file is ${parts.container}`));
  if (parts.content.length !== manifest.contentBytes) {
    problems.push(problem('contentLengthMismatch', `content is ${parts.content.length} bytes, manifest says ${manifest.contentBytes}`));
  }
  if (sha256Hex(parts.content) !== manifest.contentSha256)
    problems.push(problem('contentHashMismatch', 'the content SHA-256 differs from the manifest: the content was altered'));
  return problems.length === 0 ? { valid: true, manifest } : { valid: false, manifest, problems };
}
