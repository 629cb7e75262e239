/**
 * RD Station Marketing as documented (docs/api-facts.md §1–2, the auth errors help page): the consent
 * dialog, code exchange, refresh, revoke and a protected contacts resource, each error with its
 * documented status and exact body.
 */
import { callbackRedirect, consentPage, denied } from './consent';
import { bearerToken, field, json, parseBody, type EmulatorRequest, type Reply } from './http';
import { redirectUriAllowed } from './options';
import type { EmulatorState, Grant } from './state';

const API = 'rdstation';
const REALM = 'https://api.rd.services/';

/** The documented error bodies, verbatim. */
export const RD_ERRORS = {
  invalidToken: { error_type: 'UNAUTHORIZED', error_message: 'Invalid token.' },
  wrongCredentials: { error_type: 'ACCESS_DENIED', error_message: 'Wrong credentials provided.' },
  invalidRedirectUri: { error_type: 'ACCESS_DENIED', error_message: 'O parâmetro redirect_uri não contém um valor válido.' },
  expiredCodeGrant: { error_type: 'EXPIRED_CODE_GRANT', error_message: 'The authorization code grant has expired.' },
  invalidRefreshToken: { error_type: 'INVALID_REFRESH_TOKEN', error_message: 'The provided refresh token is invalid or was revoked.' },
  expiredAccessToken: { error: 'invalid_token', error_description: 'The access token is invalid or has expired' },
  missingAccessToken: { error: 'invalid_request', error_description: 'The access token is missing' },
  rateLimit: { errors: { error_type: 'RATE_LIMIT_EXCEDDED', error_message: 'API usage limit exceeded' } },
  badRequest: { error_type: 'BAD_REQUEST', error_message: 'Could not parse the body of the request according to the provided Content-Type.' },
  unsupportedMediaType: {
    error_type: 'UNSUPPORTED_MEDIA_TYPE',
    error_message: 'The payload is in a format not supported by this method on the target resource.',
  },
  leadNotFound: { errors: { error_type: 'RESOURCE_NOT_FOUND', error_message: 'Lead not found.' } },
} as const;

const EXPIRED_TOKEN_CHALLENGE = `Bearer realm="${REALM}", error="expired_token", error_description="The access token expired"`;

export function authorize(req: EmulatorRequest, state: EmulatorState): Reply {
  const q = req.url.searchParams;
  // Older clients name the parameter redirect_url.
  return authorizeDecision(state, q.get('client_id') ?? '', q.get('redirect_uri') ?? q.get('redirect_url') ?? '', q.get('state') ?? undefined, () =>
    state.settings.autoApprove || q.get('auto_approve') === '1' ? 'approve' : 'ask',
  );
}

/** The consent form's POST back to /auth/dialog. */
export function decide(req: EmulatorRequest, state: EmulatorState): Reply {
  const body = parseBody(req);
  const fields = body.kind === 'form' ? body.fields : {};
  return authorizeDecision(state, fields.client_id ?? '', fields.redirect_uri ?? '', fields.state || undefined, () =>
    fields.decision === 'approve' ? 'approve' : 'deny',
  );
}

function authorizeDecision(
  state: EmulatorState,
  clientId: string,
  redirectUri: string,
  oauthState: string | undefined,
  decision: () => 'approve' | 'deny' | 'ask',
): Reply {
  const client = state.client(API, clientId);
  if (!client) return json(401, RD_ERRORS.wrongCredentials);
  if (!isAbsoluteUrl(redirectUri) || !redirectUriAllowed(client, redirectUri)) return json(401, RD_ERRORS.invalidRedirectUri);
  const record = { api: API, clientId, redirectUri, ...(oauthState !== undefined ? { state: oauthState } : {}) } as const;
  state.lastAuthorization = record;
  switch (decision()) {
    case 'approve': {
      const code = state.issueCode(API, clientId, redirectUri);
      state.lastAuthorization = { ...record, code };
      return callbackRedirect(redirectUri, { code, state: oauthState });
    }
    case 'deny':
      return denied(redirectUri, oauthState);
    default: {
      const fields: Record<string, string> = { client_id: clientId, redirect_uri: redirectUri };
      if (oauthState !== undefined) fields.state = oauthState;
      return consentPage({ action: '/auth/dialog', appName: client.name ?? clientId, redirectUri, fields });
    }
  }
}

