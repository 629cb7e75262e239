import { createHash } from 'node:crypto';

/**
 * The one place secrets are made safe to print. Every log line and error message passes through
 * `redact` first; a token becomes a short fingerprint so two log lines can still be matched.
 */

/** A short, stable, non-reversible name for a secret: `‹sha256:1a2b3c4d›`. */
export function fingerprint(secret: string): string {
  return `‹sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}›`;
}

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi;
// "access_token": "…", access_token=…, client_secret: … in JSON, forms, query strings and headers.
const SECRET_FIELD =
  /(["']?(?:access_token|refresh_token|id_token|client_secret|accessToken|refreshToken|clientSecret|code|code_verifier|token)["']?\s*[:=]\s*["']?)([^"'&\s,}]{4,})/g;

export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(fingerprint(secret));
  }
  return result
    .replace(JWT, (jwt) => fingerprint(jwt))
    .replace(BEARER, (_match, scheme: string, value: string) => `${scheme} ${fingerprint(value)}`)
    .replace(SECRET_FIELD, (match, prefix: string, value: string) =>
      value.startsWith('‹sha256:') ? match : `${prefix}${fingerprint(value)}`,
    );
}
