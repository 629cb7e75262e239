import { Char, isDigit, isLetter, isLineBreak, isUnescapedQuote, isWhitespace } from './chars';

/**
 * Finds where the JSON object around a key starts, walking backwards from the key. The walk skips
 * earlier members (strings, numbers, nested values) and stops at the first unmatched `{`. It gives
 * up at anything JSON cannot contain outside a string, at a string broken by a line break, and at
 * `floor`, so no character is walked twice by consecutive searches.
 */

/** How far back a key may be from the `{` of its object. */
export const MAX_BACKWARD = 64 * 1024;

export interface BackwardResult {
  /** Offset of the `{`, or -1. */
  readonly start: number;
  /** Characters looked at, for the work count. */
  readonly examined: number;
}

/** `pos` is just outside a string token (typically the opening quote of the key). */
export function enclosingObjectStart(text: string, pos: number, floor: number): BackwardResult {
  const stop = Math.max(floor, pos - MAX_BACKWARD, 0);
  let depth = 0;
  let i = pos - 1;
  while (i >= stop) {
    const c = text.charCodeAt(i);
    if (c === Char.doubleQuote) {
      // The closing quote of an earlier string: find its opening quote on the same line.
      let j = i - 1;
      while (j >= stop && !isUnescapedQuote(text, j, stop)) {
        if (isLineBreak(text.charCodeAt(j))) return { start: -1, examined: pos - j };
        j--;
      }
      if (j < stop) break;
      i = j - 1;
      continue;
    }
    if (c === Char.closeBrace || c === Char.closeBracket) {
      depth++;
    } else if (c === Char.openBrace) {
      if (depth === 0) return { start: i, examined: pos - i };
      depth--;
    } else if (c === Char.openBracket) {
      // A property sits directly in an object, never in an array.
      if (depth === 0) return { start: -1, examined: pos - i };
      depth--;
    } else if (!isJsonOutsideString(c)) {
      return { start: -1, examined: pos - i };
    }
    i--;
  }
  return { start: -1, examined: pos - Math.max(i, stop) };
}

/** What JSON (with comments, as jsonc-parser reads it) may contain between tokens. */
function isJsonOutsideString(c: number): boolean {
  return (
    isWhitespace(c) ||
    isDigit(c) ||
    isLetter(c) ||
    c === Char.comma ||
    c === Char.colon ||
    c === Char.minus ||
    c === Char.plus ||
    c === Char.dot ||
    c === Char.slash ||
    c === Char.asterisk
  );
}
