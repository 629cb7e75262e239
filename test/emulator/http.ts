/** The emulator's request and reply model: handlers get a parsed request and return a reply value. */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatorRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  /** Raw body text (UTF-8). */
  readonly body: string;
  readonly contentType: string;
}

/** Incoming bodies larger than this get 413: no real token request is anywhere near it. */
export const MAX_REQUEST_BODY = 64 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // Reflected values are escaped; the policy is a second fence (no scripts at all on these pages).
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *",
      'x-frame-options': 'DENY',
      ...headers,
    },
    body,
  };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type ParsedBody =
  | { readonly kind: 'json'; readonly fields: Record<string, unknown> }
  | { readonly kind: 'form'; readonly fields: Record<string, string> }
  | { readonly kind: 'empty'; readonly fields: Record<string, never> }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'unsupported' };

/** Parses a JSON or form body according to its Content-Type; never throws. */
export function parseBody(req: EmulatorRequest): ParsedBody {
  if (req.body.length === 0) return { kind: 'empty', fields: {} };
  const type = req.contentType;
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(req.body);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return { kind: 'json', fields: value as Record<string, unknown> };
      }
      return { kind: 'invalid' };
    } catch {
      return { kind: 'invalid' };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(req.body)) };
  }
  return { kind: 'unsupported' };
}

/** A field as a non-empty string, or undefined (numbers and objects are not accepted as secrets). */
export function field(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The bearer token of the request: `undefined` when absent, `''` when the header is not a bearer one. */
export function bearerToken(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** HTTP Basic client credentials (RFC 6749 §2.3.1: both parts form-urlencoded before base64). */
export function basicCredentials(req: EmulatorRequest): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
}
