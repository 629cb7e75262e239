import type { JSONScanner } from 'jsonc-parser';
import { httpStatusEntry, STORED_SECRET } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { atLineStart, Char, LineCursor, isBlank, isDigit, isHeaderNameChar, lineEnd, skipBlanks, skipWhitespace, trimEnd } from './chars';
import { decodedToRaw, literalAround, unescapeJson } from './escaped';
import { DateHeaders, interpretHeader, knownHeader, MAX_HEADER_NAME, MAX_HEADER_VALUE, type HeaderName } from './headers';
import { readRegion, regionScanner, type JsonObject, type JsonPath } from './jsonRegion';
import { classifyObject } from './payload';
import { enclosingObjectStart } from './region';
import { matchJwt, matchTokenMember, type TokenKey } from './secrets';
import type { Finding, FindingDetails } from './types';

/**
 * One pass over a text. A prefilter of short `indexOf` anchors (rare first characters, so the
 * engine's fast search does the walking) finds the few places worth a look; each kind of anchor is
 * checked locally, and only then is a bounded JSON region read. Every read moves a floor forward,
 * so no part of the text is read twice by the same kind of work: time stays linear in the length.
 */

const enum Kind {
  ErrorKey,
  StatusLine,
  Jwt,
  SnakeToken,
  CamelToken,
  Header,
  RateLimit,
  ProblemStatus,
  ProblemType,
  Escape,
}

const ANCHORS: readonly { readonly pattern: string; readonly kind: Kind }[] = [
  { pattern: 'rror', kind: Kind.ErrorKey }, // "error", "errors", "error_type", "error_message", "error_description"
  { pattern: 'HTTP/', kind: Kind.StatusLine },
  { pattern: 'yJ', kind: Kind.Jwt }, // eyJ: base64 of `{"`
  { pattern: '_token', kind: Kind.SnakeToken },
  { pattern: 'Token', kind: Kind.CamelToken },
  { pattern: 'WW-', kind: Kind.Header }, // WWW-Authenticate in any case, x-amzn-remapped-www-authenticate
  { pattern: 'ww-', kind: Kind.Header },
  { pattern: 'fter', kind: Kind.Header }, // Retry-After, retry-after(-quotas)
  { pattern: 'FTER', kind: Kind.Header }, // RETRY-AFTER
  { pattern: 'PI rat', kind: Kind.RateLimit }, // "API rate limit exceeded"
  { pattern: 'us"', kind: Kind.ProblemStatus }, // "status": 4xx/5xx
  { pattern: 'ype"', kind: Kind.ProblemType }, // "type": "about:blank" | URI
  { pattern: '\\', kind: Kind.Escape }, // JSON inside a JSON string
];

type Anchor = (typeof ANCHORS)[number];
const anchorSets = new Map<number, readonly Anchor[]>();

/** The anchors to search: without escapes at the deepest level, without tokens when secrets are off. */
function anchorsFor(escapes: boolean, secrets: boolean): readonly Anchor[] {
  const key = (escapes ? 1 : 0) | (secrets ? 2 : 0);
  let set = anchorSets.get(key);
  if (!set) {
    const isSecret = (kind: Kind) => kind === Kind.Jwt || kind === Kind.SnakeToken || kind === Kind.CamelToken;
    set = ANCHORS.filter((anchor) => (escapes || anchor.kind !== Kind.Escape) && (secrets || !isSecret(anchor.kind)));
    anchorSets.set(key, set);
  }
  return set;
}

/** The longest JSON region read from one object start. */
export const MAX_REGION = 128 * 1024;
/** JSON in a string in a string is decoded; deeper nesting is left alone. */
const MAX_ESCAPE_DEPTH = 2;
/** Blanks tolerated before a status line (and after curl's `<`). */
const MAX_INDENT = 16;

export interface ScanOptions {
  /** Report tokens stored in the text (`token/stored-secret`). Default: true. */
  readonly secrets?: boolean;
}