function isAbsoluteUrl(text: string): boolean {
  try {
    return Boolean(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** POST /auth/token: `?token_by=code` exchanges a code, otherwise a refresh token is expected. */
export function token(req: EmulatorRequest, state: EmulatorState): Reply {
  const body = parseBody(req);
  if (body.kind === 'form' || body.kind === 'unsupported') return json(415, RD_ERRORS.unsupportedMediaType);
  if (body.kind !== 'json') return json(400, RD_ERRORS.badRequest);
  const clientId = field(body.fields, 'client_id') ?? '';
  const client = state.client(API, clientId);
  if (!client || client.clientSecret !== field(body.fields, 'client_secret')) return json(401, RD_ERRORS.wrongCredentials);

  const byCode = req.url.searchParams.get('token_by') === 'code' || (body.fields.code !== undefined && body.fields.refresh_token === undefined);
  if (byCode) {
    const check = state.consumeCode(API, field(body.fields, 'code'), clientId);
    if (!check.ok) return json(401, RD_ERRORS.expiredCodeGrant);
    return tokenReply(state, state.createGrant(API, clientId), true);
  }
  const grant = state.grantOfRefreshToken(API, field(body.fields, 'refresh_token'));
  if (!grant || grant.clientId !== clientId) return json(401, RD_ERRORS.invalidRefreshToken);
  return tokenReply(state, grant, false);
}

function tokenReply(state: EmulatorState, grant: Grant, fresh: boolean): Reply {
  const { token: accessToken, expiresIn } = state.issueAccessToken(grant);
  const refreshToken = fresh ? grant.refreshToken : state.rotateRefreshToken(grant);
  // RD Station sends neither token_type nor scope.
  return json(200, { access_token: accessToken, expires_in: expiresIn, ...(refreshToken ? { refresh_token: refreshToken } : {}) });
}

/** POST /auth/revoke (RFC 7009): form body `token`, optional `token_type_hint`; 200 `{}` even for unknown tokens. */
export function revoke(req: EmulatorRequest, state: EmulatorState): Reply {
  const body = parseBody(req);
  if (body.kind === 'invalid' || body.kind === 'unsupported') return json(400, RD_ERRORS.badRequest);
  const value = field(body.fields, 'token');
  if (!value) return json(400, { error: 'invalid_request', error_description: 'The token parameter is missing' });
  state.revoke(API, value);
  return json(200, {});
}

/** GET /platform/contacts and /platform/contacts/email:{email}: a resource that checks the bearer token. */
export function contacts(req: EmulatorRequest, state: EmulatorState): Reply {
  const bearer = bearerToken(req);
  if (bearer === undefined) return json(401, RD_ERRORS.missingAccessToken, { 'www-authenticate': `Bearer realm="${REALM}"` });
  const check = bearer === '' ? ({ ok: false, reason: 'invalid' } as const) : state.checkAccessToken(API, bearer);
  if (!check.ok) {
    if (check.reason === 'expired') {
      return json(401, RD_ERRORS.expiredAccessToken, {
        'www-authenticate': EXPIRED_TOKEN_CHALLENGE,
        'x-amzn-remapped-www-authenticate': EXPIRED_TOKEN_CHALLENGE,
      });
    }
    return json(401, RD_ERRORS.invalidToken);
  }
  if (!state.countCall(check.grant)) return json(429, RD_ERRORS.rateLimit);

  const email = /^\/platform\/contacts\/email:(.+)$/.exec(req.url.pathname)?.[1];
  if (email === undefined) return json(200, { contacts: [SAMPLE_CONTACT] });
  return safeDecode(email) === SAMPLE_CONTACT.email ? json(200, SAMPLE_CONTACT) : json(404, RD_ERRORS.leadNotFound);
}

const SAMPLE_CONTACT = { uuid: '5408c5a3-4711-4f2e-8d0b-13407a3e30f3', name: 'Maria Exemplo', email: 'maria@example.com', tags: ['demo'] };

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
