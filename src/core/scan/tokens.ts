/**
 * The tokenizer of a bounded JSON region: what the region reader needs and nothing more. It cuts the
 * text exactly where jsonc-parser's scanner does (the same token kinds, offsets, lengths and string
 * errors, with comments), so regions are read as before, but it skips trivia in one loop, keeps no
 * line numbers, builds no value for white space, comments or punctuation, and slices a string's
 * value straight from the text unless it holds an escape. Nothing here allocates per token except
 * the values the reader asks for.
 */

/** Token kinds, numbered as jsonc-parser's SyntaxKind. */
export const enum Token {
  OpenBrace = 1,
  CloseBrace = 2,
  OpenBracket = 3,
  CloseBracket = 4,
  Comma = 5,
  Colon = 6,
  Null = 7,
  True = 8,
  False = 9,
  String = 10,
  Number = 11,
  Unknown = 16,
  /** The end of the text, or trivia (white space, a comment) that reaches past the limit. */
  Stop = 17,
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const ASTERISK = 0x2a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** What jsonc-parser reads as part of an unknown word (`true`, `null`, log prose…). */
function isWordChar(c: number): boolean {
  switch (c) {
    case SPACE:
    case TAB:
    case LF:
    case CR:
    case 0x7d: // }
    case 0x5d: // ]
    case 0x7b: // {
    case 0x5b: // [
    case QUOTE:
    case 0x3a: // :
    case 0x2c: // ,
    case SLASH:
      return false;
  }
  return true;
}

export class RegionTokens {
  private readonly length: number;
  private pos = 0;
  /** Start and end of the current token. */
  offset = 0;
  end = 0;
  /** The current string token ended with its closing quote and holds no bad escape or character. */
  clean = true;
  /** The current string token holds a backslash: its value must be decoded. */
  private escaped = false;
  /** Where the current number's value ends (a dangling exponent is part of the token, not the value). */
  private valueEnd = 0;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  setPosition(pos: number): void {
    this.pos = pos;
  }

  /**
   * The next token that is not trivia, or `Stop` at the end of the text and when trivia starts at or
   * reaches past `limit` (where the reader stops anyway).
   */
  next(limit: number): Token {
    const { text, length } = this;
    let pos = this.pos;
    for (;;) {
      if (pos >= length) {
        this.pos = pos;
        this.offset = this.end = length;
        return Token.Stop;
      }
      const start = pos;
      let c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB) {
        do c = text.charCodeAt(++pos);
        while (c === SPACE || c === TAB);
      } else if (c === LF) {
        pos++;
      } else if (c === CR) {
        pos++;
        if (text.charCodeAt(pos) === LF) pos++;
      } else if (c === SLASH && text.charCodeAt(pos + 1) === SLASH) {
        pos += 2;
        while (pos < length && (c = text.charCodeAt(pos)) !== LF && c !== CR) pos++;
      } else if (c === SLASH && text.charCodeAt(pos + 1) === ASTERISK) {
        pos = blockCommentEnd(text, pos + 2);
      } else {
        this.offset = pos;
        return this.token(c, pos);
      }
      // Trivia, as jsonc-parser cuts it: one that starts at the limit or runs past it stops the region.
      if (start >= limit || pos > limit) {
        this.pos = pos;
        this.offset = start;
        this.end = pos;
        return Token.Stop;
      }
    }
  }

  private token(c: number, start: number): Token {
    let pos = start + 1;
    let kind: Token;
    switch (c) {
      case 0x7b:
        kind = Token.OpenBrace;
        break;
      case 0x7d:
        kind = Token.CloseBrace;
        break;
      case 0x5b:
        kind = Token.OpenBracket;
        break;
      case 0x5d:
        kind = Token.CloseBracket;
        break;
      case 0x3a:
        kind = Token.Colon;
        break;
      case 0x2c:
        kind = Token.Comma;
        break;
      case QUOTE:
        pos = this.string(pos);
        kind = Token.String;
        break;
      case SLASH:
        kind = Token.Unknown; // not a comment: a lone slash
        break;
      case MINUS:
        if (pos >= this.length || !isDigit(this.text.charCodeAt(pos))) {
          kind = Token.Unknown;
          break;
        }
        pos = this.number(pos);
        kind = Token.Number;
        break;
      default:
        if (isDigit(c)) {
          pos = this.number(start);
          kind = Token.Number;
        } else {
          kind = this.word(start);
          pos = this.end;
        }
    }
    this.pos = this.end = pos;
    return kind;
  }

  /** After the opening quote: returns the offset after the string token. */
  private string(pos: number): number {
    const { text, length } = this;
    let clean = true;
    let escaped = false;
    for (;;) {
      if (pos >= length) {
        clean = false;
        break;
      }
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        pos++;
        break;
      }
      if (c === BACKSLASH) {
        escaped = true;
        pos++;
        if (pos >= length) {
          clean = false;
          break;
        }
        const e = text.charCodeAt(pos++);
        if (e === 0x75 /* u */) {
          const digits = hexDigits(text, pos);
          pos += digits;
          if (digits < 4) clean = false;
        } else if (!isSimpleEscape(e)) {
          clean = false;
        }
        continue;
      }
      if (c <= 0x1f) {
        if (c === LF || c === CR) {
          clean = false; // a line break ends the string, unclosed
          break;
        }
        clean = false;
      }
      pos++;
    }
    this.clean = clean;
    this.escaped = escaped;
    return pos;
  }

  /** At the first digit: returns the offset after the number token. */
  private number(pos: number): number {
    const { text, length } = this;
    if (text.charCodeAt(pos) === ZERO) pos++;
    else {
      pos++;
      while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
    }
    if (pos < length && text.charCodeAt(pos) === DOT) {
      pos++;
      if (pos < length && isDigit(text.charCodeAt(pos))) {
        pos++;
        while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
      } else {
        this.valueEnd = pos;
        return pos;
      }
    }
    let valueEnd = pos;
    if (pos < length) {
      const e = text.charCodeAt(pos);
      if (e === 0x45 || e === 0x65) {
        pos++;
        // jsonc-parser's precedence: a minus is taken even at the end of the text, where it reads NaN.
        if ((pos < length && text.charCodeAt(pos) === PLUS) || text.charCodeAt(pos) === MINUS) pos++;
        if (pos < length && isDigit(text.charCodeAt(pos))) {
          pos++;
          while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
          valueEnd = pos;
        }
      }
    }
    this.valueEnd = valueEnd;
    return pos;
  }

  /** A run of word characters: `true`, `false`, `null`, or an unknown token. Sets `end`. */
  private word(start: number): Token {
    const { text, length } = this;
    let pos = start;
    while (pos < length && isWordChar(text.charCodeAt(pos))) pos++;
    if (pos === start) {
      this.end = start + 1; // a character that starts nothing: one unknown character
      return Token.Unknown;
    }
    this.end = pos;
    const n = pos - start;
    if (n === 4 && text.startsWith('true', start)) return Token.True;
    if (n === 4 && text.startsWith('null', start)) return Token.Null;
    if (n === 5 && text.startsWith('false', start)) return Token.False;
    return Token.Unknown;
  }

  /** The current string token's value, decoded as jsonc-parser decodes it. */
  stringValue(): string {
    const start = this.offset + 1;
    if (!this.escaped) {
      const { text } = this;
      const close = this.end > start && this.end <= this.length && text.charCodeAt(this.end - 1) === QUOTE ? this.end - 1 : this.end;
      return text.substring(start, Math.min(close, this.length));
    }
    return decodeString(this.text, start, this.end);
  }

  /** The current number token's value. */
  numberValue(): number {
    return Number(this.text.substring(this.offset, this.valueEnd));
  }
}

