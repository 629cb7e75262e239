import { httpStatusEntry, STORED_SECRET } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { AnchorFinder, type Anchor } from './anchors';
import { atLineStart, backslashesBefore, Char, LineCursor, isBlank, isDigit, isHeaderNameChar, lineEnd, skipBlanks, skipWhitespace, trimEnd } from './chars';
import { decodedToRaw, literalAround, unescapeJson } from './escaped';
import { DateHeaders } from './dateHeaders';
import { interpretHeader, isChallenge, knownHeader, MAX_HEADER_NAME, MAX_HEADER_VALUE, type HeaderMeaning, type HeaderName } from './headers';
import { readRegion, regionScanner, type JsonObject, type JsonPath, type RegionScanner } from './jsonRegion';
import { MAX_REMEMBERED, regionKey, TextMemo } from './memo';
import { classifyObject } from './payload';
import { enclosingObjectStart } from './region';
import { matchJwt, matchTokenMember, type TokenKey } from './secrets';
import type { Finding, FindingDetails } from './types';

/**
 * One pass over a text. A prefilter (`anchors.ts`, a SIMD pass) finds every short anchor that a
 * finding needs, the few places worth a look; each kind of anchor is checked locally, and only then
 * is a bounded JSON region read. JSON inside a string (`\"error\"`) is decoded only when an anchor
 * inside it passes the same local check, never for every escape. Every read moves a floor forward,
 * so no part of the text is read twice by the same kind of work: time stays linear in the length.
 * A region or literal whose exact text was read before in the same scan is not read again: its
 * findings are recalled (`memo.ts`), as logs repeat the same error bodies.
 */

const enum Kind {
  ErrorKey,
  StatusLine,
  Jwt,
  TokenKey,
  Header,
  RateLimit,
  ProblemStatus,
  ProblemType,
}

/**
 * What each kind of finding is found by. Buckets group anchors for the prefilter's kernel: the
 * variants of one anchor share one (its case, its quote or the backslash escaping it), as do the
 * two upper-case anchors; `J` has one alone (any two bytes may follow it), and so does each anchor
 * led by a common lower-case letter.
 */
export const ANCHORS: readonly (Anchor & { readonly kind: Kind })[] = [
  { pattern: 'rror', kind: Kind.ErrorKey, bucket: 0 }, // "error", "errors", "error_type", "error_message", "error_description"
  { pattern: 'HTTP/', kind: Kind.StatusLine, bucket: 1 },
  { pattern: 'J', kind: Kind.Jwt, bucket: 2 }, // eyJ: base64 of `{"`
  { pattern: 'ken', kind: Kind.TokenKey, bucket: 3 }, // access_token, refresh_token, accessToken, refreshToken
  { pattern: 'WW-', kind: Kind.Header, bucket: 4 }, // WWW-Authenticate in any case, x-amzn-remapped-www-authenticate
  { pattern: 'ww-', kind: Kind.Header, bucket: 4 },
  { pattern: 'y-', kind: Kind.Header, bucket: 5 }, // Retry-After, retry-after(-quotas)
  { pattern: 'Y-', kind: Kind.Header, bucket: 5 }, // RETRY-AFTER
  { pattern: 'PI rat', kind: Kind.RateLimit, bucket: 1 }, // "API rate limit exceeded"
  // The key's closing quote, or the backslash that escapes it, is part of the anchor: "status" and
  // "type" keys are common in success bodies too, and the words that merely contain them (`usage`,
  // `typeName`) would each cost a check.
  { pattern: 'us"', kind: Kind.ProblemStatus, bucket: 6 }, // "status": 4xx/5xx
  { pattern: 'us\\', kind: Kind.ProblemStatus, bucket: 6 },
  { pattern: 'ype"', kind: Kind.ProblemType, bucket: 7 }, // "type": "about:blank" | URI
  { pattern: 'ype\\', kind: Kind.ProblemType, bucket: 7 },
];

