import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { scan } from '../../src/core/scan';
import type { ScanResult } from '../../src/core/scan/types';

/**
 * Generated inputs (10,500 per run): random and mutated text never breaks the scanner; a payload
 * planted in noise is always found with its exact range; the work stays linear in the length.
 */

/** Characters examined per character of input, at most: anchors, backward walks, regions, decoded strings. */
const WORK_PER_CHAR = 64;

const fixtures = path.resolve(__dirname, '../../../test/fixtures');

function fixtureTexts(dir = fixtures): string[] {
  const texts: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) texts.push(...fixtureTexts(file));
    else if (name !== 'expected.json') texts.push(readFileSync(file, 'utf8'));
  }
  return texts;
}

/** What every result must satisfy, whatever the input. */
function assertWellFormed(text: string, result: ScanResult): void {
  let previous = 0;
  for (const f of result.findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), 'integer offsets');
    assert.ok(f.start >= previous && f.start <= f.end && f.end <= text.length, `[${f.start}, ${f.end}) in ${text.length}`);
    assert.equal(f.severity, f.entry.severity);
    assert.ok(f.entry.code.length > 0 && f.entry.title.en.length > 0);
    previous = f.start;
  }
  assert.ok(result.work <= WORK_PER_CHAR * (text.length + 1), `work ${result.work} for length ${text.length}`);
}

function summary(result: ScanResult): string {
  return JSON.stringify(result.findings.map((f) => [f.entry.code, f.start, f.end]));
}

/** Pieces that exercise every anchor and every recovery path when thrown together. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\"',
  '\\n',
  '\n',
  '\r\n',
  ' ',
  '\u0000',
  '/*',
  '//',
  '{"error":',
  '"invalid_grant"',
  '{"error_type":"UNAUTHORIZED"',
  ',"error_message":"Invalid token."}',
  '{"errors":[',
  '{"errors":{"name":[',
  '"error_description": "The access token is invalid or has expired"',
  '"error_message": "error": "invalid_token"',
  'HTTP/1.1 401 Unauthorized',
  'HTTP/2 429',
  'WWW-Authenticate: Bearer error="invalid_token"',
  'Retry-After: 30',
  'retry-after: Wed, 01 May 2024 12:02:00 GMT',
  '"status": 404',
  '"title": "Not Found"',
  '"type": "about:blank"',
  '{"message":"API rate limit exceeded"}',
  'eyJhbGciOiJIUzI1NiJ9',
  '.',
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  '"access_token": "Tq1Pk7QzQjlJZ3cL"',
  '"refreshToken":',
  'ção',
  '\uD83D\uDE00',
];

const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const jsonishText = fc.string({ unit: fc.constantFrom(...'{}[]":,\\/* \n\reErorstaypJHTP14-_AWfk.'.split('')), maxLength: 400 });
const anyText = fc.string({ unit: 'binary', maxLength: 300 });

/** Noise that cannot hold anything the scanner looks for: no quotes, brackets, colons, slashes, dots or hyphens. */
const noise = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n\r,;!?()'.split('')), maxLength: 120 });

interface Expected {
  readonly code: string;
  readonly start: number;
  readonly end: number;
}

/** A payload to plant, and what must be found in it (offsets relative to the plant). */
interface Plant {
  readonly text: string;
  readonly expected: readonly Expected[];
}

function whole(text: string, code: string): Plant {
  return { text, expected: [{ code, start: 0, end: text.length }] };
}

function parts(text: string, ...found: [code: string, covered: string][]): Plant {
  let from = 0;
  const expected = found.map(([code, covered]) => {
    const start = text.indexOf(covered, from);
    assert.ok(start >= 0, covered);
    from = start + 1;
    return { code, start, end: start + covered.length };
  });
  return { text, expected };
}

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Jkc3RhdGlvbi5hdXRoMC5jb20vIn0.c2lnbmF0dXJl';
const A = '{"error_type":"CANNOT_BE_NULL","error_message":"email cannot be null.","path":"$.email"}';
const B = '{"error_type":"TAKEN","error_message":"Already in use"}';
const C = '{"error_type":"MUST_BE_STRING","error_message":"Name must be string."}';

