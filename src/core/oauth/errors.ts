/**
 * Typed token-endpoint errors. The message is safe to show and log: it never holds a secret or the
 * request body, only the host, the status, error codes and the provider's own (redacted) description.
 */
import { normalizeMessage } from '../catalog/define';
import type { CatalogEntry, Localized } from '../catalog/types';

export type OAuthErrorKind =
  | 'network' // no answer: connection refused or dropped, DNS, TLS, proxy
  | 'timeout' // connect, headers or body took too long
  | 'http' // an error status without a recognised error payload (HTML page, unknown JSON)
  | 'provider' // a documented error payload (RD Station error_type, RFC 6749 error)
  | 'invalid-response' // a success status whose body is not a usable answer
  | 'cancelled'; // the caller's AbortSignal fired

export type OAuthOperation = 'code-exchange' | 'refresh' | 'client-credentials' | 'revoke';

/** The error fields of a provider's payload or WWW-Authenticate challenge. */
export interface ProviderErrorInfo {
  /** RD Station `error_type`, e.g. `INVALID_REFRESH_TOKEN`. */
  readonly errorType?: string;
  /** RFC 6749/6750 `error`, e.g. `invalid_grant`. */
  readonly error?: string;
  /** `error_message` / `error_description`, redacted and shortened. */
  readonly description?: string;
}

export type InvalidResponseReason = 'html' | 'not-json' | 'malformed-json' | 'missing-access-token' | 'invalid-expires-in' | 'too-large';

export interface OAuthErrorInit {
  readonly kind: OAuthErrorKind;
  readonly operation: OAuthOperation;
  readonly host: string;
  readonly status?: number;
  /** System/undici code for network and timeout errors. */
  readonly code?: string;
  readonly phase?: 'connect' | 'headers' | 'body';
  readonly provider?: ProviderErrorInfo;
  readonly entry?: CatalogEntry;
  readonly reason?: InvalidResponseReason;
  readonly retryAfterSeconds?: number;
  readonly attempts?: number;
}

const OPERATION: Record<OAuthOperation, Localized> = {
  'code-exchange': { en: 'exchanging the authorization code', 'pt-BR': 'trocar o código de autorização' },
  refresh: { en: 'refreshing the access token', 'pt-BR': 'renovar o access token' },
  'client-credentials': { en: 'requesting a client-credentials token', 'pt-BR': 'solicitar um token client credentials' },
  revoke: { en: 'revoking the token', 'pt-BR': 'revogar o token' },
};

const PHASE: Record<'connect' | 'headers' | 'body', Localized> = {
  connect: { en: 'connecting', 'pt-BR': 'ao conectar' },
  headers: { en: 'waiting for the answer', 'pt-BR': 'aguardando a resposta' },
  body: { en: 'reading the answer', 'pt-BR': 'lendo a resposta' },
};