type ScannerAnchor = (typeof ANCHORS)[number];
let withSecrets: AnchorFinder<ScannerAnchor> | undefined;
let withoutSecrets: AnchorFinder<ScannerAnchor> | undefined;

/** The prefilter for the anchors a scan needs, built on first use. */
function anchorFinder(secrets: boolean): AnchorFinder<ScannerAnchor> {
  if (secrets) return (withSecrets ??= new AnchorFinder(ANCHORS));
  return (withoutSecrets ??= new AnchorFinder(ANCHORS.filter((anchor) => anchor.kind !== Kind.Jwt && anchor.kind !== Kind.TokenKey)));
}

/** The longest JSON region read from one object start. */
export const MAX_REGION = 128 * 1024;
/** JSON in a string in a string is decoded; deeper nesting is left alone. */
const MAX_ESCAPE_DEPTH = 2;
/** Blanks tolerated before a status line (and after curl's `<`). */
const MAX_INDENT = 16;
/** Backslashes looked at before a quote: JSON escaped this many times over is not read. */
const MAX_ESCAPES = 8;

export interface ScanOptions {
  /** Report tokens stored in the text (`token/stored-secret`). Default: true. */
  readonly secrets?: boolean;
  /**
   * Remember what each region and decoded string held, so that a repeated one is not read again
   * (`memo.ts`). Default: true; false reads every one, which the benchmark uses to show what a scan
   * costs when nothing repeats.
   */
  readonly remember?: boolean;
}

/** A finding of a decoded string literal, relative to the literal's content. */
interface LiteralFinding {
  readonly finding: Finding;
  /** A payload: shown on the whole literal, quotes included. */
  readonly whole: boolean;
  readonly start: number;
  readonly end: number;
}

export class Scanner {
  readonly findings: Finding[] = [];
  work = 0;

  /** Anchors below this were inside a decoded string literal. */
  private skipUntil = 0;
  /** Objects below this were read already (also bounds backward walks). */
  private regionFloor = 0;
  private headerFloor = 0;
  private jwtFloor = 0;
  private tokenFloor = 0;
  private lineFloor = 0;
  /** Literals below this were searched for already. */
  private escapeFloor = 0;
  /** The first backslash at or after the last literal looked at (text length when none). */
  private nextBackslash = -1;
  /** The region tokenizer over the text, created for the first region. */
  private regionScanner: RegionScanner | undefined;
  /** `Date:` lines near the HTTP-date Retry-After headers, indexed as they come. */
  private dates: DateHeaders | undefined;
  /** Line bounds for literals, created on the first one. */
  private lines: LineCursor | undefined;
  /**
   * Regions read in this scan, by their text, findings relative to their start. Only regions of the
   * scanned text itself: a key cut from a decoded string would keep the whole string alive.
   */
  private readonly regions: TextMemo<readonly Finding[]> | undefined;
  /** String literals decoded by this scanner, by their escaped content. */
  private literals: TextMemo<readonly LiteralFinding[]> | undefined;
  /** What each WWW-Authenticate value said (null: nothing), by its text: logs repeat their challenges. */
  private challenges: TextMemo<HeaderMeaning | null> | undefined;

  private readonly onObject = (object: JsonObject, path: () => JsonPath): void => {
    classifyObject(object, path, this.findings);
  };

  constructor(
    private readonly text: string,
    private readonly options: ScanOptions,
    private readonly depth: number,
    /** The region scanner of the text this one was decoded from, whose reader it borrows. */
    private readonly outer?: RegionScanner,
    /** The memo of the scan's regions (depth 0 only); a scan starts its own. */
    regions?: TextMemo<readonly Finding[]>,
  ) {
    this.regions = depth === 0 ? (regions ?? new TextMemo(this.capacity())) : undefined;
  }