const PLANTS: readonly Plant[] = [
  whole('{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}', 'rdstation/invalid-token'),
  whole('{\n  "error_type": "ACCESS_DENIED",\n  "error_message": "O parâmetro redirect_uri não contém um valor válido."\n}', 'rdstation/invalid-redirect-uri'),
  parts(`{"errors":[${A},${B},${C}]}`, ['rdstation/cannot-be-null', A], ['rdstation/taken', B], ['rdstation/must-be-string', C]),
  parts(`{"errors":{"name":[${C}]}}`, ['rdstation/must-be-string', C]),
  parts(`{"errors":{"label":{"pt-BR":[${B}]}}}`, ['rdstation/taken', B]),
  parts(`{"errors":${B}}`, ['rdstation/taken', B]),
  whole('{\n"error_description": "The access token is invalid or has expired",\n"error_message": "error": "invalid_token"\n}', 'rdstation/expired-access-token'),
  whole('{"error":"invalid_request","error_description":"The access token is missing"}', 'rdstation/missing-access-token'),
  whole('{"error":"invalid_grant","error_description":"Bad code"}', 'oauth/invalid_grant'),
  whole('{"error":"\'lead_limiter\' rate limit exceeded for 86400 second(s) period for key x","max":24,"usage":55,"remaining_time":20745}', 'rdstation/rate-limit'),
  whole('{"message":"API rate limit exceeded"}', 'rdstation/rate-limit'),
  whole('{"type":"about:blank","title":"Forbidden","status":403}', 'problem/403'),
  whole(JSON.stringify(JSON.stringify({ errors: { error_type: 'BAD_REQUEST', error_message: 'x' } })), 'rdstation/bad-request'),
  parts('\nHTTP/1.1 401 Unauthorized\nRetry-After: 30\n', ['http/401', 'HTTP/1.1 401 Unauthorized'], ['http/retry-after', '30']),
  parts('\nWWW-Authenticate: Bearer error="invalid_token"\n', ['oauth/invalid_token', 'Bearer error="invalid_token"']),
  parts(` ${JWT} `, ['token/stored-secret', JWT]),
  parts('{"refresh_token":"Tq1Pk7QzQjlJZ3cLxM5h0uD9b"}', ['token/stored-secret', 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b']),
];

describe('scan (generated inputs)', () => {
  it('never throws on random text, and what it returns is well-formed (1,500 cases)', () => {
    fc.assert(
      fc.property(anyText, (text) => assertWellFormed(text, scan(text))),
      { numRuns: 1500 },
    );
  });

  it('never throws on JSON-ish text, deterministically (1,500 cases)', () => {
    fc.assert(
      fc.property(jsonishText, (text) => {
        const result = scan(text);
        assertWellFormed(text, result);
        assert.equal(summary(scan(text)), summary(result));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on any mix of the anchors and recovery paths (2,000 cases)', () => {
    fc.assert(
      fc.property(fragmentText, (text) => assertWellFormed(text, scan(text))),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated fixtures: cut, spliced, truncated (1,500 cases)', () => {
    const texts = fixtureTexts();
    const mutation = fc.record({
      file: fc.nat({ max: texts.length - 1 }),
      at: fc.nat(),
      length: fc.nat({ max: 200 }),
      insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 20 })),
      truncate: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ file, at, length, insert, truncate }) => {
        const original = texts[file];
        const cut = at % (original.length + 1);
        const text = truncate ? original.slice(0, cut) : original.slice(0, cut) + insert + original.slice(cut + length);
        assertWellFormed(text, scan(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds every payload planted in noise, with its exact range (3,500 cases)', () => {
    const planted = fc.array(fc.tuple(noise, fc.nat({ max: PLANTS.length - 1 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(planted, noise, (pieces, tail) => {
        let text = '';
        const expected: Expected[] = [];
        for (const [before, index] of pieces) {
          text += before;
          const plant = PLANTS[index];
          for (const e of plant.expected) expected.push({ code: e.code, start: text.length + e.start, end: text.length + e.end });
          text += plant.text;
        }
        text += tail;
        const result = scan(text);
        assert.deepEqual(
          result.findings.map((f) => ({ code: f.entry.code, start: f.start, end: f.end })),
          expected,
        );
        assertWellFormed(text, result);
      }),
      { numRuns: 3500 },
    );
  });

  it('finds the same whether or not it remembers the regions and strings it read, however they repeat (2,000 cases)', () => {
    const piece = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...PLANTS.map((plant) => plant.text)), noise);
    const repeating = fc.record({ pieces: fc.array(piece, { minLength: 1, maxLength: 12 }), times: fc.integer({ min: 2, max: 4 }), cut: fc.nat(), tail: fc.constantFrom(...FRAGMENTS) });
    const full = (result: ScanResult) => result.findings.map((f) => ({ code: f.entry.code, kind: f.kind, start: f.start, end: f.end, details: f.details }));
    fc.assert(
      fc.property(repeating, ({ pieces, times, cut, tail }) => {
        // The same pieces again and again, the last copy cut short and followed by something else.
        const unit = pieces.join('');
        const text = unit.repeat(times) + unit.slice(0, cut % (unit.length + 1)) + tail;
        const remembered = scan(text);
        assert.deepEqual(full(remembered), full(scan(text, { remember: false })));
        assertWellFormed(text, remembered);
      }),
      { numRuns: 2000 },
    );
  });

  it('does work linear in the length, however the anchors repeat (500 cases)', () => {
    const repeated = fc.tuple(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }), fc.integer({ min: 50, max: 2000 }));
    fc.assert(
      fc.property(repeated, ([unit, times]) => {
        const text = unit.join('').repeat(times);
        assertWellFormed(text, scan(text));
      }),
      { numRuns: 500 },
    );
  });
});
