/**
 * Fault injection: what goes wrong for the next N requests to an endpoint, then clears by itself.
 * Faults are consumed in the order they were added, one per matching request.
 */
import { html, json, type Reply } from './http';

export type FaultType =
  | 'delay' // wait `ms` before the status line (then the real answer)
  | 'slow-body' // send the headers, then the real body in small pieces `ms` apart
  | 'status' // answer `status` (default 503) with a JSON body, without processing the request
  | 'rate-limit' // 429 with RD Station's body, `Retry-After: retryAfter` when given
  | 'drop' // destroy the socket; with `after: true` only once the request was processed
  | 'html' // an HTML error page (`status`, default 502), like a gateway or WAF would send
  | 'malformed-json' // the real answer cut short, but a complete HTTP message: the JSON does not parse
  | 'truncated' // the real answer's Content-Length, half its body, then the socket is destroyed
  | 'oversize'; // 200 with a JSON body of `bytes` (default 2 MiB)

export interface FaultSpec {
  /** Endpoint id (`rdstation.token.code`), a prefix of ids (`rdstation.token`, `rdstation`) or `*`. */
  readonly endpoint: string;
  readonly type: FaultType;
  /** How many matching requests get it (default 1). */
  readonly count?: number;
  readonly ms?: number;
  readonly status?: number;
  /** Retry-After value for `rate-limit` (seconds or an HTTP date). */
  readonly retryAfter?: number | string;
  /** For `drop`: process the request first (a consumed code stays consumed), then drop. */
  readonly after?: boolean;
  readonly bytes?: number;
}

const TYPES: readonly FaultType[] = ['delay', 'slow-body', 'status', 'rate-limit', 'drop', 'html', 'malformed-json', 'truncated', 'oversize'];

/** Returns a list of problems with a fault coming from JSON; empty when it is fine. */
export function faultErrors(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['a fault must be an object'];
  const f = raw as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof f.endpoint !== 'string' || f.endpoint === '') errors.push('"endpoint" must be an endpoint id, a prefix or "*"');
  if (!TYPES.includes(f.type as FaultType)) errors.push(`"type" must be one of ${TYPES.join(', ')}`);
  for (const key of ['count', 'ms', 'bytes'] as const) {
    if (f[key] !== undefined && !(typeof f[key] === 'number' && (f[key] as number) >= 0)) errors.push(`"${key}" must be a number >= 0`);
  }
  if (f.status !== undefined && !(Number.isInteger(f.status) && (f.status as number) >= 100 && (f.status as number) <= 599)) {
    errors.push('"status" must be an HTTP status code');
  }
  if (f.retryAfter !== undefined && typeof f.retryAfter !== 'number' && typeof f.retryAfter !== 'string') {
    errors.push('"retryAfter" must be seconds or an HTTP date');
  }
  return errors;
}

export function endpointMatches(pattern: string, endpoint: string): boolean {
  return pattern === '*' || pattern === endpoint || endpoint.startsWith(`${pattern}.`);
}

interface Pending {
  spec: FaultSpec;
  left: number;
}

export class FaultQueue {
  private queue: Pending[] = [];

  add(spec: FaultSpec): void {
    const left = spec.count ?? 1;
    if (left > 0) this.queue.push({ spec, left });
  }

  /** Takes the first pending fault for this endpoint, if any. */
  take(endpoint: string): FaultSpec | undefined {
    const index = this.queue.findIndex((p) => endpointMatches(p.spec.endpoint, endpoint));
    if (index < 0) return undefined;
    const pending = this.queue[index];
    if (--pending.left === 0) this.queue.splice(index, 1);
    return pending.spec;
  }

  pending(): number {
    return this.queue.reduce((sum, p) => sum + p.left, 0);
  }

  list(): FaultSpec[] {
    return this.queue.map((p) => ({ ...p.spec, count: p.left }));
  }

  clear(): void {
    this.queue = [];
  }
}

const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** The reply of a fault that answers instead of the real handler; undefined for faults that transform it. */
export function replacementReply(fault: FaultSpec): Reply | undefined {
  switch (fault.type) {
    case 'status': {
      const status = fault.status ?? 503;
      return status === 500 || status === 503
        ? json(status, { error_type: 'SERVICE_UNAVAILABLE', error_message: 'Service temporarily unavailable' })
        : json(status, { error: STATUS_TEXT[status] ?? 'Server error' });
    }
    case 'rate-limit':
      return json(
        429,
        { errors: { error_type: 'RATE_LIMIT_EXCEDDED', error_message: 'API usage limit exceeded' } },
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) },
      );
    case 'html': {
      const status = fault.status ?? 502;
      const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
      return html(status, `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`);
    }
    case 'oversize': {
      const size = fault.bytes ?? 2 * 1024 * 1024;
      const filler = 'x'.repeat(Math.max(0, size - 40));
      return json(200, { access_token: filler, expires_in: 3600 });
    }
    default:
      return undefined;
  }
}

/** For `malformed-json`: the real body cut short, so it no longer parses. */
export function malformed(body: string): string {
  return body.length > 2 ? body.slice(0, Math.ceil(body.length * 0.6)) : '{"access_token": ';
}
