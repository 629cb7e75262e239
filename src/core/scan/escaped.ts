import { Char, isUnescapedQuote } from './chars';

/**
 * JSON inside JSON strings: a HAR's `response.content.text`, a log field holding a response body.
 * The literal around an anchor is located, decoded once, and scanned as text of its own; offsets
 * found in the decoded text map back to the original.
 */

/**
 * How far back from a position inside a literal its opening quote may be: as far as a literal is
 * long, since the scanner looks from an anchor deep inside a long HAR body, not from its first
 * escape. The scanner's floor keeps successive backward walks apart, so the total stays linear.
 */
const MAX_BACKWARD = 4 * 1024 * 1024;
/** Longest literal decoded; a longer one is read up to this length. */
export const MAX_LITERAL = 4 * 1024 * 1024;

export interface Literal {
  /** The whole literal in the original text, quotes included when it has them: a payload's range. */
  readonly start: number;
  readonly end: number;
  /** The escaped content: [contentStart, contentEnd). */
  readonly contentStart: number;
  readonly contentEnd: number;
}

export interface LiteralSearch {
  readonly literal?: Literal;
  /** Where the forward search stopped: escapes before it need no second search. */
  readonly searchedUntil: number;
  /** Characters looked at, for the work count. */
  readonly examined: number;
}

/**
 * The string literal that contains the escape at `pos` on the line [lineStart, lineEnd), or, when
 * no quote opens it on that line (escaped JSON written bare into a log line), the escaped JSON on
 * that line. Quotes are found with `indexOf` on bounded slices, never char by char.
 */
export function literalAround(text: string, pos: number, floor: number, lineStart: number, lineEnd: number): LiteralSearch {
  const lower = Math.max(floor, pos - MAX_BACKWARD, lineStart, 0);
  const before = text.slice(lower, pos);
  let open = -1;
  for (let j = before.length - 1; j >= 0; ) {
    const quote = before.lastIndexOf('"', j);
    if (quote < 0) break;
    if (isUnescapedQuote(text, lower + quote, lower)) {
      open = lower + quote;
      break;
    }
    j = quote - 1;
  }
  const quoted = open >= 0;
  const contentStart = quoted ? open + 1 : lower;

  const upper = Math.min(lineEnd, contentStart + MAX_LITERAL);
  const after = text.slice(pos, upper);
  let close = upper;
  for (let k = 0; ; ) {
    const quote = after.indexOf('"', k);
    if (quote < 0) break;
    if (isUnescapedQuote(text, pos + quote, pos)) {
      close = pos + quote;
      break;
    }
    k = quote + 1;
  }
  const closed = close < upper;
  const searchedUntil = Math.max(close, pos + 1);
  const examined = searchedUntil - (quoted ? open : lower);

  if (quoted) return { literal: { start: open, end: closed ? close + 1 : close, contentStart, contentEnd: close }, searchedUntil, examined };
  // Bare escaped JSON: from its first brace or bracket to its last one on the line.
  let first = contentStart;
  while (first < pos && text.charCodeAt(first) !== Char.openBrace && text.charCodeAt(first) !== Char.openBracket) first++;
  if (first >= pos) return { searchedUntil, examined };
  let last = close - 1;
  while (last > pos && text.charCodeAt(last) !== Char.closeBrace && text.charCodeAt(last) !== Char.closeBracket) last--;
  return { literal: { start: first, end: last + 1, contentStart: first, contentEnd: last + 1 }, searchedUntil, examined };
}

/** Decodes JSON string escapes; unknown or broken escapes keep the character after the backslash. */
export function unescapeJson(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // Raw control characters, a dangling backslash or a bad \u: decode by hand below.
  }
  let out = '';
  let i = 0;
  const n = raw.length;
  while (i < n) {
    const next = raw.indexOf('\\', i);
    if (next === -1) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, next);
    i = next + decodeEscape(raw, next, (ch) => (out += ch));
  }
  return out;
}

/** Decodes the escape at `raw[at] === '\\'`, hands over the character, returns its length in `raw`. */
function decodeEscape(raw: string, at: number, emit: (ch: string) => void): number {
  const c = raw[at + 1];
  switch (c) {
    case undefined:
      return 1;
    case 'n':
      emit('\n');
      return 2;
    case 'r':
      emit('\r');
      return 2;
    case 't':
      emit('\t');
      return 2;
    case 'b':
      emit('\b');
      return 2;
    case 'f':
      emit('\f');
      return 2;
    case 'u': {
      const hex = raw.slice(at + 2, at + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        emit(String.fromCharCode(parseInt(hex, 16)));
        return 6;
      }
      emit('u');
      return 2;
    }
    default:
      emit(c); // \" \\ \/ and anything unknown
      return 2;
  }
}

/**
 * Maps offsets in the decoded text back to the raw text: `map[i]` is the raw offset where decoded
 * character `i` starts (and `map[decoded.length]` the raw end).
 */
export function decodedToRaw(raw: string): Uint32Array {
  const offsets: number[] = [];
  let i = 0;
  const n = raw.length;
  while (i < n) {
    if (raw.charCodeAt(i) === Char.backslash) {
      const start = i;
      i += decodeEscape(raw, i, () => offsets.push(start));
    } else {
      offsets.push(i);
      i++;
    }
  }
  offsets.push(n);
  return Uint32Array.from(offsets);
}
