/** Pieces shared by the standard OAuth 2.0 endpoints (Consistem and the generic server): RFC 6749/6750 errors and client authentication. */
import { basicCredentials, bearerToken, field, json, parseBody, type EmulatorRequest, type Reply } from './http';
import type { ApiName, ClientConfig } from './options';
import type { EmulatorState, Grant } from './state';

/** RFC 6749 §5.2 error response. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return json(status, { error, error_description: description }, { pragma: 'no-cache', ...headers });
}

export type TokenRequest =
  | { ok: true; fields: Record<string, unknown>; client: ClientConfig }
  | { ok: false; reply: Reply };

/**
 * Parses a token or revocation request (form or JSON body) and authenticates the client, either by
 * HTTP Basic or by `client_id`/`client_secret` in the body (`secret_id` accepted as an alias), never both.
 */
export function authenticateClient(req: EmulatorRequest, state: EmulatorState, api: ApiName, realm: string): TokenRequest {
  const body = parseBody(req);
  if (body.kind === 'invalid' || body.kind === 'unsupported') {
    return { ok: false, reply: oauthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded or application/json.') };
  }
  const fields: Record<string, unknown> = body.fields;
  const basic = basicCredentials(req);
  const bodySecret = field(fields, 'client_secret') ?? field(fields, 'secret_id');
  if (basic && bodySecret) {
    return { ok: false, reply: oauthError(400, 'invalid_request', 'The client must use only one authentication method.') };
  }
  const clientId = basic?.clientId ?? field(fields, 'client_id');
  const secret = basic?.clientSecret ?? bodySecret;
  const client = state.client(api, clientId);
  if (!client || client.clientSecret !== secret) {
    const challenge: Record<string, string> = basic ? { 'www-authenticate': `Basic realm="${realm}"` } : {};
    return { ok: false, reply: oauthError(401, 'invalid_client', 'Client authentication failed.', challenge) };
  }
  return { ok: true, fields, client };
}

export function tokenResponse(state: EmulatorState, grant: Grant, refreshToken: string | undefined): Reply {
  const { token, expiresIn } = state.issueAccessToken(grant);
  return json(
    200,
    {
      access_token: token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(grant.scope ? { scope: grant.scope } : {}),
    },
    { pragma: 'no-cache' },
  );
}

/** RFC 6750 bearer check of a protected resource: the grant, or the 401/429 reply. */
export function checkBearer(req: EmulatorRequest, state: EmulatorState, api: ApiName, realm: string): { grant: Grant } | { reply: Reply } {
  const token = bearerToken(req);
  if (!token) {
    return {
      reply: oauthError(401, 'invalid_request', 'The access token is missing.', { 'www-authenticate': `Bearer realm="${realm}"` }),
    };
  }
  const check = state.checkAccessToken(api, token);
  if (!check.ok) {
    const description = check.reason === 'expired' ? 'The access token expired.' : 'The access token is invalid.';
    return {
      reply: oauthError(401, 'invalid_token', description, {
        'www-authenticate': `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`,
      }),
    };
  }
  if (!state.countCall(check.grant)) {
    const retryAfter = Math.max(1, Math.ceil((check.grant.calls.windowStart + state.settings.rateLimitWindowSeconds * 1000 - state.now()) / 1000));
    return { reply: oauthError(429, 'too_many_requests', 'Rate limit exceeded.', { 'retry-after': String(retryAfter) }) };
  }
  return { grant: check.grant };
}
