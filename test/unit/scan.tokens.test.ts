import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { RegionTokens, Token } from '../../src/core/scan/tokens';

/**
 * The region tokenizer cuts text exactly as jsonc-parser's scanner does (what the region reader was
 * built on): the same kinds, offsets, lengths, string values and string errors, and it stops where
 * trivia reaches past the limit. Checked on every fixture, at every limit of small texts, and on
 * generated JSON-like text.
 */

const fixtures = path.resolve(__dirname, '../../../test/fixtures');

function fixtureTexts(dir = fixtures): string[] {
  const texts: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) texts.push(...fixtureTexts(file));
    else texts.push(readFileSync(file, 'utf8'));
  }
  return texts;
}

const TRIVIA = new Set<number>([SyntaxKind.Trivia, SyntaxKind.LineBreakTrivia, SyntaxKind.LineCommentTrivia, SyntaxKind.BlockCommentTrivia]);

/** jsonc-parser's tokens from `start` as the region reader used them: trivia past `limit` stops. */
function reference(text: string, start: number, limit: number): string[] {
  const scanner = createScanner(text, false);
  scanner.setPosition(start);
  const out: string[] = [];
  for (;;) {
    const kind = scanner.scan();
    const offset = scanner.getTokenOffset();
    const end = offset + scanner.getTokenLength();
    if (kind === SyntaxKind.EOF) break;
    if (TRIVIA.has(kind)) {
      if (offset >= limit || end > limit) break;
      continue;
    }
    out.push(tokenOf(kind, offset, end, kind === SyntaxKind.StringLiteral ? scanner.getTokenValue() : kind === SyntaxKind.NumericLiteral ? Number(scanner.getTokenValue()) : undefined, scanner.getTokenError() === 0));
  }
  return out;
}

function ours(text: string, start: number, limit: number): string[] {
  const tokens = new RegionTokens(text);
  tokens.setPosition(start);
  const out: string[] = [];
  for (;;) {
    const kind = tokens.next(limit);
    if (kind === Token.Stop) break;
    const value = kind === Token.String ? tokens.stringValue() : kind === Token.Number ? tokens.numberValue() : undefined;
    out.push(tokenOf(kind, tokens.offset, tokens.end, value, kind === Token.String ? tokens.clean : true));
  }
  return out;
}

function tokenOf(kind: number, offset: number, end: number, value: string | number | undefined, clean: boolean): string {
  // Only a string's error is read; a number's is not.
  return JSON.stringify([kind, offset, end, value, kind === SyntaxKind.StringLiteral ? clean : true]);
}

function assertSame(text: string, start = 0, limit = text.length): void {
  assert.deepEqual(ours(text, start, limit), reference(text, start, limit), `text ${JSON.stringify(text.slice(0, 200))} from ${start} to ${limit}`);
}

describe('scan: region tokenizer against jsonc-parser', () => {
  it('every fixture, from its start and from every brace', () => {
    for (const text of fixtureTexts()) {
      assertSame(text);
      for (let at = text.indexOf('{'); at >= 0 && at < 20_000; at = text.indexOf('{', at + 1)) assertSame(text, at, Math.min(text.length, at + 4096));
    }
  });

  it('hand-made edge cases at every limit', () => {
    const cases = [
      '{"a": "b\\u00e9\\u12", "c": -0.5e+3, "d": 1., "e": 1e, "f": -, "g": truex, "h": null}',
      '{"a" /* c */ : // line\r\n 1,\t"b":\r"x\\\ny", "u": "\\uZZZZ\\q", "v": "\u0001"}',
      '/* never closed',
      '/',
      '"\\',
      '"abc\\"',
      '-',
      '1e-',
      '1E+5 0 01 -0 .5 /x {"k":"\u2028"}',
      '"a\u0010b" "\\u0010" "\\uabcd\\uABCD"',
      '"\\b\\f\\n\\r\\t\\/\\\\\\"" "\\a\\u00"',
    ];
    for (const text of cases) for (let limit = 0; limit <= text.length; limit++) for (const start of [0, 1]) assertSame(text, start, limit);
  });

  it('generated JSON-like text', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', '/', '*', '//', '/*', '*/', ' ', '\t', '\n', '\r', '\r\n', '-', '.', 'e', 'E', '+', '0', '7', 'u', '00e9', '"ab', '\\"', '\\\\', '\\b', '\\f', '\\n', '\\r', '\\t', '\\/', '\\u', '\\x', 'true', 'false', 'null', 'x', 'error', '\u0001', '\u2028', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const start = text.length > 0 ? a % text.length : 0;
        const limit = start + (b % (text.length - start + 1));
        assertSame(text, start, limit);
      }),
      { numRuns: 3000 },
    );
  });
});
