/** Character classes and bounded moves over the text. Every loop here has an explicit limit. */

export const enum Char {
  tab = 0x09,
  lineFeed = 0x0a,
  carriageReturn = 0x0d,
  space = 0x20,
  doubleQuote = 0x22,
  plus = 0x2b,
  comma = 0x2c,
  minus = 0x2d,
  dot = 0x2e,
  slash = 0x2f,
  _0 = 0x30,
  _9 = 0x39,
  colon = 0x3a,
  lessThan = 0x3c,
  equals = 0x3d,
  A = 0x41,
  Z = 0x5a,
  openBracket = 0x5b,
  backslash = 0x5c,
  closeBracket = 0x5d,
  underscore = 0x5f,
  a = 0x61,
  e = 0x65,
  z = 0x7a,
  openBrace = 0x7b,
  closeBrace = 0x7d,
  asterisk = 0x2a,
  lineSeparator = 0x2028,
  paragraphSeparator = 0x2029,
  bom = 0xfeff,
}

export function isLineBreak(c: number): boolean {
  return c === Char.lineFeed || c === Char.carriageReturn;
}

/** Blanks inside a line. */
export function isBlank(c: number): boolean {
  return c === Char.space || c === Char.tab;
}

export function isWhitespace(c: number): boolean {
  return c === Char.space || c === Char.tab || c === Char.lineFeed || c === Char.carriageReturn;
}

export function isDigit(c: number): boolean {
  return c >= Char._0 && c <= Char._9;
}

export function isLetter(c: number): boolean {
  return (c >= Char.a && c <= Char.z) || (c >= Char.A && c <= Char.Z);
}

/** Base64url alphabet: what JWT segments and most opaque tokens are made of. */
export function isBase64Url(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Char.minus || c === Char.underscore;
}

/** Header field names as people write them: letters, digits and hyphens. */
export function isHeaderNameChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Char.minus;
}

/** First offset at or after `pos` that is not a space, tab or line break, looking at most `max` characters. */
export function skipWhitespace(text: string, pos: number, max: number): number {
  const limit = Math.min(text.length, pos + max);
  while (pos < limit && isWhitespace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** First offset at or after `pos` that is not a space or tab, looking at most `max` characters. */
export function skipBlanks(text: string, pos: number, max: number): number {
  const limit = Math.min(text.length, pos + max);
  while (pos < limit && isBlank(text.charCodeAt(pos))) pos++;
  return pos;
}

/** End of the line that contains `pos` (the offset of its line break, or the text end), at most `max` away. */
export function lineEnd(text: string, pos: number, max: number): number {
  const limit = Math.min(text.length, pos + max);
  while (pos < limit && !isLineBreak(text.charCodeAt(pos))) pos++;
  return pos;
}

/** True when `pos` starts a line: at the text start (after a BOM), or right after a line break. */
export function atLineStart(text: string, pos: number): boolean {
  if (pos === 0) return true;
  const previous = text.charCodeAt(pos - 1);
  return isLineBreak(previous) || (pos === 1 && previous === Char.bom);
}

/** Number of consecutive backslashes just before `pos` (counting back no further than `floor`). */
export function backslashesBefore(text: string, pos: number, floor: number): number {
  let i = pos - 1;
  while (i >= floor && text.charCodeAt(i) === Char.backslash) i--;
  return pos - 1 - i;
}

/** A `"` at `pos` that ends or starts a string (not escaped by an odd run of backslashes). */
export function isUnescapedQuote(text: string, pos: number, floor: number): boolean {
  return text.charCodeAt(pos) === Char.doubleQuote && backslashesBefore(text, pos, floor) % 2 === 0;
}

/** Trims blanks and line breaks off the end of [start, end). */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The line around a position, for positions that only move forward: each line's breaks are
 * searched for once (with the engine's fast `indexOf`), however many positions it holds. Line
 * feeds are searched for first and carriage returns only between them, so a text with no CR is
 * never searched to its end for one.
 */
export class LineCursor {
  /** The line last asked about: [lineStart, lineEnd), lineEnd its break or the text length. */
  private lineStart = 0;
  private lineEnd = -1;
  /** The line feeds around the last position (-1, or the text length, when there is none). */
  private prevLf = -1;
  private nextLf = -1;

  constructor(private readonly text: string) {}

  /** Offset of the first character of the line that contains `pos`. */
  start(pos: number): number {
    this.moveTo(pos);
    return this.lineStart;
  }

  /** Offset of the line break that ends the line containing `pos` (or the text length). */
  end(pos: number): number {
    this.moveTo(pos);
    return this.lineEnd;
  }

  private moveTo(pos: number): void {
    if (pos >= this.lineStart && pos <= this.lineEnd) return;
    const { text } = this;
    if (pos > this.nextLf || pos <= this.prevLf) {
      this.prevLf = pos > 0 ? text.lastIndexOf('\n', pos - 1) : -1;
      const next = text.indexOf('\n', pos);
      this.nextLf = next < 0 ? text.length : next;
    }
    // A carriage return bounds the line only between those line feeds.
    const from = this.prevLf + 1;
    const between = text.slice(from, this.nextLf);
    const prevCr = pos > from ? between.lastIndexOf('\r', pos - from - 1) : -1;
    const nextCr = between.indexOf('\r', pos - from);
    this.lineStart = prevCr >= 0 ? from + prevCr + 1 : from;
    this.lineEnd = nextCr >= 0 ? from + nextCr : this.nextLf;
  }
}
