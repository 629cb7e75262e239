/**
 * The token model and its arithmetic. `expires_in` counts from the moment the token was issued, so
 * the absolute expiry is fixed when the response arrives (from the time the request was sent: the
 * server issued it no earlier), and every later question is asked with an explicit `now`.
 */

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** `Bearer` unless the server said otherwise (RD Station sends no `token_type`). */
  readonly tokenType?: string;
  readonly scope?: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  /** Epoch milliseconds; absent when the server sent no `expires_in` (the token's lifetime is unknown). */
  readonly expiresAt?: number;
}

/** The fields of an RFC 6749 §5.1 token response this model reads. */
export interface TokenResponse {
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
  readonly token_type?: string;
  readonly scope?: string;
}

/**
 * Builds the token set from a token response. A refresh response without a `refresh_token` keeps
 * the previous one (RD Station may omit it; RFC 6749 §6 allows it).
 */
export function tokenSetFromResponse(response: TokenResponse, issuedAt: number, previous?: TokenSet): TokenSet {
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  return {
    accessToken: response.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(response.token_type ? { tokenType: response.token_type } : {}),
    ...(response.scope !== undefined ? { scope: response.scope } : previous?.scope !== undefined ? { scope: previous.scope } : {}),
    issuedAt,
    ...(response.expires_in !== undefined ? { expiresAt: issuedAt + response.expires_in * 1000 } : {}),
  };
}

/** Milliseconds until expiry (negative once expired); undefined when the lifetime is unknown. */
export function timeLeft(tokens: TokenSet, now: number): number | undefined {
  return tokens.expiresAt === undefined ? undefined : tokens.expiresAt - now;
}

export function isExpired(tokens: TokenSet, now: number): boolean {
  return tokens.expiresAt !== undefined && now >= tokens.expiresAt;
}

/**
 * True when the token should be renewed now: expired, or within `refreshBeforeSeconds` of expiry.
 * The margin is capped at half the token's lifetime so a short-lived token is not renewed at once.
 */
export function needsRefresh(tokens: TokenSet, now: number, refreshBeforeSeconds: number): boolean {
  if (tokens.expiresAt === undefined) return false;
  const lifetime = tokens.expiresAt - tokens.issuedAt;
  const margin = Math.min(refreshBeforeSeconds * 1000, Math.max(0, lifetime / 2));
  return now >= tokens.expiresAt - margin;
}

/**
 * A duration as the status bar shows it: `2d 3h`, `23h 59m`, `1h`, `12m`, `45s`. Rounded down, so a
 * token never looks fresher than it is; negative durations are formatted by their size.
 */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m`;
  return `${total % 60}s`;
}

// ---- storage

/** Serialises a token set for the secret store. */
export function serializeTokens(tokens: TokenSet): string {
  return JSON.stringify({ v: 1, ...tokens });
}

/** Reads a stored token set back; undefined for anything that is not one (never throws). */
export function parseStoredTokens(text: string | undefined): TokenSet | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.accessToken !== 'string' || r.accessToken === '' || typeof r.issuedAt !== 'number') return undefined;
  const optionalString = (key: string) => (typeof r[key] === 'string' ? { [key]: r[key] as string } : {});
  return {
    accessToken: r.accessToken,
    issuedAt: r.issuedAt,
    ...(typeof r.expiresAt === 'number' ? { expiresAt: r.expiresAt } : {}),
    ...optionalString('refreshToken'),
    ...optionalString('tokenType'),
    ...optionalString('scope'),
  };
}

// ---- JWT claims (for display only: the signature is never read, let alone trusted)

export interface JwtParts {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

/** Decodes a JWT's header and payload; undefined for anything that is not a JWT. */
export function decodeJwt(token: string): JwtParts | undefined {
  const parts = token.trim().split('.');
  if (parts.length < 2 || parts.length > 5) return undefined;
  const header = decodeSegment(parts[0]);
  const payload = decodeSegment(parts[1]);
  return header && payload ? { header, payload } : undefined;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The registered claims worth showing, typed; absent or ill-typed claims are left out. */
export interface JwtClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  /** Epoch milliseconds. */
  readonly issuedAt?: number;
  readonly expiresAt?: number;
  readonly scope?: string;
  readonly alg?: string;
}

export function jwtClaims(token: string): JwtClaims | undefined {
  const jwt = decodeJwt(token);
  if (!jwt) return undefined;
  const p = jwt.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined);
  const aud = typeof p.aud === 'string' || (Array.isArray(p.aud) && p.aud.every((a) => typeof a === 'string')) ? (p.aud as string | string[]) : undefined;
  const claims: Record<string, unknown> = {
    iss: str(p.iss),
    sub: str(p.sub),
    aud,
    issuedAt: time(p.iat),
    expiresAt: time(p.exp),
    scope: str(p.scope),
    alg: str(jwt.header.alg),
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)) as JwtClaims;
}
