/**
 * Consistem WhatsApp API as documented (docs/api-facts.md §3): client credentials at /oauth/token,
 * no refresh token, RFC 6749 §5.2 errors; and a protected resource that checks the bearer token.
 */
import { field, json, type EmulatorRequest, type Reply } from './http';
import { authenticateClient, checkBearer, oauthError, tokenResponse } from './rfc6749';
import type { EmulatorState } from './state';

const API = 'consistem';
const REALM = 'consistem-whatsapp';

export function token(req: EmulatorRequest, state: EmulatorState): Reply {
  const auth = authenticateClient(req, state, API, REALM);
  if (!auth.ok) return auth.reply;
  const grantType = field(auth.fields, 'grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'The grant_type parameter is missing.');
  if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  return tokenResponse(state, state.createGrant(API, auth.client.clientId, '', false), undefined);
}

/** GET /api/v1/messages: lists (no) messages for a valid token. */
export function messages(req: EmulatorRequest, state: EmulatorState): Reply {
  const check = checkBearer(req, state, API, REALM);
  if ('reply' in check) return check.reply;
  return json(200, { messages: [], total: 0 });
}
