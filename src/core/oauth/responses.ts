/** Turns what came back from the token endpoint into a token set or a typed, safe error. */
import { redact } from '../redact';
import { plainText } from '../text/plainText';
import { tokenSetFromResponse, type TokenSet } from '../tokens';
import { OAuthError, type InvalidResponseReason, type OAuthOperation, type ProviderErrorInfo } from './errors';
import { analysis } from '../lazyAnalysis';
import type { NetResult } from './netTypes';

export interface ResultContext {
  readonly operation: OAuthOperation;
  readonly host: string;
  /** When the request was sent: `expires_in` counts from no earlier than this. */
  readonly issuedAt: number;
  /** The tokens being refreshed, whose refresh token is kept when the answer has none. */
  readonly previous?: TokenSet;
}

type Answer = Extract<NetResult, { ok: true }>;

export function tokenSetFromResult(result: NetResult, context: ResultContext): TokenSet {
  const answer = successfulAnswer(result, context);
  const parsed = parseJson(answer.body);
  const invalid = (reason: InvalidResponseReason) =>
    new OAuthError({ kind: 'invalid-response', operation: context.operation, host: context.host, status: answer.status, reason, attempts: answer.attempts });
  if (!parsed.ok) throw invalid(nonJsonReason(answer));
  const json = parsed.value;
  if (!isObject(json)) throw invalid('not-json');
  if (typeof json.access_token !== 'string' || json.access_token === '') throw invalid('missing-access-token');
  let expiresIn: number | undefined;
  if (json.expires_in !== undefined && json.expires_in !== null) {
    // Some servers send the number as a string.
    expiresIn = typeof json.expires_in === 'string' && /^\s*\d+\s*$/.test(json.expires_in) ? Number(json.expires_in) : (json.expires_in as number);
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0) throw invalid('invalid-expires-in');
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const refreshToken = text(json.refresh_token);
  const tokenType = text(json.token_type);
  const scope = typeof json.scope === 'string' ? json.scope : undefined;
  return tokenSetFromResponse(
    {
      access_token: json.access_token,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
      ...(tokenType ? { token_type: tokenType } : {}),
      ...(scope !== undefined ? { scope } : {}),
    },
    context.issuedAt,
    context.previous,
  );
}

/**
 * RFC 7009 §2.2: a 2xx is success and the body is ignored, except an HTML page: that comes from a
 * captive portal or a proxy, not from the authorization server, and saying "revoked" would be false.
 */
export function checkRevokeResult(result: NetResult, context: ResultContext): void {
  const answer = successfulAnswer(result, context);
  // By the body, not the Content-Type: some servers send an empty 200 labelled text/html.
  if (answer.body.trimStart().startsWith('<')) {
    throw new OAuthError({ kind: 'invalid-response', operation: context.operation, host: context.host, status: answer.status, reason: 'html', attempts: answer.attempts });
  }
}

/** The answer when it is a 2xx; otherwise throws the matching error. */
function successfulAnswer(result: NetResult, context: ResultContext): Answer {
  const { operation, host } = context;
  if (!result.ok) {
    const common = { operation, host, phase: result.phase, attempts: result.attempts, ...(result.code ? { code: result.code } : {}) };
    if (result.failure === 'too-large') throw new OAuthError({ kind: 'invalid-response', reason: 'too-large', ...common });
    throw new OAuthError({ kind: result.failure, ...common });
  }
  if (result.status >= 200 && result.status < 300) return result;
  throw errorFromAnswer(result, context);
}

function errorFromAnswer(answer: Answer, { operation, host }: ResultContext): OAuthError {
  const provider = providerInfo(answer.body, answer.headers);
  const explanation = analysis().explainResponse(answer.status, answer.headers, answer.body);
  const retryAfterSeconds = retryAfter(answer.headers['retry-after']) ?? explanation.retryAfterSeconds;
  const common = {
    operation,
    host,
    status: answer.status,
    attempts: answer.attempts,
    ...(explanation.entry ? { entry: explanation.entry } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
  if (provider) return new OAuthError({ kind: 'provider', provider, ...common });
  const parsed = parseJson(answer.body);
  return new OAuthError({ kind: 'http', ...(parsed.ok || answer.body.trim() === '' ? {} : { reason: nonJsonReason(answer) }), ...common });
}

const ERROR_CODE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** The error fields of a documented payload (any RD Station envelope, RFC 6749) or of a WWW-Authenticate challenge. */
export function providerInfo(body: string, headers: Readonly<Record<string, string>>): ProviderErrorInfo | undefined {
  let errorType: string | undefined;
  let error: string | undefined;
  let description: string | undefined;
  const parsed = parseJson(body);
  if (parsed.ok && isObject(parsed.value)) {
    const root = parsed.value;
    const errors = root.errors;
    const candidates = [root, ...(isObject(errors) ? [errors] : []), ...(Array.isArray(errors) && isObject(errors[0]) ? [errors[0]] : [])];
    for (const c of candidates) {
      if (errorType === undefined && typeof c.error_type === 'string') {
        errorType = c.error_type;
        if (typeof c.error_message === 'string') description = c.error_message;
      }
    }
    if (typeof root.error === 'string' && ERROR_CODE.test(root.error)) error = root.error;
    if (description === undefined && typeof root.error_description === 'string') description = root.error_description;
  } else if (!parsed.ok) {
    // Malformed JSON still says what it is (RD Station's own documentation shows such a body).
    errorType = /"error_type"\s*:\s*"([A-Z][A-Z0-9_]*)"/.exec(body)?.[1];
    error = /"error"\s*:\s*"([a-z][a-z0-9_]*)"/.exec(body)?.[1];
    description = /"(?:error_message|error_description)"\s*:\s*"([^"\\]{1,300})"/.exec(body)?.[1];
  }
  const challenge = headers['www-authenticate'] ?? headers['x-amzn-remapped-www-authenticate'];
  if (challenge && /^\s*Bearer\b/i.test(challenge)) {
    const challengeError = /\berror="([^"]*)"/.exec(challenge)?.[1];
    if (challengeError !== undefined && ERROR_CODE.test(challengeError)) error ??= challengeError;
    description ??= /\berror_description="([^"]*)"/.exec(challenge)?.[1];
  }
  // What the server wrote ends up in notifications, which turn `[x](command:…)` into a link that runs
  // the command: only plain text goes on (and never a secret it may echo).
  if (errorType !== undefined) errorType = plainText(errorType, 100) || undefined;
  if (errorType === undefined && error === undefined) return undefined;
  const safe = description === undefined ? undefined : plainText(redact(description), 300);
  return { ...(errorType ? { errorType } : {}), ...(error ? { error } : {}), ...(safe ? { description: safe } : {}) };
}

function nonJsonReason(answer: Answer): InvalidResponseReason {
  const body = answer.body.trimStart();
  if (/text\/html/i.test(answer.headers['content-type'] ?? '') || body.startsWith('<')) return 'html';
  return body.startsWith('{') || body.startsWith('[') ? 'malformed-json' : 'not-json';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