export class Scanner {
  readonly findings: Finding[] = [];
  work = 0;

  /** Anchors below this were inside a decoded string literal. */
  private skipUntil = 0;
  /** Region anchors below this were inside an object already read (also bounds backward walks). */
  private regionFloor = 0;
  private headerFloor = 0;
  private jwtFloor = 0;
  private tokenFloor = 0;
  private lineFloor = 0;
  private escapeFloor = 0;
  /** jsonc-parser's scanner over the text, created for the first region. */
  private regionScanner: JSONScanner | undefined;
  /** `Date:` lines, indexed on the first HTTP-date Retry-After. */
  private dates: DateHeaders | undefined;
  /** Line bounds for escapes, created on the first one. */
  private lines: LineCursor | undefined;

  private readonly onObject = (object: JsonObject, path: () => JsonPath): void => {
    classifyObject(object, path, this.findings);
  };

  constructor(
    private readonly text: string,
    private readonly options: ScanOptions,
    private readonly depth: number,
  ) {}

  run(): void {
    const { text } = this;
    const anchors = anchorsFor(this.depth < MAX_ESCAPE_DEPTH, this.options.secrets !== false);
    const next: number[] = [];
    for (const anchor of anchors) next.push(text.indexOf(anchor.pattern));
    this.work += text.length * anchors.length;
    for (;;) {
      // The nearest pending anchor, and the one after it: hits of the nearest kind before the
      // runner-up are handled in a row, without comparing every kind again.
      let best = -1;
      let bestPos = Infinity;
      let secondPos = Infinity;
      for (let i = 0; i < anchors.length; i++) {
        let pos = next[i];
        if (pos < 0) continue;
        const floor = this.floorOf(anchors[i].kind);
        if (pos < floor) {
          pos = next[i] = text.indexOf(anchors[i].pattern, floor);
          if (pos < 0) continue;
        }
        if (pos < bestPos) {
          secondPos = bestPos;
          bestPos = pos;
          best = i;
        } else if (pos < secondPos) {
          secondPos = pos;
        }
      }
      if (best < 0) return;
      const { pattern, kind } = anchors[best];
      let pos = bestPos;
      do {
        this.visit(kind, pos);
        pos = text.indexOf(pattern, Math.max(pos + 1, this.floorOf(kind)));
      } while (pos >= 0 && pos < secondPos);
      next[best] = pos;
    }
  }

  /** Findings in document order, each payload, header, status line and token once. */
  result(): Finding[] {
    const sorted = this.findings.slice().sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Finding[] = [];
    for (const finding of sorted) {
      const twin = out.length > 0 ? out[out.length - 1] : undefined;
      if (twin && twin.start === finding.start && twin.end === finding.end && twin.entry.code === finding.entry.code && twin.kind === finding.kind) {
        // A JWT that is also an access_token value: keep the member's more precise kind.
        if (twin.details.secretKind === 'jwt' && finding.details.secretKind !== 'jwt') out[out.length - 1] = finding;
        continue;
      }
      out.push(finding);
    }
    return out;
  }

  private floorOf(kind: Kind): number {
    switch (kind) {
      case Kind.ErrorKey:
      case Kind.RateLimit:
      case Kind.ProblemStatus:
      case Kind.ProblemType:
        return Math.max(this.skipUntil, this.regionFloor);
      case Kind.Header:
        return Math.max(this.skipUntil, this.headerFloor);
      case Kind.Jwt:
        return Math.max(this.skipUntil, this.jwtFloor);
      case Kind.SnakeToken:
      case Kind.CamelToken:
        return Math.max(this.skipUntil, this.tokenFloor);
      case Kind.StatusLine:
        return Math.max(this.skipUntil, this.lineFloor);
      case Kind.Escape:
        return Math.max(this.skipUntil, this.escapeFloor);
    }
  }