  /** How many pieces a memo of this scan keeps. */
  private capacity(): number {
    return this.options.remember === false ? 0 : MAX_REMEMBERED;
  }

  run(): void {
    const finder = anchorFinder(this.options.secrets !== false);
    const { anchors } = finder;
    this.work += this.text.length;
    finder.forEach(this.text, (index, pos) => {
      const { kind } = anchors[index];
      // An anchor below its kind's floor lies inside something read already.
      if (pos >= this.floorOf(kind)) this.visit(kind, pos);
    });
  }

  /** Findings in document order, each payload, header, status line and token once. */
  result(): Finding[] {
    // Findings usually come in document order already, and the sort is then skipped.
    const sorted = inOrder(this.findings) ? this.findings : this.findings.slice().sort(byPosition);
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
        // Not the region floor: a string inside an object already read may still hold escaped JSON.
        return this.skipUntil;
      case Kind.Header:
        return Math.max(this.skipUntil, this.headerFloor);
      case Kind.Jwt:
        return Math.max(this.skipUntil, this.jwtFloor);
      case Kind.TokenKey:
        return Math.max(this.skipUntil, this.tokenFloor);
      case Kind.StatusLine:
        return Math.max(this.skipUntil, this.lineFloor);
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
      case Kind.TokenKey:
        return this.tokenKey(pos);
      case Kind.Header:
        return this.header(pos);
      case Kind.RateLimit:
        return this.rateLimit(pos);
      case Kind.ProblemStatus:
        return this.problemStatus(pos);
      case Kind.ProblemType:
        return this.problemType(pos);
    }
  }

  private add(entry: CatalogEntry, kind: Finding['kind'], start: number, end: number, details: FindingDetails): void {
    this.findings.push({ entry, severity: entry.severity, kind, start, end, details });
  }

  /**
   * How many backslashes escape the quote at `quote`: 0 for a quote of the text's own JSON, 1 for
   * one of JSON inside a string, 3 for JSON inside a string inside a string.
   */
  private escapesOf(quote: number): number {
    const run = backslashesBefore(this.text, quote, Math.max(0, quote - MAX_ESCAPES));
    return run % 2 === 1 ? run : 0;
  }

  /**
   * The key whose quote is at `quote` is the text's own (no backslash escapes it) and lies in an
   * object read already: what it could show was found then. Checked first, as most keys of a
   * payload come after the one that had it read.
   */
  private readAlready(quote: number): boolean {
    return quote < this.regionFloor && this.text.charCodeAt(quote - 1) !== Char.backslash;
  }

  /** A key that passed its check: read its object, or, inside a string, the string decoded. */
  private found(quote: number, escapes: number, pos: number): void {
    if (escapes > 0) this.escapeAt(pos);
    else this.region(quote);
  }

  // --- JSON payloads ---

  /** `pos` is at `rror` of a key: `"error"`, `"errors"`, `"error_type"`, `"error_message"`, `"error_description"`. */
  private errorKey(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(pos - 1) !== Char.e || text.charCodeAt(quote) !== Char.doubleQuote || this.readAlready(quote)) return;
    let keyEnd: number; // offset just after the key's name
    let container = false; // "errors": an object or an array; the others hold a string
    const next = text.charCodeAt(pos + 4);
    if (next === Char.doubleQuote || next === Char.backslash) {
      keyEnd = pos + 4; // "error": "<code>"; an object or null is not an OAuth error
    } else if (next === 0x73 /* s */) {
      keyEnd = pos + 5;
      container = true;
    } else if (next === Char.underscore && text.startsWith('type', pos + 5)) {
      keyEnd = pos + 9; // an object here is a JSON schema, not an error
    } else if (next === Char.underscore && text.startsWith('message', pos + 5)) {
      keyEnd = pos + 12;
    } else if (next === Char.underscore && text.startsWith('description', pos + 5)) {
      keyEnd = pos + 16;
    } else {
      return;
    }
    const escapes = this.escapesOf(quote);
    const value = valueAfterKey(text, keyEnd, escapes);
    if (value < 0) return;
    if (container) {
      const first = text.charCodeAt(value);
      if (first !== Char.openBrace && first !== Char.openBracket) return;
      // `"errors": []` and `"errors": {}` hold nothing.
      const c = text.charCodeAt(skipWhitespace(text, value + 1, 256));
      if (c === Char.closeBracket || c === Char.closeBrace) return;
    } else if (quoteAt(text, value, escapes) < 0) {
      return;
    }
    this.found(quote, escapes, pos);
  }

  /** `pos` is at `us` of `"status"` (then its closing quote): only a 4xx/5xx number makes it worth reading. */
  private problemStatus(pos: number): void {
    const { text } = this;
    const quote = pos - 5;
    // `"stat` before `us`, compared in place.
    if (quote < 0 || text.charCodeAt(pos - 1) !== 0x74 /* t */ || text.charCodeAt(pos - 2) !== Char.a || text.charCodeAt(pos - 3) !== 0x74 /* t */ || text.charCodeAt(pos - 4) !== 0x73 /* s */ || text.charCodeAt(quote) !== Char.doubleQuote || this.readAlready(quote)) return;
    const escapes = this.escapesOf(quote);
    const v = valueAfterKey(text, pos + 2, escapes);
    if (v < 0) return;
    const c = text.charCodeAt(v);
    if ((c !== 0x34 && c !== 0x35) || !isDigit(text.charCodeAt(v + 1)) || !isDigit(text.charCodeAt(v + 2))) return;
    const after = text.charCodeAt(v + 3);
    if (isDigit(after) || after === Char.dot) return;
    this.found(quote, escapes, pos);
  }

  /** `pos` is at `ype` of `"type"` (then its closing quote): a problem type is a URI reference. */
  private problemType(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(pos - 1) !== 0x74 /* t */ || text.charCodeAt(quote) !== Char.doubleQuote || this.readAlready(quote)) return;
    // `"type":"consent"`, as most success bodies write it: the value's first letter decides.
    if (text.charCodeAt(pos + 4) === Char.colon && text.charCodeAt(pos + 5) === Char.doubleQuote && !mayStartUri(text.charCodeAt(pos + 6))) return;
    const escapes = this.escapesOf(quote);
    const v = valueAfterKey(text, pos + 3, escapes);
    if (v < 0) return;
    const head = quoteAt(text, v, escapes);
    if (head < 0 || !startsLikeUri(text, head)) return;
    this.found(quote, escapes, pos);
  }

  /** `pos` is at `PI rat` of the gateway's `"API rate limit exceeded"`. */
  private rateLimit(pos: number): void {
    const { text } = this;
    const quote = pos - 2;
    if (quote < 0 || text.charCodeAt(quote) !== Char.doubleQuote || text.charCodeAt(pos - 1) !== Char.A || this.readAlready(quote)) return;
    if (!text.startsWith(RATE_LIMIT_TAIL, pos)) return;
    const escapes = this.escapesOf(quote);
    if (quoteAt(text, pos + RATE_LIMIT_TAIL.length, escapes) < 0) return;
    this.found(quote, escapes, pos);
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
    const start = back.start;
    const key = this.regions ? regionKey(this.text, start) : undefined;
    const remembered = key !== undefined ? this.regions?.get(key) : undefined;
    let end: number;
    if (key !== undefined && remembered !== undefined) {
      for (const f of remembered) this.add(f.entry, f.kind, start + f.start, start + f.end, f.details);
      end = start + key.length;
    } else {
      const limit = Math.min(this.text.length, start + MAX_REGION);
      this.regionScanner ??= regionScanner(this.text, this.outer);
      const before = this.findings.length;
      const read = readRegion(this.regionScanner, start, limit, this.onObject);
      end = read.end;
      if (key !== undefined && read.rootClosed && end === start + key.length) {
        this.regions?.set(key, this.findings.slice(before).map((f) => ({ ...f, start: f.start - start, end: f.end - start })));
      }
    }
    this.work += end - start;
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
    if (!atLineStart(text, start)) {
      // A status line inside a string: right after its quote or an escaped line break (looked at
      // first: most `HTTP/` in the middle of a line are a request line's version).
      const before = start > 0 ? text.charCodeAt(start - 1) : -1;
      const inString = before === Char.doubleQuote || ((before === 0x6e /* n */ || before === 0x72) /* r */ && start > 1 && text.charCodeAt(start - 2) === Char.backslash);
      if (inString && looksLikeStatusLine(text, pos)) this.escapeAt(pos);
      return;
    }
    const end = lineEnd(text, pos, 512);
    this.lineFloor = end;
    const status = statusCodeOf(text, pos, end);
    if (status < 0) return;
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
    if (!name) {
      // `\nRetry-After: …` inside a string: the letter of the escaped line break joined the name.
      const first = text.charCodeAt(start);
      if ((first === 0x6e /* n */ || first === 0x72 /* r */) && start > 0 && text.charCodeAt(start - 1) === Char.backslash && knownHeader(text.slice(start + 1, end))) {
        this.escapeAt(pos);
      }
      return;
    }
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const after = text.charCodeAt(end);
    if (before === Char.doubleQuote) {
      if (this.escapesOf(start - 1) > 0) {
        if (this.escapeAt(pos)) return; // a header name in JSON inside a string
      } else if (after === Char.doubleQuote) {
        this.region(start - 1); // a HAR name/value pair, a header map
        return;
      }
    }
    const colon = skipBlanks(text, end, 16);
    if (text.charCodeAt(colon) !== Char.colon) return;
    const valueStart = skipBlanks(text, colon + 1, 64);
    const valueEnd = trimEnd(text, valueStart, lineEnd(text, valueStart, MAX_HEADER_VALUE));
    this.headerFloor = Math.max(this.headerFloor, valueEnd);
    if (valueEnd <= valueStart) return;
    const value = text.slice(valueStart, valueEnd);
    // `"WWW-Authenticate: Bearer error=\"invalid_token\""`: a header line inside a string, read decoded.
    if (value.includes('\\') && this.escapeAt(pos)) return;
    this.work += valueEnd - start;
    const header = name as HeaderName;
    const meaning = isChallenge(header) ? this.challengeMeaning(header, value) : interpretHeader(header, value, () => this.dateHeaderNear(start));
    if (meaning) this.add(meaning.entry, 'header', valueStart, valueEnd, meaning.details);
  }

  private challengeMeaning(name: HeaderName, value: string): HeaderMeaning | undefined {
    this.challenges ??= new TextMemo(this.capacity());
    const known = this.challenges.get(value);
    if (known !== undefined) return known ?? undefined;
    const meaning = interpretHeader(name, value);
    this.challenges.set(value, meaning ?? null);
    return meaning;
  }

  /** The `Date` of the same header block, for an HTTP-date Retry-After. */
  private dateHeaderNear(nameStart: number): string | undefined {
    this.dates ??= new DateHeaders(this.text);
    const before = this.dates.work;
    const date = this.dates.near(nameStart);
    this.work += this.dates.work - before;
    return date;
  }

  // --- Stored tokens ---

  /** `pos` is at the `J` of `eyJ`, where a JWT starts. */
  private jwt(pos: number): void {
    const start = pos - 2;
    if (start < 0 || this.text.charCodeAt(start) !== Char.e || this.text.charCodeAt(pos - 1) !== 0x79 /* y */) return;
    const { span, scanned } = matchJwt(this.text, start);
    this.jwtFloor = Math.max(this.jwtFloor, scanned);
    this.work += scanned - start;
    if (span) this.add(STORED_SECRET, 'secret', span.start, span.end, { secretKind: 'jwt' });
  }

  /** `pos` is at `ken` of `"access_token"`, `"refresh_token"`, `"accessToken"` or `"refreshToken"`. */
  private tokenKey(pos: number): void {
    const { text } = this;
    let suffix: number; // offset of `_token` or `Token`
    if (text.charCodeAt(pos - 1) === 0x6f /* o */ && text.charCodeAt(pos - 2) === 0x54 /* T */) suffix = pos - 2;
    else if (text.startsWith('_to', pos - 3)) suffix = pos - 3;
    else return;
    let kind: TokenKey;
    let keyStart: number;
    if (text.startsWith('access', suffix - 6)) {
      kind = 'access_token';
      keyStart = suffix - 6;
    } else if (text.startsWith('refresh', suffix - 7)) {
      kind = 'refresh_token';
      keyStart = suffix - 7;
    } else {
      return;
    }
    const quote = keyStart - 1;
    if (quote < 0 || text.charCodeAt(quote) !== Char.doubleQuote) return;
    const escapes = this.escapesOf(quote);
    if (escapes > 0) {
      if (quoteAt(text, pos + 3, escapes) >= 0) this.escapeAt(pos);
      return;
    }
    const { span, scanned } = matchTokenMember(text, quote, pos + 3 - keyStart);
    this.tokenFloor = Math.max(this.tokenFloor, scanned);
    this.work += scanned - keyStart;
    if (span) this.add(STORED_SECRET, 'secret', span.start, span.end, { secretKind: kind });
  }

  // --- JSON inside strings ---

  /**
   * `pos` is inside JSON inside a string, at an anchor that passed its check: the string literal
   * around it (or the bare escaped JSON of its line) is decoded once and scanned as text of its own,
   * and its findings mapped back. Returns false when there is no such literal, or it holds no escape.
   */
  private escapeAt(pos: number): boolean {
    if (this.depth >= MAX_ESCAPE_DEPTH) return false;
    const { text } = this;
    const floor = Math.max(this.skipUntil, this.escapeFloor);
    if (pos < floor) return false;
    this.lines ??= new LineCursor(text);
    const search = literalAround(text, pos, floor, this.lines.start(pos), this.lines.end(pos));
    this.work += search.examined;
    this.escapeFloor = Math.max(this.escapeFloor, search.searchedUntil);
    const literal = search.literal;
    if (!literal || pos < literal.contentStart || pos >= literal.contentEnd) return false;
    // Literals start at or after the previous one: the next backslash is searched for once per stretch.
    if (this.nextBackslash < literal.contentStart) {
      const next = text.indexOf('\\', literal.contentStart);
      this.nextBackslash = next < 0 ? text.length : next;
    }
    if (this.nextBackslash >= literal.contentEnd) return false;
    this.skipUntil = Math.max(this.skipUntil, literal.end, pos + 1);
    const raw = text.slice(literal.contentStart, literal.contentEnd);
    this.literals ??= new TextMemo(this.capacity());
    let found = this.literals.get(raw);
    if (found === undefined) {
      found = this.decodedFindings(raw);
      this.literals.set(raw, found);
    }
    this.work += raw.length;
    for (const { finding, whole, start, end } of found) {
      // A payload inside a string is shown on the whole literal: that is what a reader can select.
      if (whole) this.findings.push({ ...finding, start: literal.start, end: literal.end });
      else this.findings.push({ ...finding, start: literal.contentStart + start, end: literal.contentStart + end });
    }
    return true;
  }

  /** What the escaped content `raw` of a literal holds, decoded and scanned as text of its own; offsets relative to `raw`. */
  private decodedFindings(raw: string): LiteralFinding[] {
    this.regionScanner ??= regionScanner(this.text, this.outer);
    const inner = new Scanner(unescapeJson(raw), this.options, this.depth + 1, this.regionScanner);
    inner.run();
    this.work += inner.work;
    let offsets: Uint32Array | undefined;
    return inner.result().map((finding) => {
      if (finding.kind === 'payload') return { finding, whole: true, start: 0, end: 0 };
      offsets ??= decodedToRaw(raw);
      return { finding, whole: false, start: offsets[Math.min(finding.start, offsets.length - 1)], end: offsets[Math.min(finding.end, offsets.length - 1)] };
    });
  }
}

