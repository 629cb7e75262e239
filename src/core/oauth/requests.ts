/**
 * The HTTP requests of each token operation, shaped by the profile: endpoint, body encoding, client
 * authentication and dialect. Pure: no network here.
 */
import type { BodyEncoding, Profile } from '../profiles';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface HttpCall {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const USER_AGENT = 'Tokenwise (VS Code extension)';

function encode(params: Record<string, string>, encoding: BodyEncoding): { body: string; contentType: string } {
  return encoding === 'json'
    ? { body: JSON.stringify(params), contentType: 'application/json' }
    : { body: new URLSearchParams(params).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicAuthorization({ clientId, clientSecret }: ClientCredentials): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`).toString('base64')}`;
}

function tokenCall(profile: Profile, url: string, credentials: ClientCredentials, params: Record<string, string>): HttpCall {
  // RD Station documents the credentials in the JSON body; standard servers may ask for Basic.
  const basic = profile.dialect === 'rfc6749' && profile.clientAuth === 'basic';
  const all: Record<string, string> = {
    ...profile.extraTokenParams,
    ...(basic ? {} : { client_id: credentials.clientId, client_secret: credentials.clientSecret }),
    ...params,
  };
  const { body, contentType } = encode(all, profile.bodyEncoding);
  return {
    url,
    headers: {
      'content-type': contentType,
      accept: 'application/json',
      'user-agent': USER_AGENT,
      ...(basic ? { authorization: basicAuthorization(credentials) } : {}),
    },
    body,
  };
}

export interface CodeExchangeParams {
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier?: string;
}

export function codeExchangeCall(profile: Profile, credentials: ClientCredentials, params: CodeExchangeParams): HttpCall {
  if (profile.dialect === 'rdstation') return tokenCall(profile, profile.endpoints.codeExchange, credentials, { code: params.code });
  return tokenCall(profile, profile.endpoints.codeExchange, credentials, {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    ...(params.codeVerifier ? { code_verifier: params.codeVerifier } : {}),
  });
}

export function refreshCall(profile: Profile, credentials: ClientCredentials, refreshToken: string): HttpCall {
  if (profile.dialect === 'rdstation') return tokenCall(profile, profile.endpoints.token, credentials, { refresh_token: refreshToken });
  return tokenCall(profile, profile.endpoints.token, credentials, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

export function clientCredentialsCall(profile: Profile, credentials: ClientCredentials): HttpCall {
  return tokenCall(profile, profile.endpoints.token, credentials, {
    grant_type: 'client_credentials',
    ...(profile.scopes.length ? { scope: profile.scopes.join(' ') } : {}),
  });
}

export type TokenTypeHint = 'access_token' | 'refresh_token';

/**
 * RFC 7009 revocation. RD Station documents only `token` and `token_type_hint` (its official client
 * adds the access token as a bearer); standard servers authenticate the client as on the token endpoint.
 */
export function revokeCall(profile: Profile, credentials: ClientCredentials, token: string, hint: TokenTypeHint, accessToken?: string): HttpCall {
  if (!profile.endpoints.revoke) throw new Error(`profile ${profile.id} has no revocation endpoint`);
  if (profile.dialect === 'rdstation') {
    const { body, contentType } = encode({ token, token_type_hint: hint }, profile.revokeEncoding);
    return {
      url: profile.endpoints.revoke,
      headers: {
        'content-type': contentType,
        accept: 'application/json',
        'user-agent': USER_AGENT,
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body,
    };
  }
  return tokenCall({ ...profile, bodyEncoding: profile.revokeEncoding, extraTokenParams: {} }, profile.endpoints.revoke, credentials, {
    token,
    token_type_hint: hint,
  });
}
