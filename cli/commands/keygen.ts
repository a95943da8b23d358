/**
 * `keygen [--key-id ID] [--out PREFIX] [--demo]`: a new Ed25519 key pair for signing PV QRs.
 * Without --out, prints the private key file (JSON) on stdout. With --out, writes
 * PREFIX.key.json (private, mode 600) and PREFIX.pub.json (the trusted key a post configures).
 */
import { writeFileSync } from 'node:fs';
import { generatePvSigningKeyPair, keyIdSchema } from '../../core/departure/pv-qr';
import type { CliCommand } from '../io';

export interface PvSigningKeyFile {
  format: 'rva-pv-signing-key';
  algorithm: 'Ed25519';
  keyId: string;
  /** 32-byte secret key, hex. */
  privateKey: string;
  /** 32-byte public key, hex. */
  publicKey: string;
  demoOnly?: true;
}

export interface PvTrustedKeyFile {
  format: 'rva-pv-trusted-key';
  algorithm: 'Ed25519';
  keyId: string;
  publicKey: string;
  demoOnly?: true;
}

export function readOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export const keygenCommand: CliCommand = {
  summary: 'make an Ed25519 key pair for signing PV QRs (--key-id ID --out PREFIX [--demo])',
  async run(args, io) {
    const keyId = readOption(args, '--key-id') ?? `pv-${new Date().toISOString().slice(0, 10)}`;
    if (!keyIdSchema.safeParse(keyId).success) {
      io.stderr('keygen: --key-id must be 1-40 characters among A-Z a-z 0-9 . _ -\n');
      return 2;
    }
    const demo = args.includes('--demo');
    const { privateKey, publicKey } = generatePvSigningKeyPair();
    const secret: PvSigningKeyFile = {
      format: 'rva-pv-signing-key',
      algorithm: 'Ed25519',
      keyId,
      privateKey,
      publicKey,
      ...(demo ? { demoOnly: true as const } : {}),
    };
    const trusted: PvTrustedKeyFile = {
      format: 'rva-pv-trusted-key',
      algorithm: 'Ed25519',
      keyId,
      publicKey,
      ...(demo ? { demoOnly: true as const } : {}),
    };
    const out = readOption(args, '--out');
    if (!out) {
      io.stdout(`${JSON.stringify(secret, null, 2)}\n`);
      return 0;
    }
    writeFileSync(`${out}.key.json`, `${JSON.stringify(secret, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    writeFileSync(`${out}.pub.json`, `${JSON.stringify(trusted, null, 2)}\n`, { flag: 'wx' });
    io.stdout(`${JSON.stringify({ keyId, privateKeyFile: `${out}.key.json`, publicKeyFile: `${out}.pub.json` })}\n`);
    return 0;
  },
};
