/**
 * A standard OAuth 2.0 server (RFC 6749 authorization code with RFC 7636 PKCE, refresh, client
 * credentials, RFC 7009 revocation) under /oauth2/, for custom profiles: the shape of RD Station's
 * newer endpoint pair and of most providers.
 */
import { createHash } from 'node:crypto';
import { callbackRedirect, consentPage, denied } from './consent';
import { field, json, parseBody, type EmulatorRequest, type Reply } from './http';
import { redirectUriAllowed } from './options';
import { authenticateClient, checkBearer, oauthError, tokenResponse } from './rfc6749';
import type { EmulatorState } from './state';

const API = 'oauth2';
const REALM = 'tokenwise-emulator';

export function authorize(req: EmulatorRequest, state: EmulatorState): Reply {
  const q = Object.fromEntries(req.url.searchParams);
  const auto = state.settings.autoApprove || q.auto_approve === '1';
  return decision(state, q, auto ? 'approve' : 'ask');
}

export function decide(req: EmulatorRequest, state: EmulatorState): Reply {
  const body = parseBody(req);
  const fields = body.kind === 'form' ? body.fields : {};
  return decision(state, fields, fields.decision === 'approve' ? 'approve' : 'deny');
}

function decision(state: EmulatorState, q: Record<string, string>, choice: 'approve' | 'deny' | 'ask'): Reply {
  const client = state.client(API, q.client_id);
  // RFC 6749 §4.1.2.1: never redirect to an unverified redirect_uri.
  if (!client) return oauthError(400, 'invalid_request', 'Unknown client_id.');
  if (!q.redirect_uri || !redirectUriAllowed(client, q.redirect_uri)) {
    return oauthError(400, 'invalid_request', 'The redirect_uri is not registered for this client.');
  }
  const back = (error: string, description: string) => callbackRedirect(q.redirect_uri, { error, error_description: description, state: q.state });
  if (q.response_type !== 'code') return back('unsupported_response_type', 'Only response_type=code is supported.');
  if (q.code_challenge && (q.code_challenge_method ?? 'plain') !== 'S256') {
    return back('invalid_request', 'Only the S256 code_challenge_method is supported.');
  }
  if (choice === 'deny') return denied(q.redirect_uri, q.state);
  if (choice === 'approve') {
    const code = state.issueCode(API, client.clientId, q.redirect_uri, {
      scope: q.scope ?? '',
      ...(q.code_challenge ? { codeChallenge: q.code_challenge, codeChallengeMethod: 'S256' } : {}),
    });
    return callbackRedirect(q.redirect_uri, { code, state: q.state });
  }
  const fields = Object.fromEntries(
    ['client_id', 'redirect_uri', 'state', 'scope', 'response_type', 'code_challenge', 'code_challenge_method']
      .filter((name) => q[name] !== undefined)
      .map((name) => [name, q[name]]),
  );
  return consentPage({ action: '/oauth2/authorize', appName: client.name ?? client.clientId, redirectUri: q.redirect_uri, fields });
}

export function token(req: EmulatorRequest, state: EmulatorState): Reply {
  const auth = authenticateClient(req, state, API, REALM);
  if (!auth.ok) return auth.reply;
  const { fields, client } = auth;
  switch (field(fields, 'grant_type')) {
    case undefined:
      return oauthError(400, 'invalid_request', 'The grant_type parameter is missing.');
    case 'authorization_code': {
      const check = state.consumeCode(API, field(fields, 'code'), client.clientId);
      if (!check.ok) return oauthError(400, 'invalid_grant', `The authorization code is ${check.reason === 'expired' ? 'expired' : 'invalid or was already used'}.`);
      if (field(fields, 'redirect_uri') !== check.record.redirectUri) return oauthError(400, 'invalid_grant', 'The redirect_uri does not match the authorization request.');
      if (check.record.codeChallenge) {
        const verifier = field(fields, 'code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== check.record.codeChallenge) {
          return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
        }
      }
      const grant = state.createGrant(API, client.clientId, check.record.scope);
      return tokenResponse(state, grant, grant.refreshToken);
    }
    case 'refresh_token': {
      const grant = state.grantOfRefreshToken(API, field(fields, 'refresh_token'));
      if (!grant || grant.clientId !== client.clientId) return oauthError(400, 'invalid_grant', 'The refresh token is invalid or was revoked.');
      return tokenResponse(state, grant, state.rotateRefreshToken(grant));
    }
    case 'client_credentials':
      return tokenResponse(state, state.createGrant(API, client.clientId, field(fields, 'scope') ?? '', false), undefined);
    default:
      return oauthError(400, 'unsupported_grant_type', 'The grant_type is not supported.');
  }
}

/** RFC 7009: authenticated client, `token` parameter; 200 with an empty body, also for unknown tokens. */
export function revoke(req: EmulatorRequest, state: EmulatorState): Reply {
  const auth = authenticateClient(req, state, API, REALM);
  if (!auth.ok) return auth.reply;
  const value = field(auth.fields, 'token');
  if (!value) return oauthError(400, 'invalid_request', 'The token parameter is missing.');
  state.revoke(API, value);
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: '' };
}

export function userinfo(req: EmulatorRequest, state: EmulatorState): Reply {
  const check = checkBearer(req, state, API, REALM);
  if ('reply' in check) return check.reply;
  return json(200, { sub: `${check.grant.clientId}@clients`, client_id: check.grant.clientId, scope: check.grant.scope });
}