const RATE_LIMIT_TAIL = 'PI rate limit exceeded';

function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

function inOrder(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) if (byPosition(findings[i - 1], findings[i]) > 0) return false;
  return true;
}

/** At `at`: a quote escaped by exactly `escapes` backslashes. Returns the offset after the quote, or -1. */
function quoteAt(text: string, at: number, escapes: number): number {
  for (let i = 0; i < escapes; i++) if (text.charCodeAt(at + i) !== Char.backslash) return -1;
  return text.charCodeAt(at + escapes) === Char.doubleQuote ? at + escapes + 1 : -1;
}

/** The key's name ends at `keyEnd`: after its closing quote (escaped like its opening one), the offset of its value, or -1. */
function valueAfterKey(text: string, keyEnd: number, escapes: number): number {
  const after = quoteAt(text, keyEnd, escapes);
  if (after < 0) return -1;
  const colon = skipWhitespace(text, after, 256);
  if (text.charCodeAt(colon) !== Char.colon) return -1;
  return skipWhitespace(text, colon + 1, 256);
}

/** A problem type is a URI reference. Sticky: matched at one offset, never searched for. */
const URI_HEAD = /(?:about:|https?:\/\/|urn:|tag:|\/)/iy;

/** `c` may start URI_HEAD: `/`, or `a`, `h`, `u`, `t` in either case. */
function mayStartUri(c: number): boolean {
  const lower = c | 0x20; // ASCII lower case (and '/' stays '/')
  return lower === Char.slash || lower === 0x61 /* a */ || lower === 0x68 /* h */ || lower === 0x75 /* u */ || lower === 0x74 /* t */;
}

