import { challengeEntry, RETRY_AFTER } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { atLineStart, Char, isBlank, lineEnd, skipBlanks } from './chars';
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

/** How far a response's `Date:` line may be from its Retry-After. */
const DATE_REACH = 4096;
/** A line longer than this holds no header: the rest of it is not read for one. */
const MAX_HEADER_LINE = 1024;

const DATE_LINE = /^[ \t]*(?:<[ \t]*)?date[ \t]*:[ \t]*([^\r\n]*)/gim;
const BLANK_LINE = /\n[ \t]*\r?\n/g;

/**
 * The `Date:` header lines and blank lines around the Retry-After headers asked about, indexed as
 * the lookups move forward through the text: only the stretches within reach of a lookup are read,
 * each once, so one HTTP-date Retry-After in a 20 MB log reads about 8 KB, not the whole log.
 */
export class DateHeaders {
  private dateOffsets: number[] = [];
  private dateValues: string[] = [];
  private blanks: number[] = [];
  /** The index covers [from, until); `until` is a line start, or where a long line was cut. */
  private from = 0;
  private until = 0;
  /** Characters examined so far. */
  work = 0;

  constructor(private readonly text: string) {}

  /** The value of the nearest `Date:` line within 4 KiB of `pos` with no blank line in between. */
  near(pos: number): string | undefined {
    this.cover(Math.max(0, pos - DATE_REACH), Math.min(this.text.length, pos + DATE_REACH));
    const after = firstAtOrAfter(this.dateOffsets, pos);
    let best: { distance: number; value: string } | undefined;
    for (const i of [after - 1, after]) {
      if (i < 0 || i >= this.dateOffsets.length) continue;
      const at = this.dateOffsets[i];
      const distance = Math.abs(at - pos);
      if (distance > DATE_REACH || this.blankBetween(at, pos)) continue;
      if (!best || distance < best.distance) best = { distance, value: this.dateValues[i] };
    }
    return best?.value;
  }

  /**
   * Extends the index over [start, end). Lookups move forward, so when `start` lies past what is
   * indexed, nothing indexed is within reach any more and the index starts over there.
   */
  private cover(start: number, end: number): void {
    if (start > this.until || start < this.from) {
      this.dateOffsets = [];
      this.dateValues = [];
      this.blanks = [];
      this.from = this.until = start;
    }
    if (this.until >= end) return;
    const { text } = this;
    // From a line start: a `Date:` line that starts before it is out of reach.
    const lineStart = atLineStart(text, this.until) ? this.until : lineEnd(text, this.until, end - this.until) + 1;
    this.work += end - this.until;
    if (lineStart > end) {
      this.until = end;
      return;
    }
    // To the end of the line that holds `end` (a longer line is cut), so that the next stretch starts a line.
    const stretchEnd = Math.min(text.length, lineEnd(text, end - 1, MAX_HEADER_LINE) + 1);
    // One character back: a blank line at the stretch's start begins with the break before it.
    const blankBase = Math.max(0, lineStart - 1);
    const stretch = text.slice(blankBase, stretchEnd);
    if (stretch.includes('\r') || stretch.includes('\u2028') || stretch.includes('\u2029')) {
      for (const match of text.slice(lineStart, stretchEnd).matchAll(DATE_LINE)) {
        this.dateOffsets.push(lineStart + match.index);
        this.dateValues.push(match[1].trim());
      }
      for (const match of stretch.matchAll(BLANK_LINE)) this.blanks.push(blankBase + match.index);
    } else {
      this.indexLineFeedStretch(stretch, blankBase, lineStart - blankBase);
    }
    this.work += 2 * (stretchEnd - blankBase);
    this.until = stretchEnd;
  }

  /**
   * What the two expressions find, for a stretch whose only line breaks are line feeds (most
   * files): lines are found with `indexOf` and their heads compared in place, a few times faster.
   * `stretch` starts at `base`, its first line at `firstLine`.
   */
  private indexLineFeedStretch(stretch: string, base: number, firstLine: number): void {
    for (let start = firstLine; ; ) {
      const brk = stretch.indexOf('\n', start);
      const end = brk < 0 ? stretch.length : brk;
      const value = dateValue(stretch, start, end);
      if (value !== undefined) {
        this.dateOffsets.push(base + start);
        this.dateValues.push(value);
      }
      if (brk < 0) break;
      start = brk + 1;
    }
    // BLANK_LINE, matched left to right: a line feed that closed one blank line opens none.
    for (let brk = stretch.indexOf('\n'); brk >= 0; ) {
      const next = stretch.indexOf('\n', brk + 1);
      if (next < 0) break;
      if (onlyBlanks(stretch, brk + 1, next)) {
        this.blanks.push(base + brk);
        brk = stretch.indexOf('\n', next + 1);
      } else {
        brk = next;
      }
    }
  }

  private blankBetween(a: number, b: number): boolean {
    const [from, to] = a < b ? [a, b] : [b, a];
    const i = firstAtOrAfter(this.blanks, from);
    return i < this.blanks.length && this.blanks[i] < to;
  }
}

/** DATE_LINE on the line [start, end) of `text`, which holds no line break: the header's value, trimmed. */
function dateValue(text: string, start: number, end: number): string | undefined {
  let i = skipBlanks(text, start, end - start);
  if (text.charCodeAt(i) === Char.lessThan) i = skipBlanks(text, i + 1, end - i - 1);
  // `date` in any case: ASCII letters differ from their capitals by the 0x20 bit alone.
  if (i + 4 > end || (text.charCodeAt(i) | 0x20) !== 0x64 || (text.charCodeAt(i + 1) | 0x20) !== 0x61 || (text.charCodeAt(i + 2) | 0x20) !== 0x74 || (text.charCodeAt(i + 3) | 0x20) !== 0x65) {
    return undefined;
  }
  i = skipBlanks(text, i + 4, end - i - 4);
  return i < end && text.charCodeAt(i) === Char.colon ? text.slice(i + 1, end).trim() : undefined;
}

function onlyBlanks(text: string, start: number, end: number): boolean {
  return skipBlanks(text, start, end - start) === end;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
