/**
 * Everything the emulated servers remember: codes, grants, tokens, the clock and per-endpoint counts.
 * One instance per emulator; `reset()` forgets it all (registered clients stay).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { signJwt } from './jwt';
import { FaultQueue } from './faults';
import { type ApiName, type ClientConfig, type EmulatorSettings } from './options';

export interface CodeRecord {
  readonly api: ApiName;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly issuedAt: number;
  readonly scope: string;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: string;
  used: boolean;
}

export interface Grant {
  readonly id: string;
  readonly api: ApiName;
  readonly clientId: string;
  readonly scope: string;
  refreshToken?: string;
  revoked: boolean;
  /** Protected-resource calls in the current rate-limit window. */
  calls: { windowStart: number; count: number };
}

interface AccessRecord {
  readonly grantId: string;
  readonly expiresAt: number;
}

/** What the emulator keeps about each request: never a value, only names and shapes. */
export interface RequestRecord {
  readonly at: number;
  readonly endpoint: string;
  readonly method: string;
  /** Path with every query value except `token_by` and `state`-free names redacted. */
  readonly path: string;
  readonly contentType: string;
  readonly auth: 'bearer' | 'basic' | 'other' | 'none';
  /** Names of the body's fields (values are secrets or codes). */
  readonly bodyFields: readonly string[];
  status?: number;
  fault?: string;
}

/** The last authorize request an API answered: tests use it as a relay page or a paste would. */
export interface AuthorizationRecord {
  readonly api: ApiName;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state?: string;
  /** Set once the request was approved. */
  readonly code?: string;
}

export type CodeCheck = { ok: true; record: CodeRecord } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'wrong-client' };
export type AccessCheck = { ok: true; grant: Grant } | { ok: false; reason: 'invalid' | 'expired' };

const MAX_RECORDS = 1000;

export class EmulatorState {
  readonly faults = new FaultQueue();
  private clockOffsetMs = 0;
  private codes = new Map<string, CodeRecord>();
  private grants = new Map<string, Grant>();
  private access = new Map<string, AccessRecord>();
  private refresh = new Map<string, string>(); // refresh token → grant id
  private counts = new Map<string, number>();
  private records: RequestRecord[] = [];
  lastAuthorization: AuthorizationRecord | undefined;

  constructor(
    public settings: EmulatorSettings,
    public clients: ClientConfig[],
    private readonly signingKey: string,
  ) {}