function startsLikeUri(text: string, at: number): boolean {
  if (!mayStartUri(text.charCodeAt(at))) return false;
  URI_HEAD.lastIndex = at;
  return URI_HEAD.test(text);
}

/**
 * The status of the status line `HTTP/1.1 401 …` that starts at `pos` and ends by `end`, read in
 * place: `HTTP/` and a digit, maybe `.` and a digit, spaces, a code from 100 to 599, then a blank or
 * the end. Returns -1 for anything else.
 */
function statusCodeOf(text: string, pos: number, end: number): number {
  let p = pos + 5; // after `HTTP/`
  if (p >= end || !isDigit(text.charCodeAt(p))) return -1;
  p++;
  if (p + 1 < end && text.charCodeAt(p) === Char.dot && isDigit(text.charCodeAt(p + 1))) p += 2;
  if (p >= end || text.charCodeAt(p) !== Char.space) return -1;
  while (p < end && text.charCodeAt(p) === Char.space) p++;
  if (p + 3 > end) return -1;
  const a = text.charCodeAt(p) - Char._0;
  const b = text.charCodeAt(p + 1) - Char._0;
  const c = text.charCodeAt(p + 2) - Char._0;
  if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  if (p + 3 < end && !isBlank(text.charCodeAt(p + 3))) return -1;
  return a * 100 + b * 10 + c;
}

/** The shape of a status line (`HTTP/1.1 401`) at one offset, before anything is read around it. */
const STATUS_HEAD = /HTTP\/[0-9](?:\.[0-9])? {1,16}[1-5][0-9]{2}(?![0-9])/y;

function looksLikeStatusLine(text: string, pos: number): boolean {
  STATUS_HEAD.lastIndex = pos;
  return STATUS_HEAD.test(text);
}
