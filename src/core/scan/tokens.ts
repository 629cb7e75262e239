import { createScanner, type JSONScanner } from 'jsonc-parser';

/**
 * The tokens of a bounded JSON region, cut by jsonc-parser's scanner (VS Code's own tolerant JSON
 * scanner, DESIGN.md §3): the region reader sees only the tokens that carry meaning, with trivia
 * (white space, line breaks, comments) skipped here, and the region ends where trivia reaches past
 * the limit.
 */

/** Token kinds: jsonc-parser's SyntaxKind values (a const enum in its typings, spelled out so no bundler needs to inline it). */
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
  /** The end of the text, or trivia (white space, a comment) that starts at or reaches past the limit. */
  Stop = 17,
}

const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const WHITESPACE = 15;
const EOF = 17;
const NO_ERROR = 0;

export class RegionTokens {
  private readonly scanner: JSONScanner;
  /** Start and end of the current token. */
  offset = 0;
  end = 0;
  /** The current string token ended with its closing quote and holds no bad escape or character. */
  clean = true;

  constructor(text: string) {
    this.scanner = createScanner(text, false);
  }

  setPosition(pos: number): void {
    this.scanner.setPosition(pos);
  }

  /** The next token that is not trivia, or `Stop`. */
  next(limit: number): Token {
    const { scanner } = this;
    for (;;) {
      const token: number = scanner.scan();
      const offset = scanner.getTokenOffset();
      const end = offset + scanner.getTokenLength();
      if (token === EOF) {
        this.offset = this.end = offset;
        return Token.Stop;
      }
      if (token === WHITESPACE || token === LINE_BREAK || token === LINE_COMMENT || token === BLOCK_COMMENT) {
        // An unterminated `/*` runs to the end of the text: the region ends at the limit.
        if (offset >= limit || end > limit) {
          this.offset = this.end = offset;
          return Token.Stop;
        }
        continue;
      }
      this.offset = offset;
      this.end = end;
      this.clean = token !== Token.String || scanner.getTokenError() === NO_ERROR;
      return token as Token;
    }
  }

  /** The current string token's value, decoded. */
  stringValue(): string {
    return this.scanner.getTokenValue();
  }

  /** The current number token's value. */
  numberValue(): number {
    return Number(this.scanner.getTokenValue());
  }
}
