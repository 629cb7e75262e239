/**
 * The emulator's HTTP server: routes requests to the emulated APIs, counts them, applies injected
 * faults and writes a redacted log line per request.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as consistem from './consistem';
import { createControl, handleControl, type EmulatorControl } from './control';
import { malformed, replacementReply, type FaultSpec } from './faults';
import { BodyTooLargeError, json, readBody, type EmulatorRequest, type Reply } from './http';
import * as oauth2 from './oauth2';
import { DEMO_CLIENTS, settingsFrom, type EmulatorOptions } from './options';
import * as rdstation from './rdstation';
import { EmulatorState, type RequestRecord } from './state';

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`, without a trailing slash: one base URL for every emulated API. */
  readonly baseUrl: string;
  readonly port: number;
  readonly control: EmulatorControl;
  close(): Promise<void>;
}

interface Route {
  readonly method: string;
  readonly path: RegExp;
  /** Endpoint id used by stats and faults. */
  readonly endpoint: (req: EmulatorRequest) => string;
  readonly handle: (req: EmulatorRequest, state: EmulatorState) => Reply;
}

const route = (method: string, path: RegExp, endpoint: string | ((req: EmulatorRequest) => string), handle: Route['handle']): Route => ({
  method,
  path,
  endpoint: typeof endpoint === 'string' ? () => endpoint : endpoint,
  handle,
});

const ROUTES: readonly Route[] = [
  route('GET', /^\/auth\/dialog$/, 'rdstation.authorize', rdstation.authorize),
  route('POST', /^\/auth\/dialog$/, 'rdstation.consent', rdstation.decide),
  route('POST', /^\/auth\/token$/, (req) => (req.url.searchParams.get('token_by') === 'code' ? 'rdstation.token.code' : 'rdstation.token.refresh'), rdstation.token),
  route('POST', /^\/auth\/revoke$/, 'rdstation.revoke', rdstation.revoke),
  route('GET', /^\/platform\/contacts(\/email:[^/]+)?$/, 'rdstation.contacts', rdstation.contacts),
  route('POST', /^\/oauth\/token$/, 'consistem.token', consistem.token),
  route('GET', /^\/api\/v1\/messages$/, 'consistem.messages', consistem.messages),
  route('GET', /^\/oauth2\/authorize$/, 'oauth2.authorize', oauth2.authorize),
  route('POST', /^\/oauth2\/authorize$/, 'oauth2.consent', oauth2.decide),
  route('POST', /^\/oauth2\/token$/, 'oauth2.token', oauth2.token),
  route('POST', /^\/oauth2\/revoke$/, 'oauth2.revoke', oauth2.revoke),
  route('GET', /^\/oauth2\/userinfo$/, 'oauth2.userinfo', oauth2.userinfo),
];

/** Query parameters whose values are secrets or single-use codes. */
const SECRET_PARAMS = /^(code|token|access_token|refresh_token|client_secret|secret_id|code_verifier|id_token)$/i;

function redactedPath(url: URL): string {
  const params = [...url.searchParams].map(([name, value]) => `${name}=${SECRET_PARAMS.test(name) ? '***' : encodeURIComponent(value)}`);
  return params.length ? `${url.pathname}?${params.join('&')}` : url.pathname;
}

function authScheme(header: string | undefined): RequestRecord['auth'] {
  if (!header) return 'none';
  if (/^Bearer\s/i.test(header)) return 'bearer';
  if (/^Basic\s/i.test(header)) return 'basic';
  return 'other';
}

function bodyFieldNames(req: EmulatorRequest): string[] {
  try {
    if (req.contentType === 'application/x-www-form-urlencoded') return [...new URLSearchParams(req.body).keys()];
    if (req.contentType === 'application/json' && req.body) {
      const value: unknown = JSON.parse(req.body);
      return value && typeof value === 'object' ? Object.keys(value) : [];
    }
  } catch {
    // A malformed body has no field names to report.
  }
  return [];
}

const sleep = (ms: number, res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState(settingsFrom(options), [...(options.clients ?? DEMO_CLIENTS)], options.signingKey ?? randomBytes(32).toString('hex'));
  const control = createControl(state);
  const log = options.log ?? (() => undefined);
  const controlEnabled = options.control ?? true;

  async function handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://emulator.invalid');
    let body = '';
    try {
      body = await readBody(incoming);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return void write(res, json(413, { error: 'request body too large' }));
      throw error;
    }
    const req: EmulatorRequest = {
      method: incoming.method ?? 'GET',
      url,
      headers: incoming.headers,
      body,
      contentType: (incoming.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
    };

    if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
      return void write(res, controlEnabled ? handleControl(req, control) : json(404, { error: 'not found' }));
    }
    const candidates = ROUTES.filter((r) => r.path.test(url.pathname));
    const matched = candidates.find((r) => r.method === req.method);
    if (!matched) {
      if (url.pathname === '/' && req.method === 'GET') return void write(res, json(200, INDEX));
      return void write(res, candidates.length ? json(405, { error: 'method not allowed' }) : json(404, { error: 'not found' }));
    }

    const endpoint = matched.endpoint(req);
    const record: RequestRecord = {
      at: state.now(),
      endpoint,
      method: req.method,
      path: redactedPath(url),
      contentType: req.contentType,
      auth: authScheme(req.headers.authorization),
      bodyFields: bodyFieldNames(req),
    };
    state.record(record);
    const fault = state.faults.take(endpoint);
    if (fault) record.fault = fault.type;
    const done = (status: number | 'dropped') => {
      if (status !== 'dropped') record.status = status;
      log(`${req.method} ${record.path} → ${status} [${endpoint}]${fault ? ` fault=${fault.type}` : ''}`);
    };

    if (fault?.type === 'drop' && !fault.after) {
      done('dropped');
      return void incoming.socket.destroy();
    }
    if (fault?.type === 'delay') await sleep(fault.ms ?? 1000, res);
    if (res.destroyed) return done('dropped');

    const reply = (fault && replacementReply(fault)) ?? matched.handle(req, state);
    if (fault?.type === 'drop') {
      done('dropped');
      return void incoming.socket.destroy();
    }
    done(reply.status);
    await write(res, reply, fault);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) write(res, json(500, { error: 'emulator internal error' }));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    baseUrl: `http://${host}:${port}`,
    port,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes a reply, transformed by a body fault (slow, truncated, malformed) when one applies. */
async function write(res: ServerResponse, reply: Reply, fault?: FaultSpec): Promise<void> {
  const body = Buffer.from(fault?.type === 'malformed-json' ? malformed(reply.body) : reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  if (fault?.type === 'truncated') {
    // Content-Length promises the whole body; half of it arrives, then the connection dies.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (fault?.type === 'slow-body') {
    res.flushHeaders();
    const piece = Math.max(1, Math.ceil(body.length / 4));
    for (let offset = 0; offset < body.length; offset += piece) {
      await sleep(fault.ms ?? 1000, res);
      if (res.destroyed) return;
      res.write(body.subarray(offset, offset + piece));
    }
    res.end();
    return;
  }
  res.end(body);
}

const INDEX = {
  name: 'Tokenwise API emulator',
  docs: 'test/emulator/README.md',
  control: '/__emulator',
};
