import { verifyExport } from '../../main/services/export-manifest';
import type { CliCommand } from '../io';

const USAGE = 'usage: verify-export FILE [--public-key SPKI_BASE64]\n';

/**
 * Checks a signed export (CSV, PDF or JSON; format in docs/exports.md): the manifest is there and
 * signed, the content matches its SHA-256 and length, and (with --public-key) the signer is the
 * expected device. Prints `{"valid":true,...}` or `{"valid":false,"problems":[{code,message}]}`
 * and one human line on stderr; exit 0 when valid, 1 when not or unreadable, 2 on usage errors.
 */
export const verifyExportCommand: CliCommand = {
  summary: 'check a signed export file and name what was altered',
  async run(args, io) {
    let file: string | undefined;
    let expectedPublicKey: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--public-key') {
        expectedPublicKey = args[++i];
        if (!expectedPublicKey) return (io.stderr(USAGE), 2);
      } else if (a && !a.startsWith('--') && !file) file = a;
      else return (io.stderr(USAGE), 2);
    }
    if (!file) return (io.stderr(USAGE), 2);
    let bytes: Buffer;
    try {
      bytes = io.readFile(file);
    } catch {
      io.stderr(`verify-export: cannot read ${file}\n`);
      return 1;
    }
    const check = verifyExport(bytes, expectedPublicKey ? { expectedPublicKey } : {});
    const m = check.manifest;
    const about = m
      ? {
          kind: m.kind,
          fileType: m.fileType,
          fileName: m.fileName,
          postCode: m.postCode,
          deviceId: m.deviceId,
          subject: m.subject,
          createdAt: new Date(m.createdAt).toISOString(),
          contentSha256: m.contentSha256,
          auditHead: m.auditHead,
          keyFingerprint: m.keyFingerprint,
        }
      : null;
    if (check.valid) {
      io.stdout(`${JSON.stringify({ valid: true, manifest: about })}\n`);
      io.stderr(
        `valid: ${m?.kind} ${m?.fileType} of post ${m?.postCode}, signed by key ${m?.keyFingerprint}, audit head #${m?.auditHead.seq}\n`,
      );
      return 0;
    }
    io.stdout(`${JSON.stringify({ valid: false, problems: check.problems, manifest: about })}\n`);
    for (const p of check.problems) io.stderr(`altered: ${p.code}: ${p.message}\n`);
    return 1;
  },
};
