/**
 * `sign-pv --key FILE [--key-id ID] [--pv NUMBER | --all] < pv.json`: prints the signed PV QR text
 * (`RVAPV1:...`) of one PV. Input: one PV record (JSON), or an import file `{ version: 1, pvs }`
 * with --pv to choose the PV (or one PV only). With --all, prints `{ "<pvNumber>": "<qr>" }` for
 * every PV of the file. The key file is the one `keygen` writes.
 */
import { z } from 'zod';
import { pvImportFileSchema, pvSchema } from '../../core/departure/pv';
import type { Pv } from '../../core/departure/pv';
import { pvSigningPublicKey, pvToQrFields, signPvQr } from '../../core/departure/pv-qr';
import type { CliCommand } from '../io';
import { readOption } from './keygen';

const keyFileSchema = z.object({
  keyId: z.string(),
  privateKey: z.string().regex(/^[0-9a-fA-F]{64}$/),
  publicKey: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
});

export const signPvCommand: CliCommand = {
  summary: 'print the signed QR text of a PV read on stdin (--key FILE [--key-id ID] [--pv NUMBER | --all])',
  async run(args, io) {
    const keyPath = readOption(args, '--key');
    if (!keyPath) {
      io.stderr('usage: sign-pv --key FILE [--key-id ID] [--pv NUMBER | --all] < pv.json\n');
      return 2;
    }
    let keyFile: z.infer<typeof keyFileSchema>;
    try {
      const parsed = keyFileSchema.safeParse(JSON.parse(io.readFile(keyPath).toString('utf8')));
      if (!parsed.success) {
        io.stderr('sign-pv: the key file must hold { keyId, privateKey: <64 hex> }\n');
        return 1;
      }
      keyFile = parsed.data;
    } catch (error) {
      io.stderr(`sign-pv: cannot read the key file (${error instanceof Error ? error.message : String(error)})\n`);
      return 1;
    }
    if (keyFile.publicKey && pvSigningPublicKey(keyFile.privateKey) !== keyFile.publicKey.toLowerCase()) {
      io.stderr('sign-pv: the key file public key does not belong to its private key\n');
      return 1;
    }
    const keyId = readOption(args, '--key-id') ?? keyFile.keyId;

    let input: unknown;
    try {
      input = JSON.parse(await io.readStdin());
    } catch {
      io.stderr('sign-pv: stdin is not JSON\n');
      return 1;
    }
    let candidates: Pv[];
    const single = pvSchema.safeParse(input);
    if (single.success) candidates = [single.data];
    else {
      const file = pvImportFileSchema.safeParse(input);
      if (!file.success) {
        const issue = single.error.issues[0];
        io.stderr(`sign-pv: stdin is neither a PV nor an import file (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})\n`);
        return 1;
      }
      candidates = file.data.pvs;
    }
    try {
      if (args.includes('--all')) {
        const out = Object.fromEntries(candidates.map((pv) => [pv.pvNumber, signPvQr(pvToQrFields(pv), keyFile.privateKey, keyId)]));
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        return 0;
      }
      const wanted = readOption(args, '--pv');
      const chosen = wanted ? candidates.filter((pv) => pv.pvNumber === wanted) : candidates;
      if (chosen.length !== 1) {
        io.stderr(
          wanted
            ? `sign-pv: no PV ${wanted} in the input\n`
            : 'sign-pv: several PVs in the input: choose one with --pv NUMBER or use --all\n',
        );
        return 1;
      }
      io.stdout(`${signPvQr(pvToQrFields(chosen[0]!), keyFile.privateKey, keyId)}\n`);
      return 0;
    } catch (error) {
      io.stderr(`sign-pv: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  },
};
