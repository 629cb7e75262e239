/** RD Station's access tokens are JWTs; the emulator signs its own with HS256 and a private key. */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signJwt(payload: Record<string, unknown>, key: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

/** True when the token is a JWT signed with `key`; says nothing about expiry. */
export function jwtSignatureValid(token: string, key: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = Buffer.from(parts[2], 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
