/** RFC 7636 PKCE (S256 only) and the `state` value, from node:crypto's CSPRNG. */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 43 characters of the unreserved set (32 random bytes, base64url). */
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}

/** An unguessable `state` for one sign-in (CSRF protection, RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}
