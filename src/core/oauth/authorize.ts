/** The authorize URL a sign-in opens, and the reading of the redirect that comes back. */
import type { Profile } from '../profiles';

export interface AuthorizeParams {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  /** S256 challenge, for profiles with PKCE. */
  readonly codeChallenge?: string;
}

/**
 * RD Station documents exactly `client_id`, `redirect_uri` and `state`; standard servers also get
 * `response_type=code`, the scopes and the PKCE challenge. Extra parameters never replace ours.
 */
export function buildAuthorizeUrl(profile: Profile, params: AuthorizeParams): string {
  if (!profile.endpoints.authorize) throw new Error(`profile ${profile.id} has no authorize endpoint`);
  const url = new URL(profile.endpoints.authorize);
  for (const [name, value] of Object.entries(profile.extraAuthorizeParams)) url.searchParams.set(name, value);
  if (profile.dialect === 'rfc6749') url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  if (profile.dialect === 'rfc6749' && profile.scopes.length) url.searchParams.set('scope', profile.scopes.join(' '));
  url.searchParams.set('state', params.state);
  if (profile.pkce) {
    if (!params.codeChallenge) throw new Error(`profile ${profile.id} uses PKCE: a code challenge is required`);
    url.searchParams.set('code_challenge', params.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

export type CallbackResult =
  | { readonly kind: 'code'; readonly code: string; readonly state?: string }
  | { readonly kind: 'error'; readonly error: string; readonly description?: string; readonly state?: string }
  | { readonly kind: 'invalid' };

/** Reads the redirect's query (a URL, or just its query string): a code, an RFC 6749 §4.1.2.1 error, or neither. */
export function parseCallback(urlOrQuery: string): CallbackResult {
  let query: URLSearchParams;
  try {
    query = /^[a-z][a-z0-9+.-]*:/i.test(urlOrQuery) ? new URL(urlOrQuery).searchParams : new URLSearchParams(urlOrQuery.replace(/^[?#]/, ''));
  } catch {
    return { kind: 'invalid' };
  }
  const state = query.get('state') ?? undefined;
  const error = query.get('error');
  if (error) {
    const description = query.get('error_description') ?? undefined;
    return { kind: 'error', error, ...(description ? { description } : {}), ...(state !== undefined ? { state } : {}) };
  }
  const code = query.get('code');
  if (code) return { kind: 'code', code, ...(state !== undefined ? { state } : {}) };
  return { kind: 'invalid' };
}
