/**
 * The contract of `net.ts`, which is a separate bundle (`dist/net.js`) loaded on the first network
 * call. Only plain data crosses it: no classes, so `instanceof` never has to work across bundles.
 */

export interface NetTimeouts {
  /** TCP/TLS connection. */
  readonly connectMs: number;
  /** From the request being sent to the response's status line and headers. */
  readonly headersMs: number;
  /** Longest silence between two pieces of the body. */
  readonly bodyMs: number;
}

export interface NetRetry {
  /** Retries after the first attempt (0 = none). */
  readonly maxRetries: number;
  /** First backoff delay; doubles at each retry (with ±20% jitter), capped by `maxDelayMs`. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the 429/503 goes back to the caller. */
  readonly maxRetryAfterSeconds: number;
}

export interface NetProxy {
  /** Explicit proxy (VS Code's `http.proxy`); `HTTPS_PROXY`/`HTTP_PROXY` from the environment otherwise. */
  readonly url?: string;
  /** Verify TLS certificates (VS Code's `http.proxyStrictSSL`); default true. */
  readonly strictSSL?: boolean;
  /** Hosts that bypass the proxy, comma separated like `NO_PROXY` (which applies when absent). */
  readonly noProxy?: string;
}

export interface NetRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * May a request that possibly reached the server be sent again? False for the code exchange: the
   * code is single use, so only failures before anything was sent (connection refused, DNS, connect
   * timeout) are retried.
   */
  readonly retryAfterSent: boolean;
  readonly timeouts: NetTimeouts;
  readonly retry: NetRetry;
  readonly maxResponseBytes: number;
  readonly proxy?: NetProxy;
  readonly signal?: AbortSignal;
}

export type NetFailure = 'network' | 'timeout' | 'too-large' | 'cancelled';

export type NetResult =
  | {
      readonly ok: true;
      readonly status: number;
      /** Lower-case names; repeated headers joined with `, `. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly attempts: number;
    }
  | {
      readonly ok: false;
      readonly failure: NetFailure;
      /** Where it failed: before a connection, waiting for the headers, or reading the body. */
      readonly phase: 'connect' | 'headers' | 'body';
      /** The system or undici error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`), when there is one. */
      readonly code?: string;
      readonly attempts: number;
    };

/** What `net.ts` exports. */
export interface NetModule {
  send(request: NetRequest): Promise<NetResult>;
  /** Closes the pooled connections (deactivation, end of tests). */
  closeAll(): Promise<void>;
}
