import { Char, isBase64Url, isUnescapedQuote, isLineBreak, skipWhitespace } from './chars';

/**
 * Tokens stored in files: JWTs anywhere, and the string values of `access_token`, `refresh_token`,
 * `accessToken` and `refreshToken` members. Ranges cover the token only, never its quotes.
 */

/** Longest JWT segment read; longer runs are not tokens anyone pastes. */
const MAX_SEGMENT = 8 * 1024;
/** Longest member value read. */
const MAX_VALUE = 16 * 1024;
const MIN_SEGMENT = 8;

export interface TokenSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The JWT starting at `start` (`text[start..]` is `eyJ`), as `header.payload.signature` with both
 * first segments JSON objects (`eyJ…`), or `undefined`. `scanned` is how far the match looked.
 */
export function matchJwt(text: string, start: number): { span?: TokenSpan; scanned: number } {
  if (start > 0) {
    const before = text.charCodeAt(start - 1);
    if (isBase64Url(before) || before === Char.dot) return { scanned: start + 1 };
  }
  const headerEnd = segmentEnd(text, start);
  if (headerEnd - start < MIN_SEGMENT || text.charCodeAt(headerEnd) !== Char.dot) return { scanned: headerEnd };
  const payloadStart = headerEnd + 1;
  if (!text.startsWith('eyJ', payloadStart)) return { scanned: payloadStart };
  const payloadEnd = segmentEnd(text, payloadStart);
  if (payloadEnd - payloadStart < MIN_SEGMENT || text.charCodeAt(payloadEnd) !== Char.dot) return { scanned: payloadEnd };
  const signatureEnd = segmentEnd(text, payloadEnd + 1);
  return { span: { start, end: signatureEnd }, scanned: signatureEnd };
}

function segmentEnd(text: string, pos: number): number {
  const limit = Math.min(text.length, pos + MAX_SEGMENT);
  while (pos < limit && isBase64Url(text.charCodeAt(pos))) pos++;
  return pos;
}

export type TokenKey = 'access_token' | 'refresh_token';

/**
 * Reads the member whose key starts at `keyQuote` (the key's opening quote; the key is
 * `keyLength` long): returns the span of its string value when that value looks like a real token.
 * `scanned` is how far it looked, so callers never read the same value twice.
 */
export function matchTokenMember(text: string, keyQuote: number, keyLength: number): { span?: TokenSpan; scanned: number } {
  const afterKey = keyQuote + 1 + keyLength;
  if (text.charCodeAt(keyQuote) !== Char.doubleQuote || text.charCodeAt(afterKey) !== Char.doubleQuote) return { scanned: afterKey };
  if (keyQuote > 0 && text.charCodeAt(keyQuote - 1) === Char.backslash) return { scanned: afterKey }; // escaped JSON: read once unescaped
  const colon = skipWhitespace(text, afterKey + 1, 64);
  if (text.charCodeAt(colon) !== Char.colon) return { scanned: colon };
  const open = skipWhitespace(text, colon + 1, 64);
  if (text.charCodeAt(open) !== Char.doubleQuote) return { scanned: open };
  const valueStart = open + 1;
  const limit = Math.min(text.length, valueStart + MAX_VALUE);
  let close = valueStart;
  while (close < limit && !isLineBreak(text.charCodeAt(close)) && !isUnescapedQuote(text, close, valueStart)) close++;
  if (close >= limit || text.charCodeAt(close) !== Char.doubleQuote) return { scanned: close };
  const value = text.slice(valueStart, close);
  return looksLikeStoredToken(value) ? { span: { start: valueStart, end: close }, scanned: close } : { scanned: close };
}

/** Placeholders people write instead of a token: `<JWT>`, `{{token}}`, `${TOKEN}`, `$TOKEN`, `%TOKEN%`, `***`, `…`. */
const PLACEHOLDER = /^(?:<[^<>]*>|\{\{.*\}\}|\$\{.*\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|[*xX.#_•·-]+)$/s;
const PLACEHOLDER_WORDS = /redact|placeholder|changeme|example|sample|dummy|your[_ -]?|insert|^(?:string|null|undefined|none|token|access[_-]?token|refresh[_-]?token|jwt)$/i;

/**
 * A value that could be a live token: long enough, one word, not a template variable or a mask,
 * and not all one kind of character.
 */
export function looksLikeStoredToken(value: string): boolean {
  if (value.length < 8 || value.length > MAX_VALUE) return false;
  if (/\s/.test(value)) return false;
  if (value.includes('…') || value.includes('...') || value.includes('{{') || value.includes('${')) return false;
  if (PLACEHOLDER.test(value) || PLACEHOLDER_WORDS.test(value)) return false;
  const hasDigit = /\d/.test(value);
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  return (hasDigit && (hasLower || hasUpper)) || (hasLower && hasUpper);
}