  /** The emulator's clock: real time plus whatever tests advanced it by. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  client(api: ApiName, clientId: string | undefined): ClientConfig | undefined {
    return this.clients.find((c) => c.api === api && c.clientId === clientId);
  }

  // ---- authorization codes

  issueCode(api: ApiName, clientId: string, redirectUri: string, extra: Partial<CodeRecord> = {}): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { api, clientId, redirectUri, issuedAt: this.now(), scope: '', ...extra, used: false });
    return code;
  }

  /** Checks and burns a code: single use even when the exchange then fails for another reason. */
  consumeCode(api: ApiName, code: string | undefined, clientId: string): CodeCheck {
    const record = code === undefined ? undefined : this.codes.get(code);
    if (!record || record.api !== api) return { ok: false, reason: 'unknown' };
    if (record.used) return { ok: false, reason: 'used' };
    record.used = true;
    if (record.clientId !== clientId) return { ok: false, reason: 'wrong-client' };
    if (this.now() - record.issuedAt >= this.settings.codeLifetimeSeconds * 1000) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  // ---- grants and tokens

  createGrant(api: ApiName, clientId: string, scope = '', withRefresh = true): Grant {
    const grant: Grant = { id: randomUUID(), api, clientId, scope, revoked: false, calls: { windowStart: this.now(), count: 0 } };
    if (withRefresh) this.setRefreshToken(grant, randomBytes(24).toString('base64url'));
    this.grants.set(grant.id, grant);
    return grant;
  }

  private setRefreshToken(grant: Grant, token: string | undefined): void {
    if (grant.refreshToken) this.refresh.delete(grant.refreshToken);
    grant.refreshToken = token;
    if (token) this.refresh.set(token, grant.id);
  }

  /** Issues an access token for the grant: a signed JWT for RD Station, opaque elsewhere. */
  issueAccessToken(grant: Grant): { token: string; expiresIn: number } {
    const expiresIn = this.settings.tokenLifetimeSeconds;
    const iat = Math.floor(this.now() / 1000);
    const token =
      grant.api === 'rdstation'
        ? signJwt(
            {
              iss: 'https://rdstation.auth0.com/',
              sub: `${grant.clientId}@clients`,
              aud: 'https://app.rdstation.com.br/api/v2/',
              iat,
              exp: iat + expiresIn,
              scope: '',
              jti: randomUUID(),
            },
            this.signingKey,
          )
        : randomBytes(32).toString('base64url');
    this.access.set(token, { grantId: grant.id, expiresAt: this.now() + expiresIn * 1000 });
    return { token, expiresIn };
  }

  grantOfRefreshToken(api: ApiName, token: string | undefined): Grant | undefined {
    const grant = token === undefined ? undefined : this.grants.get(this.refresh.get(token) ?? '');
    return grant && grant.api === api && !grant.revoked ? grant : undefined;
  }

  /** Applies the rotation policy after a refresh; returns the refresh token to send back, if any. */
  rotateRefreshToken(grant: Grant): string | undefined {
    switch (this.settings.refreshTokenRotation) {
      case 'rotate':
        this.setRefreshToken(grant, randomBytes(24).toString('base64url'));
        return grant.refreshToken;
      case 'omit':
        return undefined;
      default:
        return grant.refreshToken;
    }
  }

  checkAccessToken(api: ApiName, token: string): AccessCheck {
    const record = this.access.get(token);
    const grant = record && this.grants.get(record.grantId);
    if (!record || !grant || grant.api !== api || grant.revoked) return { ok: false, reason: 'invalid' };
    if (this.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** RFC 7009: revoking either token of a grant ends the whole grant. Unknown tokens are ignored. */
  revoke(api: ApiName, token: string): boolean {
    const grantId = this.access.get(token)?.grantId ?? this.refresh.get(token);
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    if (!grant || grant.api !== api) return false;
    grant.revoked = true;
    return true;
  }

  /** Counts a protected-resource call; false once the grant is over the rate limit for this window. */
  countCall(grant: Grant): boolean {
    const { rateLimit, rateLimitWindowSeconds } = this.settings;
    if (rateLimit <= 0) return true;
    if (this.now() - grant.calls.windowStart >= rateLimitWindowSeconds * 1000) grant.calls = { windowStart: this.now(), count: 0 };
    grant.calls.count++;
    return grant.calls.count <= rateLimit;
  }

  /** Makes every access token issued so far expired, without touching the clock. */
  expireAccessTokens(): void {
    for (const [token, record] of this.access) this.access.set(token, { ...record, expiresAt: this.now() });
  }

  // ---- stats

  record(entry: RequestRecord): void {
    this.counts.set(entry.endpoint, (this.counts.get(entry.endpoint) ?? 0) + 1);
    this.records.push(entry);
    if (this.records.length > MAX_RECORDS) this.records.shift();
  }

  stats(): EmulatorStats {
    const requests = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    return {
      requests,
      total: [...this.counts.values()].reduce((a, b) => a + b, 0),
      pendingFaults: this.faults.pending(),
      activeGrants: [...this.grants.values()].filter((g) => !g.revoked).length,
    };
  }

  requestLog(): readonly RequestRecord[] {
    return this.records;
  }

  resetStats(): void {
    this.counts.clear();
    this.records = [];
  }

  reset(): void {
    this.codes.clear();
    this.lastAuthorization = undefined;
    this.grants.clear();
    this.access.clear();
    this.refresh.clear();
    this.faults.clear();
    this.clockOffsetMs = 0;
    this.resetStats();
  }
}

export interface EmulatorStats {
  /** Requests per endpoint id (`rdstation.token.code`, `consistem.token`, …), control calls excluded. */
  readonly requests: Record<string, number>;
  readonly total: number;
  readonly pendingFaults: number;
  readonly activeGrants: number;
}