const REASON: Record<InvalidResponseReason, Localized> = {
  html: { en: 'an HTML page instead of JSON', 'pt-BR': 'uma página HTML em vez de JSON' },
  'not-json': { en: 'a body that is not JSON', 'pt-BR': 'um corpo que não é JSON' },
  'malformed-json': { en: 'malformed or truncated JSON', 'pt-BR': 'JSON malformado ou truncado' },
  'missing-access-token': { en: 'JSON without an access_token', 'pt-BR': 'JSON sem access_token' },
  'invalid-expires-in': { en: 'an expires_in that is not a number of seconds', 'pt-BR': 'um expires_in que não é um número de segundos' },
  'too-large': { en: 'an answer over the size limit', 'pt-BR': 'uma resposta acima do limite de tamanho' },
};

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function summarize(init: OAuthErrorInit): Localized {
  const op = OPERATION[init.operation];
  const code = init.code ? ` (${init.code})` : '';
  const status = init.status !== undefined ? ` HTTP ${init.status}` : '';
  const both = (en: string, pt: string): Localized => ({ en, 'pt-BR': pt });
  switch (init.kind) {
    case 'network':
      return both(
        `Network error ${op.en}: no answer from ${init.host}${init.phase ? ` while ${PHASE[init.phase].en}` : ''}${code}.`,
        `Erro de rede ao ${op['pt-BR']}: sem resposta de ${init.host}${init.phase ? ` ${PHASE[init.phase]['pt-BR']}` : ''}${code}.`,
      );
    case 'timeout':
      return both(
        `Timed out ${op.en}: ${init.host} took too long${init.phase ? ` ${PHASE[init.phase].en}` : ''}${code}.`,
        `Tempo esgotado ao ${op['pt-BR']}: ${init.host} demorou demais${init.phase ? ` ${PHASE[init.phase]['pt-BR']}` : ''}${code}.`,
      );
    case 'cancelled':
      return both(`Cancelled while ${op.en}.`, `Cancelado ao ${op['pt-BR']}.`);
    case 'invalid-response': {
      const reason = REASON[init.reason ?? 'not-json'];
      return both(
        `Unusable answer ${op.en}: ${init.host} sent${status} ${reason.en}.`,
        `Resposta inutilizável ao ${op['pt-BR']}: ${init.host} enviou${status} ${reason['pt-BR']}.`,
      );
    }
    case 'http': {
      const reason = init.reason ? ` (${REASON[init.reason].en})` : '';
      const reasonPt = init.reason ? ` (${REASON[init.reason]['pt-BR']})` : '';
      return both(`${init.host} answered${status} ${op.en}${reason}.`, `${init.host} respondeu${status} ao ${op['pt-BR']}${reasonPt}.`);
    }
    case 'provider': {
      const p = init.provider ?? {};
      const what = [p.errorType ?? p.error, p.description].filter(Boolean).join(': ');
      // The catalogue's title adds what the provider's words do not already say.
      const says = (title: string) => normalizeMessage(what).includes(normalizeMessage(title));
      const title = init.entry && !says(init.entry.title.en) ? ` ${init.entry.title.en}.` : '';
      const titlePt = init.entry && !says(init.entry.title['pt-BR']) ? ` ${init.entry.title['pt-BR']}.` : '';
      return both(
        `${init.host} refused ${op.en} (HTTP ${init.status ?? '?'}): ${sentence(what || 'error')}${title}`,
        `${init.host} recusou ${op['pt-BR']} (HTTP ${init.status ?? '?'}): ${sentence(what || 'erro')}${titlePt}`,
      );
    }
  }
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly kind: OAuthErrorKind;
  readonly operation: OAuthOperation;
  readonly host: string;
  readonly status?: number;
  readonly code?: string;
  readonly phase?: 'connect' | 'headers' | 'body';
  readonly provider?: ProviderErrorInfo;
  /** The catalogue entry that explains the payload (its `code` is the diagnostic code). */
  readonly entry?: CatalogEntry;
  readonly reason?: InvalidResponseReason;
  readonly retryAfterSeconds?: number;
  /** How many requests were sent (retries included). */
  readonly attempts: number;
  /** The message in every shipped language. */
  readonly summary: Localized;

  constructor(init: OAuthErrorInit) {
    const summary = summarize(init);
    super(summary.en);
    this.kind = init.kind;
    this.operation = init.operation;
    this.host = init.host;
    this.status = init.status;
    this.code = init.code;
    this.phase = init.phase;
    this.provider = init.provider;
    this.entry = init.entry;
    this.reason = init.reason;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts ?? 1;
    this.summary = summary;
  }
}

export function isOAuthError(error: unknown): error is OAuthError {
  return error instanceof OAuthError;
}

/** Worth trying again later, with the stored tokens kept: the network, a timeout, 429 or 5xx. */
export function isTransient(error: unknown): boolean {
  if (!isOAuthError(error)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.kind === 'http' || error.kind === 'provider') {
    return error.status === 429 || (error.status !== undefined && error.status >= 500) || error.provider?.errorType === 'RATE_LIMIT_EXCEDDED';
  }
  return false;
}

/** Catalogue codes (DESIGN.md §1) of the same conditions, for payloads only the scanner recognises. */
const SIGN_IN_CODES = new Set(['rdstation/invalid-refresh-token', 'rdstation/expired-code-grant', 'oauth/invalid_grant']);
const CREDENTIAL_CODES = new Set(['rdstation/wrong-credentials', 'oauth/invalid_client', 'oauth/unauthorized_client']);

/**
 * The grant is gone: the refresh token is invalid or revoked, or the code expired. Only a new
 * sign-in helps; this is the one case where the token manager clears the refresh token.
 */
export function requiresSignIn(error: unknown): boolean {
  if (!isOAuthError(error) || error.kind !== 'provider') return false;
  const p = error.provider ?? {};
  return (
    p.errorType === 'INVALID_REFRESH_TOKEN' ||
    p.errorType === 'EXPIRED_CODE_GRANT' ||
    p.error === 'invalid_grant' ||
    (error.entry !== undefined && SIGN_IN_CODES.has(error.entry.code))
  );
}

/** The client id or secret is wrong: the user must update the client credentials. */
export function requiresCredentials(error: unknown): boolean {
  if (!isOAuthError(error) || error.kind !== 'provider') return false;
  const p = error.provider ?? {};
  return (
    (error.entry !== undefined && CREDENTIAL_CODES.has(error.entry.code)) ||
    (p.errorType === 'ACCESS_DENIED' && !/redirect_uri/i.test(p.description ?? '')) ||
    p.error === 'invalid_client' ||
    p.error === 'unauthorized_client'
  );
}
