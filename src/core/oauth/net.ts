/**
 * Every use of undici, in one module that esbuild builds as its own file (`dist/net.js`) and the rest
 * of the code requires on the first network call: activation never pays for loading undici.
 * Timeouts come from the Agent, retries from undici's retry interceptor (which honours Retry-After),
 * proxies from EnvHttpProxyAgent (HTTPS_PROXY/NO_PROXY, or an explicit URL).
 */
import { EnvHttpProxyAgent, interceptors, request, type Dispatcher } from 'undici';
import type { NetModule, NetProxy, NetRequest, NetResult, NetTimeouts } from './netTypes';

/** Failures where nothing reached the server: always safe to retry. */
const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** The connection died under a sent request: retried only when sending it twice is harmless. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

const agents = new Map<string, EnvHttpProxyAgent>();

function agentFor(proxy: NetProxy | undefined, timeouts: NetTimeouts): EnvHttpProxyAgent {
  const strict = proxy?.strictSSL ?? true;
  const env = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'].map((name) => process.env[name] ?? '');
  // The environment is part of the key, so a changed HTTPS_PROXY takes effect on the next call.
  const key = JSON.stringify([proxy?.url, proxy?.noProxy, strict, timeouts.connectMs, env]);
  let agent = agents.get(key);
  if (!agent) {
    agent = new EnvHttpProxyAgent({
      ...(proxy?.url ? { httpProxy: proxy.url, httpsProxy: proxy.url } : {}),
      ...(proxy?.noProxy !== undefined ? { noProxy: proxy.noProxy } : {}),
      connect: { timeout: timeouts.connectMs, rejectUnauthorized: strict },
      requestTls: { rejectUnauthorized: strict },
      proxyTls: { rejectUnauthorized: strict },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** What the current attempt got to: decides whether retrying it is safe. */
interface Attempt {
  count: number;
  requestSent: boolean;
  responseStarted: boolean;
}

/** An interceptor below the retry one: sees each attempt's progress. */
function observe(attempt: Attempt): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    attempt.count++;
    attempt.requestSent = false;
    attempt.responseStarted = false;
    return dispatch(opts, {
      onRequestStart: (controller, context) => {
        attempt.requestSent = true;
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => {
        attempt.responseStarted = true;
        handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };
}

/** Retry-After in seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function retryPolicy(req: NetRequest, attempt: Attempt): NonNullable<interceptors.RetryInterceptorOpts['retry']> {
  return (err, _context, callback) => {
    const { statusCode, code, headers } = err as Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };
    const giveUp = () => callback(err);
    if (req.signal?.aborted || attempt.count > req.retry.maxRetries) return giveUp();

    let delayMs = Math.min(req.retry.minDelayMs * 2 ** (attempt.count - 1), req.retry.maxDelayMs) * (0.8 + Math.random() * 0.4);
    if (statusCode !== undefined) {
      // A status line means the server saw the request.
      if (!req.retryAfterSent || !RETRY_STATUS.has(statusCode)) return giveUp();
      const wait = retryAfterSeconds(headers?.['retry-after']);
      if (wait !== undefined) {
        if (wait > req.retry.maxRetryAfterSeconds) return giveUp();
        delayMs = wait * 1000;
      }
    } else {
      const safe = BEFORE_SEND.has(code ?? '') || (!attempt.requestSent && DROPPED.has(code ?? ''));
      const harmless = req.retryAfterSent && !attempt.responseStarted && DROPPED.has(code ?? '');
      if (!safe && !harmless) return giveUp();
    }
    const timer = setTimeout(() => {
      req.signal?.removeEventListener('abort', onAbort);
      callback(null);
    }, delayMs);
    const onAbort = () => {
      clearTimeout(timer);
      giveUp();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
  };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function failure(error: unknown, req: NetRequest, attempt: Attempt): NetResult {
  const code = (error as { code?: unknown })?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  const phase = attempt.responseStarted ? 'body' : attempt.requestSent ? 'headers' : 'connect';
  const base = { phase, attempts: Math.max(1, attempt.count), ...(codeText ? { code: codeText } : {}) } as const;
  if (req.signal?.aborted) return { ok: false, failure: 'cancelled', ...base };
  if (codeText === 'UND_ERR_CONNECT_TIMEOUT' || codeText === 'UND_ERR_HEADERS_TIMEOUT' || codeText === 'UND_ERR_BODY_TIMEOUT') {
    return { ok: false, failure: 'timeout', ...base };
  }
  return { ok: false, failure: 'network', ...base };
}

export async function send(req: NetRequest): Promise<NetResult> {
  const attempt: Attempt = { count: 0, requestSent: false, responseStarted: false };
  const dispatcher = agentFor(req.proxy, req.timeouts).compose(
    observe(attempt),
    // throwOnError false: once retries are over, the last error response reaches us with its body.
    interceptors.retry({ retry: retryPolicy(req, attempt), throwOnError: false, maxRetries: req.retry.maxRetries }),
  );
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      dispatcher,
      headersTimeout: req.timeouts.headersMs,
      bodyTimeout: req.timeouts.bodyMs,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    const headers = flattenHeaders(response.headers);
    const tooLarge = (): NetResult => {
      // Destroying the body aborts the connection; the AbortError it emits is expected.
      response.body.on('error', () => undefined);
      response.body.destroy();
      return { ok: false, failure: 'too-large', phase: 'body', attempts: attempt.count };
    };
    if (Number(headers['content-length']) > req.maxResponseBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > req.maxResponseBytes) return tooLarge();
      chunks.push(chunk);
    }
    return { ok: true, status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), attempts: attempt.count };
  } catch (error) {
    return failure(error, req, attempt);
  }
}

export async function closeAll(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((agent) => agent.close().catch(() => agent.destroy())));
}

// Checked here so a change of the contract breaks the build of this file, not the caller's at run time.
const _contract: NetModule = { send, closeAll };
void _contract;
