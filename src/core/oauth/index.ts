/** The token-endpoint client. Everything but `net.ts`, which is loaded lazily through `transport.ts`. */
export { buildAuthorizeUrl, parseCallback, type AuthorizeParams, type CallbackResult } from './authorize';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  exchangeCode,
  refreshAccessToken,
  requestClientCredentialsToken,
  revokeToken,
  type OAuthClientOptions,
  type RevokeOutcome,
} from './client';
export {
  OAuthError,
  isOAuthError,
  isTransient,
  requiresCredentials,
  requiresSignIn,
  type InvalidResponseReason,
  type OAuthErrorKind,
  type OAuthOperation,
  type ProviderErrorInfo,
} from './errors';
export type { NetProxy, NetRetry, NetTimeouts } from './netTypes';
export { codeChallengeS256, createCodeVerifier, createPkcePair, createState, type PkcePair } from './pkce';
export type { ClientCredentials, CodeExchangeParams } from './requests';
export { closeNet, isNetLoaded } from './transport';