/** After `/*`: the offset after the comment (one past the text when it never closes, as jsonc-parser counts). */
function blockCommentEnd(text: string, pos: number): number {
  const safe = text.length - 1;
  while (pos < safe) {
    if (text.charCodeAt(pos) === ASTERISK && text.charCodeAt(pos + 1) === SLASH) return pos + 2;
    pos++;
  }
  return pos + 1;
}

function isSimpleEscape(c: number): boolean {
  return c === QUOTE || c === BACKSLASH || c === SLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;
}

/** How many hex digits (at most 4) start at `pos`. */
function hexDigits(text: string, pos: number): number {
  let n = 0;
  while (n < 4) {
    const c = text.charCodeAt(pos + n);
    if (!((c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) break;
    n++;
  }
  return n;
}

/**
 * The value of the string token [start - 1, end) that holds an escape: simple escapes decoded, a
 * `\u` with four hex digits decoded, a bad escape dropped (with what jsonc-parser consumed of it).
 */
function decodeString(text: string, start: number, end: number): string {
  let out = '';
  let run = start;
  let pos = start;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE && pos === end - 1) break;
    if (c !== BACKSLASH) {
      pos++;
      continue;
    }
    out += text.substring(run, pos);
    pos++;
    if (pos >= end) {
      run = pos;
      break;
    }
    const e = text.charCodeAt(pos++);
    switch (e) {
      case QUOTE:
        out += '"';
        break;
      case BACKSLASH:
        out += '\\';
        break;
      case SLASH:
        out += '/';
        break;
      case 0x62:
        out += '\b';
        break;
      case 0x66:
        out += '\f';
        break;
      case 0x6e:
        out += '\n';
        break;
      case 0x72:
        out += '\r';
        break;
      case 0x74:
        out += '\t';
        break;
      case 0x75: {
        const digits = hexDigits(text, pos);
        if (digits === 4) out += String.fromCharCode(parseInt(text.substring(pos, pos + 4), 16));
        pos += digits;
        break;
      }
    }
    run = pos;
  }
  return out + text.substring(run, pos);
}
