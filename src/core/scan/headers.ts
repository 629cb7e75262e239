import { challengeEntry, RETRY_AFTER } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { Char, isBlank, skipBlanks } from './chars';
import type { FindingDetails } from './types';

/**
 * The response headers that explain an error: `WWW-Authenticate` (and the `x-amzn-remapped-` copy
 * API gateways add) and `Retry-After` (and RD Station's `retry-after-quotas`).
 */

export type HeaderName = 'www-authenticate' | 'x-amzn-remapped-www-authenticate' | 'retry-after' | 'retry-after-quotas';

const KNOWN = new Set<string>(['www-authenticate', 'x-amzn-remapped-www-authenticate', 'retry-after', 'retry-after-quotas']);

/** The longest known name: a longer token around an anchor cannot be one of them. */
export const MAX_HEADER_NAME = 'x-amzn-remapped-www-authenticate'.length;

/** Header values longer than this are read only this far. */
export const MAX_HEADER_VALUE = 8 * 1024;

/** Lengths of the known names: most JSON keys are rejected by length, before any lower-case copy. */
const KNOWN_LENGTHS = new Uint8Array(MAX_HEADER_NAME + 1);
for (const name of KNOWN) KNOWN_LENGTHS[name.length] = 1;

function knownLength(length: number): boolean {
  return length <= MAX_HEADER_NAME && KNOWN_LENGTHS[length] === 1;
}

export function knownHeader(name: string): HeaderName | undefined {
  if (!knownLength(name.length)) return undefined;
  const lower = name.toLowerCase();
  return KNOWN.has(lower) ? (lower as HeaderName) : undefined;
}

export interface HeaderMeaning {
  readonly entry: CatalogEntry;
  readonly details: FindingDetails;
}

/**
 * What a header value says, or `undefined` when it says nothing worth showing (a challenge without
 * an error, a Retry-After that is neither seconds nor a date). `dateHeader` finds the response's
 * `Date`, which turns an HTTP-date Retry-After into seconds; it is asked only for such a value.
 */
export function interpretHeader(name: HeaderName, value: string, dateHeader?: () => string | undefined): HeaderMeaning | undefined {
  if (isChallenge(name)) {
    const params = challengeParams(value);
    const error = params.get('error');
    if (!error) return undefined;
    const description = params.get('error_description');
    const entry = challengeEntry(error, description);
    if (!entry) return undefined;
    return { entry, details: { oauthError: error, ...(description ? { message: description } : {}) } };
  }
  const retry = retryAfter(value, name === 'retry-after-quotas', dateHeader);
  if (!retry) return undefined;
  return {
    entry: RETRY_AFTER,
    details: retry.seconds !== undefined ? { retryAfterSeconds: retry.seconds } : { message: value.trim() },
  };
}

/** A WWW-Authenticate header: what it means depends on its value alone. */
export function isChallenge(name: HeaderName): boolean {
  return name === 'www-authenticate' || name === 'x-amzn-remapped-www-authenticate';
}

/**
 * The auth-params of a challenge (`Bearer realm="…", error="invalid_token"`), names lower-cased,
 * first occurrence kept. Tolerant of missing commas and of unquoted values.
 */
export function challengeParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const text = value.length > MAX_HEADER_VALUE ? value.slice(0, MAX_HEADER_VALUE) : value;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === Char.comma)) i++;
    const nameStart = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    if (i === nameStart) {
      i++; // a character no token contains: step over it
      continue;
    }
    let j = skipBlanks(text, i, n);
    if (text.charCodeAt(j) !== Char.equals || text.charCodeAt(j + 1) === Char.equals) continue; // a scheme name or token68, not a parameter
    const name = text.slice(nameStart, i).toLowerCase();
    j = skipBlanks(text, j + 1, n);
    let paramValue: string;
    if (text.charCodeAt(j) === Char.doubleQuote) {
      const open = ++j;
      let escaped = false;
      for (let c = text.charCodeAt(j); j < n && c !== Char.doubleQuote; c = text.charCodeAt(j)) {
        if (c === Char.backslash && j + 1 < n) {
          escaped = true;
          j++;
        }
        j++;
      }
      // One slice for the whole quoted string; only a quoted-pair (`\"`) needs it rebuilt.
      paramValue = escaped ? text.slice(open, j).replace(QUOTED_PAIR, '$1') : text.slice(open, j);
      j++;
    } else {
      const start = j;
      for (let c = text.charCodeAt(j); j < n && c !== Char.comma && c !== Char.space && c !== Char.tab; c = text.charCodeAt(j)) j++;
      paramValue = text.slice(start, j);
    }
    if (!params.has(name)) params.set(name, paramValue);
    i = j;
  }
  return params;
}

/** RFC 9110 quoted-pair: a backslash and the character it stands for. */
const QUOTED_PAIR = /\\([\s\S])/g;

/** RFC 9110 token characters, by ASCII code. */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&'*+-.^_`|~") TOKEN_CHARS[c.charCodeAt(0)] = 1;

function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN_CHARS[c] === 1;
}

const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const MAX_SECONDS = 10 * 365 * 24 * 3600;

/**
 * Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3); a date becomes seconds only
 * relative to the response's own Date, so the result does not depend on when the file is opened.
 * `lenient` (retry-after-quotas, format undocumented) takes the first number in the value.
 */
export function retryAfter(value: string, lenient: boolean, dateHeader?: () => string | undefined): { seconds?: number } | undefined {
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return { seconds: Math.min(Number(text), MAX_SECONDS) };
  if (IMF_FIXDATE.test(text)) {
    const at = Date.parse(text);
    const date = dateHeader?.()?.trim();
    const now = date !== undefined && IMF_FIXDATE.test(date) ? Date.parse(date) : NaN;
    if (Number.isNaN(at)) return undefined;
    return Number.isNaN(now) ? {} : { seconds: Math.max(0, Math.round((at - now) / 1000)) };
  }
  if (lenient) {
    const match = /^\D{0,32}?(\d{1,10})/.exec(text);
    if (match) return { seconds: Math.min(Number(match[1]), MAX_SECONDS) };
  }
  return undefined;
}
