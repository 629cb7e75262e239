import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Random } from './random';

/**
 * The benchmark's inputs, generated from a seed (the same bytes on every run and machine):
 * - `log`: a response/application log with error payloads of every envelope planted among ordinary
 *   lines (success bodies, structured JSON logs, HTTP exchanges, escaped JSON in log lines);
 * - `clean`: the same ordinary lines with nothing planted (no payload at all);
 * - `har`: a browser HAR export (pretty-printed JSON, bodies as escaped JSON strings) with some error
 *   responses (payload in `content.text`, WWW-Authenticate in the header list).
 * Every planted item remembers where it is and which catalogue codes the scanner must report for it,
 * so the benchmark can check found/planted. The text is ASCII only: V8 keeps it as a one-byte string,
 * the fastest case for `indexOf` and the smallest for memory, so the ratios are the strictest ones.
 */

export interface Planted {
  /** UTF-16 offsets of the payload (the header line, the status line, the string literal…). */
  readonly start: number;
  readonly end: number;
  /** Which envelope, for the miss report. */
  readonly kind: string;
  /** Catalogue codes the scanner must report inside [start, end). */
  readonly codes: readonly string[];
}

export interface Generated {
  readonly text: string;
  readonly planted: readonly Planted[];
}

export const MB = 1024 * 1024;
export const DEFAULT_SEED = 0x70c3e5;

/** Appends text and remembers planted spans by their offset in the final text. */
class Builder {
  private readonly parts: string[] = [];
  readonly planted: Planted[] = [];
  length = 0;

  add(text: string): this {
    this.parts.push(text);
    this.length += text.length;
    return this;
  }

  /** Appends `text` as a planted payload. */
  plant(kind: string, text: string, codes: readonly string[]): this {
    this.planted.push({ start: this.length, end: this.length + text.length, kind, codes });
    return this.add(text);
  }

  build(): Generated {
    return { text: this.parts.join(''), planted: this.planted };
  }
}

// --- Vocabulary -----------------------------------------------------------------------------

