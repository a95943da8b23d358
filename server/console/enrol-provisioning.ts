/**
 * The provisioning payload the console shows with a new enrolment code, as a QR for the post's
 * setup screen: the same content as the provisioning file of `npm run server -- provisioning`.
 *
 * The address is the configured public one (`RVA_PUBLIC_URL`, the CLI's default too) or, without
 * it, the https origin the console was reached at. The fingerprint is the one of the certificate
 * this centre serves; a centre behind a proxy that terminates TLS does not know the certificate
 * posts will see, and gives no payload (the code alone, as text and QR).
 */
import type { Provisioning } from '../../core/post/provisioning';
import { PROVISIONING_KIND, provisioningSchema } from '../../core/post/provisioning';

export interface CentreIdentity {
  /** The address posts use (configuration); absent: the console's own https origin. */
  publicUrl?: string | undefined;
  /** SHA-256 of the certificate this centre serves; null when it serves no TLS itself. */
  fingerprint256: string | null;
}

/** The request as far as its origin goes. */
export interface RequestOrigin {
  protocol: string;
  host: string | undefined;
}

const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The address of the centre for posts, or null when it cannot be told. */
export function centreAddress(centre: CentreIdentity, request: RequestOrigin): string | null {
  if (centre.publicUrl) return centre.publicUrl;
  if (request.protocol !== 'https' || !request.host || !HOST_RE.test(request.host)) return null;
  return `https://${request.host}`;
}

/** The payload for an issued code, or null when the centre's address or certificate is not known. */
export function enrolProvisioning(
  centre: CentreIdentity,
  request: RequestOrigin,
  issued: { postCode: string; code: string; expiresAt: number },
): Provisioning | null {
  const url = centreAddress(centre, request);
  if (!url || !centre.fingerprint256) return null;
  const parsed = provisioningSchema.safeParse({ kind: PROVISIONING_KIND, version: 1, url, fingerprint: centre.fingerprint256, ...issued });
  return parsed.success ? parsed.data : null;
}
