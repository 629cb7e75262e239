/**
 * The four token-endpoint operations: code exchange, refresh, client credentials and revocation.
 * Each returns a token set or throws an `OAuthError`.
 */
import type { Profile } from '../profiles';
import type { TokenSet } from '../tokens';
import type { OAuthOperation } from './errors';
import type { NetProxy, NetRetry, NetTimeouts } from './netTypes';
import { clientCredentialsCall, codeExchangeCall, refreshCall, revokeCall, type ClientCredentials, type CodeExchangeParams, type HttpCall } from './requests';
import { checkRevokeResult, tokenSetFromResult } from './responses';
import { send } from './transport';

export interface OAuthClientOptions {
  readonly timeouts?: Partial<NetTimeouts>;
  readonly retry?: Partial<NetRetry>;
  /** Answers larger than this are refused (default 1 MiB). */
  readonly maxResponseBytes?: number;
  readonly proxy?: NetProxy;
  readonly signal?: AbortSignal;
  /** Clock for `issuedAt` (default `Date.now`). */
  readonly now?: () => number;
}

export const DEFAULT_TIMEOUTS: NetTimeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };
export const DEFAULT_RETRY: NetRetry = { maxRetries: 2, minDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterSeconds: 30 };
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

async function call(operation: OAuthOperation, http: HttpCall, options: OAuthClientOptions, retryAfterSent: boolean) {
  const issuedAt = (options.now ?? Date.now)();
  const result = await send({
    method: 'POST',
    url: http.url,
    headers: http.headers,
    body: http.body,
    retryAfterSent,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { result, context: { operation, host: new URL(http.url).host, issuedAt } };
}

/**
 * Exchanges an authorization code. Never retried once the request may have reached the server: the
 * code is single use, and a second try would only earn EXPIRED_CODE_GRANT.
 */
export async function exchangeCode(
  profile: Profile,
  credentials: ClientCredentials,
  params: CodeExchangeParams,
  options: OAuthClientOptions = {},
): Promise<TokenSet> {
  const { result, context } = await call('code-exchange', codeExchangeCall(profile, credentials, params), options, false);
  return tokenSetFromResult(result, context);
}

/** Refreshes the access token; the old refresh token is kept when the answer carries none. */
export async function refreshAccessToken(
  profile: Profile,
  credentials: ClientCredentials,
  tokens: TokenSet,
  options: OAuthClientOptions = {},
): Promise<TokenSet> {
  if (!tokens.refreshToken) throw new Error('refreshAccessToken: the token set has no refresh token');
  const { result, context } = await call('refresh', refreshCall(profile, credentials, tokens.refreshToken), options, true);
  return tokenSetFromResult(result, { ...context, previous: tokens });
}

export async function requestClientCredentialsToken(
  profile: Profile,
  credentials: ClientCredentials,
  options: OAuthClientOptions = {},
): Promise<TokenSet> {
  const { result, context } = await call('client-credentials', clientCredentialsCall(profile, credentials), options, true);
  return tokenSetFromResult(result, context);
}

export type RevokeOutcome = 'revoked' | 'unsupported';

/**
 * RFC 7009: revokes the refresh token when there is one (which ends the whole grant), the access
 * token otherwise. `unsupported` when the profile has no revocation endpoint: the caller can then
 * only forget the tokens locally, and should say so.
 */
export async function revokeToken(
  profile: Profile,
  credentials: ClientCredentials,
  tokens: TokenSet,
  options: OAuthClientOptions = {},
): Promise<RevokeOutcome> {
  if (!profile.endpoints.revoke) return 'unsupported';
  const [token, hint] = tokens.refreshToken ? [tokens.refreshToken, 'refresh_token' as const] : [tokens.accessToken, 'access_token' as const];
  const { result, context } = await call('revoke', revokeCall(profile, credentials, token, hint, tokens.accessToken), options, true);
  checkRevokeResult(result, context);
  return 'revoked';
}