  private visit(kind: Kind, pos: number): void {
    switch (kind) {
      case Kind.ErrorKey:
        return this.errorKey(pos);
      case Kind.StatusLine:
        return this.statusLine(pos);
      case Kind.Jwt:
        return this.jwt(pos);
      case Kind.SnakeToken:
        return this.tokenMember(pos, '_token'.length);
      case Kind.CamelToken:
        return this.tokenMember(pos, 'Token'.length);
      case Kind.Header:
        return this.header(pos);
      case Kind.RateLimit:
        return this.rateLimit(pos);
      case Kind.ProblemStatus:
        return this.problemStatus(pos);
      case Kind.ProblemType:
        return this.problemType(pos);
      case Kind.Escape:
        return this.escape(pos);
    }
  }

  private add(entry: CatalogEntry, kind: Finding['kind'], start: number, end: number, details: FindingDetails): void {
    this.findings.push({ entry, severity: entry.severity, kind, start, end, details });
  }

  /** A key quote that is itself escaped belongs to JSON inside a string: the escape anchor reads it decoded. */
  private isEscapedQuote(quote: number): boolean {
    return quote > 0 && this.text.charCodeAt(quote - 1) === Char.backslash;
  }

  // --- JSON payloads ---

  /** `pos` is at `rror` of a key: `"error"`, `"errors"`, `"error_type"`, `"error_message"`, `"error_description"`. */
  private errorKey(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(pos - 1) !== Char.e || text.charCodeAt(quote) !== Char.doubleQuote || this.isEscapedQuote(quote)) return;
    let keyEnd: number; // offset of the key's closing quote
    let accepts: (c: number) => boolean;
    const isString = (c: number) => c === Char.doubleQuote;
    if (text.startsWith('rror"', pos)) {
      keyEnd = pos + 4;
      accepts = isString; // "error": "<code>"; an object or null is not an OAuth error
    } else if (text.startsWith('rrors"', pos)) {
      keyEnd = pos + 5;
      accepts = (c) => c === Char.openBrace || c === Char.openBracket;
    } else if (text.startsWith('rror_type"', pos)) {
      keyEnd = pos + 9;
      accepts = isString; // an object here is a JSON schema, not an error
    } else if (text.startsWith('rror_message"', pos)) {
      keyEnd = pos + 12;
      accepts = isString;
    } else if (text.startsWith('rror_description"', pos)) {
      keyEnd = pos + 16;
      accepts = isString;
    } else {
      return;
    }
    const colon = skipWhitespace(text, keyEnd + 1, 256);
    if (text.charCodeAt(colon) !== Char.colon) return;
    const value = skipWhitespace(text, colon + 1, 256);
    const first = text.charCodeAt(value);
    if (!accepts(first)) return;
    if (first !== Char.doubleQuote) {
      // `"errors": []` and `"errors": {}` hold nothing.
      const inner = skipWhitespace(text, value + 1, 256);
      const c = text.charCodeAt(inner);
      if (c === Char.closeBracket || c === Char.closeBrace) return;
    }
    this.region(quote);
  }

  /** `pos` is at `us"` of `"status"`: only a 4xx/5xx number makes it worth reading. */
  private problemStatus(pos: number): void {
    const { text } = this;
    const quote = pos - 5;
    if (quote < 0 || !text.startsWith('"stat', quote) || this.isEscapedQuote(quote)) return;
    const colon = skipWhitespace(text, pos + 3, 256);
    if (text.charCodeAt(colon) !== Char.colon) return;
    const v = skipWhitespace(text, colon + 1, 256);
    const c = text.charCodeAt(v);
    if ((c !== 0x34 && c !== 0x35) || !isDigit(text.charCodeAt(v + 1)) || !isDigit(text.charCodeAt(v + 2))) return;
    const after = text.charCodeAt(v + 3);
    if (isDigit(after) || after === Char.dot) return;
    this.region(quote);
  }

  /** `pos` is at `ype"` of `"type"`: a problem type is a URI reference. */
  private problemType(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(quote) !== Char.doubleQuote || text.charCodeAt(pos - 1) !== 0x74 /* t */ || this.isEscapedQuote(quote)) return;
    const colon = skipWhitespace(text, pos + 4, 256);
    if (text.charCodeAt(colon) !== Char.colon) return;
    const v = skipWhitespace(text, colon + 1, 256);
    if (text.charCodeAt(v) !== Char.doubleQuote) return;
    const head = text.slice(v + 1, v + 9).toLowerCase();
    if (!/^(?:about:|https?:\/\/|urn:|tag:|\/)/.test(head)) return;
    this.region(quote);
  }

  /** `pos` is at `PI rat` of the gateway's `"API rate limit exceeded"`. */
  private rateLimit(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(quote) !== Char.doubleQuote || text.charCodeAt(pos - 1) !== Char.A || this.isEscapedQuote(quote)) return;
    if (!text.startsWith('PI rate limit exceeded"', pos)) return;
    this.region(quote);
  }

  /** Reads the object around the string token that starts at `quote`, and everything nested in it. */
  private region(quote: number): void {
    if (quote < this.regionFloor) return;
    const back = enclosingObjectStart(this.text, quote, this.regionFloor);
    this.work += back.examined;
    if (back.start < 0) {
      this.regionFloor = Math.max(this.regionFloor, quote + 1);
      return;
    }
    const limit = Math.min(this.text.length, back.start + MAX_REGION);
    this.regionScanner ??= regionScanner(this.text);
    const { end } = readRegion(this.regionScanner, back.start, limit, this.onObject);
    this.work += end - back.start;
    this.regionFloor = Math.max(this.regionFloor, end, quote + 1);
  }

  // --- Status lines and headers ---

  /** `pos` is at `HTTP/`: a status line starts a line (curl -v prefixes `< `). */
  private statusLine(pos: number): void {
    const { text } = this;
    let start = pos;
    let indent = 0;
    while (start > 0 && indent < MAX_INDENT && isBlank(text.charCodeAt(start - 1))) {
      start--;
      indent++;
    }
    if (start > 0 && text.charCodeAt(start - 1) === Char.lessThan) {
      start--;
      while (start > 0 && indent < 2 * MAX_INDENT && isBlank(text.charCodeAt(start - 1))) {
        start--;
        indent++;
      }
    }
    if (!atLineStart(text, start)) return;
    const end = lineEnd(text, pos, 512);
    this.lineFloor = end;
    const match = /^HTTP\/[0-9](?:\.[0-9])? +([1-5][0-9]{2})(?:[ \t]|$)/.exec(text.slice(pos, end));
    if (!match) return;
    const status = Number(match[1]);
    const entry = httpStatusEntry(status);
    if (entry) this.add(entry, 'status', pos, trimEnd(text, pos, end), { status });
  }

  /** `pos` is inside a header name: `Name: value` on a line, or a JSON string (HAR, header maps). */
  private header(pos: number): void {
    const { text } = this;
    let start = pos;
    const startMin = Math.max(0, pos - MAX_HEADER_NAME);
    while (start > startMin && isHeaderNameChar(text.charCodeAt(start - 1))) start--;
    let end = pos;
    const endMax = Math.min(text.length, pos + MAX_HEADER_NAME + 1);
    while (end < endMax && isHeaderNameChar(text.charCodeAt(end))) end++;
    if ((start > 0 && isHeaderNameChar(text.charCodeAt(start - 1))) || end === endMax) return;
    const name = knownHeader(text.slice(start, end));
    if (!name) return;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const after = text.charCodeAt(end);
    if (before === Char.doubleQuote && after === Char.doubleQuote) {
      if (!this.isEscapedQuote(start - 1)) this.region(start - 1);
      return;
    }
    const colon = skipBlanks(text, end, 16);
    if (text.charCodeAt(colon) !== Char.colon) return;
    const valueStart = skipBlanks(text, colon + 1, 64);
    const valueEnd = trimEnd(text, valueStart, lineEnd(text, valueStart, MAX_HEADER_VALUE));
    this.headerFloor = Math.max(this.headerFloor, valueEnd);
    if (valueEnd <= valueStart) return;
    this.work += valueEnd - start;
    const meaning = interpretHeader(name as HeaderName, text.slice(valueStart, valueEnd), () => this.dateHeaderNear(start));
    if (meaning) this.add(meaning.entry, 'header', valueStart, valueEnd, meaning.details);
  }

  /** The `Date` of the same header block, for an HTTP-date Retry-After. */
  private dateHeaderNear(nameStart: number): string | undefined {
    if (!this.dates) {
      this.dates = new DateHeaders(this.text);
      this.work += this.dates.work;
    }
    return this.dates.near(nameStart);
  }

  // --- Stored tokens ---

  /** `pos` is at `yJ`: a JWT starts one character earlier. */
  private jwt(pos: number): void {
    const start = pos - 1;
    if (start < 0 || this.text.charCodeAt(start) !== Char.e) return;
    const { span, scanned } = matchJwt(this.text, start);
    this.jwtFloor = Math.max(this.jwtFloor, scanned);
    this.work += scanned - start;
    if (span) this.add(STORED_SECRET, 'secret', span.start, span.end, { secretKind: 'jwt' });
  }

  /**
   * `pos` is at `_token` (suffixLength 6) or `Token` (5) of `"access_token"`, `"refresh_token"`,
   * `"accessToken"` or `"refreshToken"`.
   */
  private tokenMember(pos: number, suffixLength: number): void {
    const { text } = this;
    let kind: TokenKey;
    let keyStart: number;
    if (text.startsWith('access', pos - 6)) {
      kind = 'access_token';
      keyStart = pos - 6;
    } else if (text.startsWith('refresh', pos - 7)) {
      kind = 'refresh_token';
      keyStart = pos - 7;
    } else {
      return;
    }
    const keyLength = pos - keyStart + suffixLength;
    const { span, scanned } = matchTokenMember(text, keyStart - 1, keyLength);
    this.tokenFloor = Math.max(this.tokenFloor, scanned);
    this.work += scanned - keyStart;
    if (span) this.add(STORED_SECRET, 'secret', span.start, span.end, { secretKind: kind });
  }

  // --- JSON inside strings ---

  /** `pos` is at a backslash: an escaped quote or line break means text inside a string worth decoding. */
  private escape(pos: number): void {
    const { text } = this;
    let run = pos;
    while (run < text.length && run - pos < 16 && text.charCodeAt(run) === Char.backslash) run++;
    const escaped = text.charCodeAt(run);
    if ((run - pos) % 2 === 0 || (escaped !== Char.doubleQuote && escaped !== 0x6e /* n */ && escaped !== 0x72 /* r */)) return;
    this.lines ??= new LineCursor(text);
    const search = literalAround(text, pos, Math.max(this.skipUntil, this.escapeFloor), this.lines.start(pos), this.lines.end(pos));
    this.work += search.examined;
    this.escapeFloor = Math.max(this.escapeFloor, search.searchedUntil);
    const literal = search.literal;
    if (!literal) return;
    this.skipUntil = Math.max(this.skipUntil, literal.end, pos + 1);
    const raw = text.slice(literal.contentStart, literal.contentEnd);
    const decoded = unescapeJson(raw);
    const inner = new Scanner(decoded, this.options, this.depth + 1);
    inner.run();
    this.work += raw.length + inner.work;
    let offsets: Uint32Array | undefined;
    for (const finding of inner.result()) {
      if (finding.kind === 'payload') {
        // A payload inside a string is shown on the whole literal: that is what a reader can select.
        this.findings.push({ ...finding, start: literal.start, end: literal.end });
      } else {
        offsets ??= decodedToRaw(raw);
        const start = literal.contentStart + offsets[Math.min(finding.start, offsets.length - 1)];
        const end = literal.contentStart + offsets[Math.min(finding.end, offsets.length - 1)];
        this.findings.push({ ...finding, start, end });
      }
    }
  }
}