const FIRST = ['Ana', 'Maria', 'Joao', 'Pedro', 'Lucas', 'Julia', 'Carla', 'Bruno', 'Rafael', 'Fernanda', 'Marcos', 'Beatriz'];
const LAST = ['Silva', 'Souza', 'Oliveira', 'Santos', 'Lima', 'Costa', 'Pereira', 'Almeida', 'Ribeiro', 'Carvalho'];
const TAGS = ['lead', 'customer', 'newsletter', 'webinar', 'trial', 'black-friday', 'enterprise', 'smb'];
const CITIES = ['Sao Paulo', 'Florianopolis', 'Porto Alegre', 'Curitiba', 'Recife', 'Belo Horizonte'];
const PATHS = ['/platform/contacts', '/platform/events', '/platform/segmentations', '/platform/funnels/default', '/marketing/fields', '/platform/webhooks'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Log clock: starts at a fixed instant and only moves forward. */
class Clock {
  private ms = Date.UTC(2024, 4, 1, 10, 0, 0);
  constructor(private readonly random: Random) {}
  tick(): string {
    this.ms += this.random.int(1, 900);
    return new Date(this.ms).toISOString();
  }
  /** IMF-fixdate of the current instant (Date and Retry-After headers). */
  http(offsetSeconds = 0): string {
    const d = new Date(this.ms + offsetSeconds * 1000);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
  }
}

function contact(random: Random): Record<string, unknown> {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const id = random.uuid();
  return {
    uuid: id,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${random.int(1, 9999)}@example.com`,
    job_title: random.pick(['Analyst', 'Manager', 'Developer', 'Director']),
    city: random.pick(CITIES),
    tags: [random.pick(TAGS), random.pick(TAGS)],
    created_at: `2024-0${random.int(1, 4)}-1${random.int(0, 9)}T0${random.int(0, 9)}:1${random.int(0, 9)}:00.000-03:00`,
    // Keys the scanner looks at (status, type, title, message) with values that are not errors.
    legal_bases: [{ category: 'communications', type: 'consent', status: 'granted' }],
    links: [{ rel: 'SELF', href: `https://api.rd.services/platform/contacts/${id}`, media: 'application/json', type: 'GET' }],
  };
}

function event(random: Random): Record<string, unknown> {
  return {
    event_type: random.pick(['CONVERSION', 'OPPORTUNITY', 'SALE', 'CHAT_STARTED']),
    event_family: 'CDP',
    payload: {
      conversion_identifier: random.pick(['newsletter', 'webinar-signup', 'pricing-page', 'ebook']),
      email: `${random.pick(FIRST).toLowerCase()}${random.int(1, 99999)}@example.com`,
      name: `${random.pick(FIRST)} ${random.pick(LAST)}`,
      tags: [random.pick(TAGS)],
      available_for_mailing: random.chance(0.5),
    },
  };
}

// --- Ordinary lines (no payload) ------------------------------------------------------------

function ordinary(b: Builder, random: Random, clock: Clock): void {
  const ts = clock.tick();
  const roll = random.next();
  if (roll < 0.22) {
    b.add(`${ts} INFO  ${random.pick(['GET', 'GET', 'POST', 'PATCH'])} ${random.pick(PATHS)}/${random.uuid()} ${random.pick([200, 200, 201, 204, 304])} ${random.int(3, 900)}ms\n`);
  } else if (roll < 0.44) {
    b.add(
      `${JSON.stringify({
        level: 'info',
        time: ts,
        pid: random.int(1000, 9999),
        hostname: `api-${random.int(1, 12)}`,
        reqId: `req-${random.hex(6)}`,
        req: { method: 'GET', url: `${random.pick(PATHS)}?page=${random.int(1, 40)}`, remoteAddress: `10.0.${random.int(0, 255)}.${random.int(0, 255)}` },
        res: { statusCode: 200 },
        responseTime: random.int(1, 9000) / 10,
        msg: 'request completed',
      })}\n`,
    );
  } else if (roll < 0.66) {
    b.add(`${ts} INFO  GET /platform/contacts/uuid:${random.uuid()} -> 200 ${JSON.stringify(contact(random))}\n`);
  } else if (roll < 0.78) {
    b.add(`${ts} INFO  POST /platform/events -> 200 ${JSON.stringify(event(random))} {"event_uuid":"${random.uuid()}"}\n`);
  } else if (roll < 0.86) {
    // Escaped JSON in a log line, with nothing wrong in it.
    b.add(`${ts} DEBUG upstream response status=200 body=${JSON.stringify(JSON.stringify(contact(random)))}\n`);
  } else if (roll < 0.93) {
    // A saved HTTP exchange of a success.
    b.add(
      `HTTP/1.1 200 OK\nDate: ${clock.http()}\nContent-Type: application/json; charset=utf-8\nX-Request-Id: ${random.uuid()}\nCache-Control: no-cache\n\n` +
        `${JSON.stringify({ contacts: [contact(random), contact(random)], total: random.int(2, 500), page: 1 }, null, 2)}\n\n`,
    );
  } else {
    b.add(`${ts} INFO  sync worker ${random.int(1, 8)} finished: ${random.int(0, 500)} contacts updated, ${random.int(0, 20)} skipped, next run in ${random.int(1, 60)} min\n`);
  }
}

// --- Planted payloads -----------------------------------------------------------------------

interface RdError {
  readonly type: string;
  readonly message: string;
  readonly code: string;
}

const RD_AUTH: readonly RdError[] = [
  { type: 'UNAUTHORIZED', message: 'Invalid token.', code: 'rdstation/invalid-token' },
  { type: 'ACCESS_DENIED', message: 'Wrong credentials provided.', code: 'rdstation/wrong-credentials' },
  { type: 'EXPIRED_CODE_GRANT', message: 'The authorization code grant has expired.', code: 'rdstation/expired-code-grant' },
  { type: 'INVALID_REFRESH_TOKEN', message: 'The provided refresh token is invalid or was revoked.', code: 'rdstation/invalid-refresh-token' },
  { type: 'ACCESS_DENIED', message: 'This account has not authorized the application.', code: 'rdstation/access-denied' },
];
const RD_RESOURCE: readonly RdError[] = [
  { type: 'RESOURCE_NOT_FOUND', message: "The resource couldn't be found.", code: 'rdstation/resource-not-found' },
  { type: 'CONFLICTING_FIELD', message: 'The payload contains an attribute that was used to identify the lead', code: 'rdstation/conflicting-field' },
  { type: 'UNSUPPORTED_MEDIA_TYPE', message: 'The payload is in a format not supported by this method on the target resource.', code: 'rdstation/unsupported-media-type' },
  { type: 'SEGMENTATION_LIMIT_REACHED', message: 'The account reached its segmentation limit.', code: 'rdstation/segmentation-limit-reached' },
];
const RD_FIELD: readonly (RdError & { readonly field: string })[] = [
  { type: 'CANNOT_BE_NULL', message: 'email cannot be null.', code: 'rdstation/cannot-be-null', field: 'email' },
  { type: 'INVALID_EMAIL_FORMAT', message: 'email has an invalid format.', code: 'rdstation/invalid-email-format', field: 'personal_email' },
  { type: 'MUST_BE_LESS_THAN_OR_EQUAL', message: 'must be less than or equal to 255 characters', code: 'rdstation/must-be-less-than-or-equal', field: 'name' },
  { type: 'CANNOT_BE_BLANK', message: 'Can not be blank', code: 'rdstation/cannot-be-blank', field: 'name' },
  { type: 'INVALID_FORMAT', message: 'birthdate has an invalid format', code: 'rdstation/invalid-format', field: 'birthdate' },
  { type: 'EMAIL_ALREADY_IN_USE', message: 'email already in use', code: 'rdstation/email-already-in-use', field: 'email' },
  { type: 'VALUES_MUST_BE_UNIQUE', message: 'must not contain duplicate values', code: 'rdstation/values-must-be-unique', field: 'tags' },
  { type: 'INVALID_DATA_TYPE', message: "Must be of type 'SET'.", code: 'rdstation/invalid-data-type', field: 'tags' },
];
const OAUTH: readonly { readonly error: string; readonly description: string; readonly code: string }[] = [
  { error: 'invalid_grant', description: 'The provided authorization grant is invalid, expired or revoked', code: 'oauth/invalid_grant' },
  { error: 'invalid_client', description: 'Client authentication failed', code: 'oauth/invalid_client' },
  { error: 'invalid_scope', description: 'The requested scope is invalid', code: 'oauth/invalid_scope' },
  { error: 'unsupported_grant_type', description: 'The authorization grant type is not supported', code: 'oauth/unsupported_grant_type' },
  { error: 'invalid_request', description: 'The access token is missing', code: 'rdstation/missing-access-token' },
  { error: 'invalid_token', description: 'The access token is invalid or has expired', code: 'rdstation/expired-access-token' },
  { error: 'access_denied', description: 'The user denied the request', code: 'oauth/access_denied' },
];
const PROBLEMS: readonly { readonly status: number; readonly title: string }[] = [
  { status: 400, title: 'Bad Request' },
  { status: 401, title: 'Unauthorized' },
  { status: 403, title: 'Forbidden' },
  { status: 404, title: 'Not Found' },
  { status: 409, title: 'Conflict' },
  { status: 422, title: 'Unprocessable Content' },
  { status: 429, title: 'Too Many Requests' },
  { status: 500, title: 'Internal Server Error' },
  { status: 503, title: 'Service Unavailable' },
];
const STATUS_LINES: readonly { readonly status: number; readonly reason: string }[] = [
  { status: 400, reason: 'Bad Request' },
  { status: 401, reason: 'Unauthorized' },
  { status: 403, reason: 'Forbidden' },
  { status: 404, reason: 'Not Found' },
  { status: 422, reason: 'Unprocessable Entity' },
  { status: 429, reason: 'Too Many Requests' },
  { status: 500, reason: 'Internal Server Error' },
  { status: 503, reason: 'Service Unavailable' },
];
const CHALLENGES: readonly { readonly value: string; readonly code: string }[] = [
  { value: 'Bearer realm="https://api.rd.services/", error="invalid_token", error_description="The access token is invalid or has expired"', code: 'rdstation/expired-access-token' },
  { value: 'Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"', code: 'rdstation/expired-access-token' },
  { value: 'Bearer realm="example", error="insufficient_scope", scope="messages:send"', code: 'oauth/insufficient_scope' },
];

const rdObject = (e: RdError) => ({ error_type: e.type, error_message: e.message });

/** A planted group: returns how many payloads it planted. */
type Group = (b: Builder, random: Random, clock: Clock) => number;

const LOG_GROUPS: readonly { readonly size: number; readonly write: Group }[] = [
  {
    size: 1, // RD Station, flat
    write(b, random, clock) {
      const e = random.pick(RD_AUTH);
      b.add(`${clock.tick()} ERROR POST /auth/token -> 401 `).plant('rd-flat', JSON.stringify(rdObject(e)), [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RD Station, {"errors": {…}}
    write(b, random, clock) {
      const e = random.pick(RD_RESOURCE);
      b.add(`${clock.tick()} WARN  GET /platform/contacts/${random.uuid()} -> 404 `).plant('rd-errors-object', JSON.stringify({ errors: rdObject(e) }), [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RD Station, {"errors": [{…, "path"}, …]}
    write(b, random, clock) {
      const picked = [random.pick(RD_FIELD), random.pick(RD_FIELD)];
      const body = { errors: picked.map((e) => ({ ...rdObject(e), path: `$.${e.field}`, validation_rules: { required: true } })) };
      b.add(`${clock.tick()} WARN  PATCH /platform/contacts/email:ana@example.com -> 400 `).plant('rd-errors-array', JSON.stringify(body), picked.map((e) => e.code)).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RD Station, {"errors": {"field": [{…}]}}, pretty-printed over several lines
    write(b, random, clock) {
      const e = random.pick(RD_FIELD);
      b.add(`${clock.tick()} WARN  POST /platform/contacts -> 422, response body:\n`).plant('rd-keyed-by-field', JSON.stringify({ errors: { [e.field]: [rdObject(e)] } }, null, 2), [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RD Station, {"errors": {"field": {"pt-BR": [{…}]}}}
    write(b, random, clock) {
      const e = random.pick(RD_FIELD);
      b.add(`${clock.tick()} WARN  PATCH /marketing/fields/${random.uuid()} -> 422 `)
        .plant('rd-keyed-by-field-and-language', JSON.stringify({ errors: { [e.field]: { 'pt-BR': [rdObject(e)], en: [rdObject(e)] } } }), [e.code])
        .add('\n');
      return 1;
    },
  },
  {
    size: 1, // OAuth error body (RFC 6749)
    write(b, random, clock) {
      const e = random.pick(OAUTH);
      b.add(`${clock.tick()} ERROR token refresh failed -> 400 `).plant('oauth', JSON.stringify({ error: e.error, error_description: e.description }), [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RFC 9457 problem details
    write(b, random, clock) {
      const p = random.pick(PROBLEMS);
      const body = { type: random.chance(0.5) ? 'about:blank' : `https://api.example.com/problems/${p.status}`, title: p.title, status: p.status, detail: `request ${random.hex(8)} failed`, instance: `/messages/${random.hex(6)}` };
      b.add(`${clock.tick()} ERROR whatsapp send failed `).plant('problem-details', JSON.stringify(body), [`problem/${p.status}`]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // RD Station gateway rate limit
    write(b, random, clock) {
      b.add(`${clock.tick()} WARN  GET /platform/contacts -> 429 `).plant('rate-limit', '{"message":"API rate limit exceeded"}', ['rdstation/rate-limit']).add(` retry in ${random.int(1, 60)}s\n`);
      return 1;
    },
  },
  {
    size: 1, // RD Station lead limiter
    write(b, random, clock) {
      const body = { error: `'lead_limiter' rate limit exceeded for 86400 second(s) period for key ${random.uuid()}`, max: 24, usage: random.int(25, 90), remaining_time: random.int(1, 86400) };
      b.add(`${clock.tick()} WARN  POST /platform/events -> 429 `).plant('lead-limiter', JSON.stringify(body), ['rdstation/rate-limit']).add('\n');
      return 1;
    },
  },
  {
    size: 1, // escaped JSON in a quoted log field
    write(b, random, clock) {
      const e = random.pick(RD_AUTH);
      b.add(`${clock.tick()} ERROR sync failed: status=401 body=`).plant('escaped-quoted', JSON.stringify(JSON.stringify(rdObject(e))), [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 1, // escaped JSON, bare
    write(b, random, clock) {
      const e = random.pick(OAUTH);
      const escaped = JSON.stringify(JSON.stringify({ error: e.error, error_description: e.description })).slice(1, -1);
      b.add(`${clock.tick()} ERROR token refresh failed response=`).plant('escaped-bare', escaped, [e.code]).add('\n');
      return 1;
    },
  },
  {
    size: 3, // curl -v: status line, WWW-Authenticate, body
    write(b, random, clock) {
      const c = random.pick(CHALLENGES);
      b.add(`> GET /platform/contacts/email:ana@example.com HTTP/2\n> Host: api.rd.services\n> Accept: application/json\n>\n< `)
        .plant('status-line', 'HTTP/2 401', ['http/401'])
        .add('\n< content-type: application/json; charset=utf-8\n< ')
        .plant('www-authenticate', `www-authenticate: ${c.value}`, [c.code])
        .add('\n<\n');
      const e = random.pick(RD_AUTH);
      b.plant('rd-flat', JSON.stringify(rdObject(e)), [e.code]).add(`\n* Connection #${random.int(0, 9)} to host api.rd.services left intact\n`);
      clock.tick();
      return 3;
    },
  },
  {
    size: 2, // saved response: status line, Retry-After in seconds or (one in four) as an HTTP-date
    write(b, random, clock) {
      const s = random.pick(STATUS_LINES);
      b.plant('status-line', `HTTP/1.1 ${s.status} ${s.reason}`, [`http/${s.status}`]).add(`\nDate: ${clock.http()}\nContent-Type: text/html\n`);
      const seconds = random.int(1, 3600);
      const value = seconds % 4 === 0 ? clock.http(seconds) : String(seconds);
      b.plant('retry-after', `Retry-After: ${value}`, ['http/retry-after']).add(`\n\n<html><body>${s.reason}</body></html>\n\n`);
      clock.tick();
      return 2;
    },
  },
  {
    size: 2, // API gateway: status line, x-amzn-remapped-www-authenticate
    write(b, _random, clock) {
      b.plant('status-line', 'HTTP/2 401', ['http/401']).add('\ncontent-type: application/json\n');
      b.plant('www-authenticate', 'x-amzn-remapped-www-authenticate: Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"', ['rdstation/expired-access-token']);
      b.add(`\nx-amzn-requestid: ${_random.uuid()}\n\n{"message":"Unauthorized"}\n\n`);
      clock.tick();
      return 2;
    },
  },
];

/** Appends ordinary lines until `target` characters, planting `payloads` items evenly among them. */
function writeLog(b: Builder, random: Random, target: number, payloads: number): void {
  const clock = new Clock(random);
  let planted = 0;
  while (b.length < target || planted < payloads) {
    if (planted < payloads && b.length >= (planted * target) / payloads) {
      const fitting = LOG_GROUPS.filter((group) => group.size <= payloads - planted);
      planted += random.pick(fitting).write(b, random, clock);
    } else {
      ordinary(b, random, clock);
    }
  }
}

/** A response log of about `sizeMB` with `payloads` planted items (0: the file with no payload). */
export function generateLog(sizeMB: number, payloads: number, seed = DEFAULT_SEED): Generated {
  const b = new Builder();
  writeLog(b, new Random(seed), sizeMB * MB, payloads);
  return b.build();
}

// --- HAR --------------------------------------------------------------------------------------

interface HarHeader {
  name: string;
  value: string;
}

/** One entry, pretty-printed as browsers export it, with the planted parts located in its text. */
function harEntry(random: Random, clock: Clock, error: boolean): { text: string; planted: { needle: string; kind: string; codes: string[] }[] } {
  const url = `https://api.rd.services${random.pick(PATHS)}/${random.uuid()}`;
  const requestHeaders: HarHeader[] = [
    { name: 'Accept', value: 'application/json' },
    { name: 'Accept-Encoding', value: 'gzip, deflate, br' },
    { name: 'Accept-Language', value: 'pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7' },
    { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
    { name: 'Origin', value: 'https://app.rdstation.com.br' },
  ];
  const responseHeaders: HarHeader[] = [
    { name: 'Content-Type', value: 'application/json; charset=utf-8' },
    { name: 'Date', value: clock.http() },
    { name: 'X-Request-Id', value: random.uuid() },
    { name: 'Cache-Control', value: 'no-cache, no-store' },
    { name: 'Strict-Transport-Security', value: 'max-age=31536000' },
  ];
  const planted: { needle: string; kind: string; codes: string[] }[] = [];
  let status = 200;
  let statusText = 'OK';
  let body: string;
  if (!error) {
    body = JSON.stringify(random.chance(0.5) ? contact(random) : { contacts: [contact(random), contact(random)], total: random.int(2, 900) });
  } else {
    const roll = random.next();
    if (roll < 0.4) {
      status = 401;
      statusText = 'Unauthorized';
      const c = random.pick(CHALLENGES);
      responseHeaders.push({ name: 'WWW-Authenticate', value: c.value });
      planted.push({ needle: JSON.stringify(c.value), kind: 'har-www-authenticate', codes: [c.code] });
      const e = random.pick(RD_AUTH);
      body = JSON.stringify(rdObject(e));
      planted.push({ needle: JSON.stringify(body), kind: 'har-body-rd', codes: [e.code] });
    } else if (roll < 0.7) {
      status = 400;
      statusText = 'Bad Request';
      const picked = [random.pick(RD_FIELD), random.pick(RD_FIELD)];
      body = JSON.stringify({ errors: picked.map((e) => ({ ...rdObject(e), path: `$.${e.field}` })) });
      planted.push({ needle: JSON.stringify(body), kind: 'har-body-rd-errors', codes: picked.map((e) => e.code) });
    } else if (roll < 0.85) {
      status = 429;
      statusText = 'Too Many Requests';
      body = '{"message":"API rate limit exceeded"}';
      planted.push({ needle: JSON.stringify(body), kind: 'har-body-rate-limit', codes: ['rdstation/rate-limit'] });
    } else {
      status = 400;
      statusText = 'Bad Request';
      const e = random.pick(OAUTH);
      body = JSON.stringify({ error: e.error, error_description: e.description });
      planted.push({ needle: JSON.stringify(body), kind: 'har-body-oauth', codes: [e.code] });
    }
  }
  const started = clock.tick();
  const entry = {
    startedDateTime: started,
    time: random.int(20, 900),
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: requestHeaders, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status,
      statusText,
      httpVersion: 'HTTP/1.1',
      headers: responseHeaders,
      cookies: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { blocked: random.int(1, 20) / 10, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: random.int(10, 800), receive: random.int(1, 50) / 10 },
    serverIPAddress: `200.201.202.${random.int(1, 250)}`,
    _priority: 'High',
    _resourceType: 'fetch',
  };
  const text = JSON.stringify(entry, null, 2).replace(/\n/g, '\n      ');
  return { text: `      ${text}`, planted };
}

/** A HAR export of about `sizeMB` with about `payloads` planted items in its error responses. */
export function generateHar(sizeMB: number, payloads: number, seed = DEFAULT_SEED + 1): Generated {
  const random = new Random(seed);
  const clock = new Clock(random);
  const b = new Builder();
  const target = sizeMB * MB;
  b.add('{\n  "log": {\n    "version": "1.2",\n    "creator": {\n      "name": "WebInspector",\n      "version": "537.36"\n    },\n    "pages": [],\n    "entries": [\n');
  let planted = 0;
  let first = true;
  while (b.length < target - 64) {
    const error = planted < payloads && b.length >= (planted * target) / payloads;
    const entry = harEntry(random, clock, error);
    if (!first) b.add(',\n');
    first = false;
    const base = b.length;
    b.add(entry.text);
    for (const part of entry.planted) {
      const at = entry.text.indexOf(part.needle);
      if (at < 0) throw new Error(`generator: ${part.kind} not found in its entry`);
      b.planted.push({ start: base + at, end: base + at + part.needle.length, kind: part.kind, codes: part.codes });
      planted++;
    }
  }
  b.add('\n    ]\n  }\n}\n');
  return b.build();
}

// --- Files ------------------------------------------------------------------------------------

export interface BenchInputs {
  readonly log: Generated;
  readonly har: Generated;
  readonly clean: Generated;
}

export const LOG_PAYLOADS = 10_000;
export const HAR_PAYLOADS = 2_000;

export function generateInputs(sizeMB = 20): BenchInputs {
  return {
    log: generateLog(sizeMB, LOG_PAYLOADS),
    har: generateHar(sizeMB, HAR_PAYLOADS),
    clean: generateLog(sizeMB, 0, DEFAULT_SEED + 2),
  };
}

/** `node out/test/bench/generate.js <dir>`: writes the inputs for a look with other tools. */
if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node out/test/bench/generate.js <dir>');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const inputs = generateInputs();
  writeFileSync(path.join(dir, 'responses.log'), inputs.log.text);
  writeFileSync(path.join(dir, 'session.har'), inputs.har.text);
  writeFileSync(path.join(dir, 'no-payload.log'), inputs.clean.text);
  writeFileSync(path.join(dir, 'edit.log'), generateLog(5, 2_500, DEFAULT_SEED + 3).text);
  console.log(`wrote ${dir}`);
}
