import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { scan } from '../../src/core/scan';
import { DateHeaders } from '../../src/core/scan/dateHeaders';

/**
 * The `Date:` lines an HTTP-date Retry-After is measured against: found by walking from each lookup
 * to the nearest `Date:` line or blank line, yet the same answers as an index of the whole text,
 * whatever ends its lines, for lookups in any order; and the walks read little, each part of the
 * text about once when lookups move forward.
 */

/** The reference: every `Date:` line and blank line of the whole text, then the same rule. */
function referenceNear(text: string, pos: number): string | undefined {
  const dates = [...text.matchAll(/^[ \t]*(?:<[ \t]*)?date[ \t]*:[ \t]*([^\r\n]*)/gim)].map((m) => ({ at: m.index, value: m[1].trim() }));
  const blanks = [...text.matchAll(/\n[ \t]*\r?\n/g)].map((m) => m.index);
  const blankBetween = (a: number, b: number) => blanks.some((blank) => blank >= Math.min(a, b) && blank < Math.max(a, b));
  let best: { distance: number; value: string } | undefined;
  // As the index does: the nearest Date line before `pos` and the nearest at or after it.
  const before = dates.filter((d) => d.at < pos).pop();
  const after = dates.find((d) => d.at >= pos);
  for (const d of [before, after]) {
    if (!d) continue;
    const distance = Math.abs(d.at - pos);
    if (distance > 4096 || blankBetween(d.at, pos)) continue;
    if (!best || distance < best.distance) best = { distance, value: d.value };
  }
  return best?.value;
}

const lines = fc.constantFrom(
  'Date: Wed, 01 May 2024 12:00:00 GMT',
  '< date: Thu, 02 May 2024 08:30:00 GMT',
  '  DATE :Fri, 03 May 2024 09:00:00 GMT',
  'Retry-After: Wed, 01 May 2024 12:02:00 GMT',
  'HTTP/1.1 503 Service Unavailable',
  '',
  '   ',
  'x-date: not a header of its own',
  'filler '.repeat(60),
  'filler '.repeat(300),
  'y'.repeat(1500),
  'Date: Wed, 01 May 2024 12:00:00 GMT\u2028Date: Thu, 02 May 2024 08:30:00 GMT',
  '\t< Date\t: Sat, 04 May 2024 10:00:00 GMT  ',
  'Dates: not this one',
  '<',
  // `^` follows U+2028, but a value runs over it: a `Date:` after one counts only when nothing before it on the line does.
  'x-request: 1\u2028Date: Sun, 05 May 2024 11:00:00 GMT',
  '\u2029 date: Mon, 06 May 2024 07:00:00 GMT\u2028< Date: Tue, 07 May 2024 07:00:00 GMT',
  `Date: ${'Wed, '.repeat(300)}`,
);
const breaks = fc.constantFrom('\n', '\r\n', '\r');
/** Every terminator `^` follows, and blank lines of each kind. */
const everyBreak = fc.constantFrom('\n', '\r\n', '\r', '\u2028', '\u2029', '\n\n', '\r\n\r\n', '\n \t\r\n');
/** Most files break lines with LF alone. */
const lineFeeds = fc.constant('\n');

function textOf(parts: readonly (readonly [string, string])[]): string {
  return parts.map(([line, lineBreak]) => line + lineBreak).join('');
}

/** Lookups at `lookups` positions of one instance, in increasing order unless `anyOrder`. */
function answersAsTheReference(lineBreaks: fc.Arbitrary<string>, lookups = 12, anyOrder = false) {
  return fc.property(fc.array(fc.tuple(lines, lineBreaks), { maxLength: 120 }), fc.array(fc.nat(), { minLength: 1, maxLength: lookups }), (parts, picks) => {
    const text = textOf(parts);
    if (text.length === 0) return;
    const dates = new DateHeaders(text);
    const positions = picks.map((pick) => pick % (text.length + 1));
    if (!anyOrder) positions.sort((a, b) => a - b);
    for (const pos of positions) assert.equal(dates.near(pos), referenceNear(text, pos), `at ${pos}`);
  });
}

const RETRY_AFTER = 'Retry-After: Wed, 01 May 2024 12:02:00 GMT';

/** The work of one instance looking up every Retry-After of `text`, in order. */
function workOfEveryLookup(text: string): number {
  const dates = new DateHeaders(text);
  for (let at = text.indexOf('Retry-After'); at >= 0; at = text.indexOf('Retry-After', at + 1)) dates.near(at);
  return dates.work;
}

describe('scan: Date headers for HTTP-date Retry-After', () => {
  it('answers as an index of the whole text would, for lookups that move forward', () => {
    fc.assert(answersAsTheReference(breaks), { numRuns: 500 });
  });

  it('answers the same in texts broken by line feeds alone (500 cases)', () => {
    fc.assert(answersAsTheReference(lineFeeds), { numRuns: 500 });
  });

  it('answers the same whatever ends the lines: CR, CRLF, LF, U+2028, U+2029 (500 cases, up to 60 lookups each)', () => {
    fc.assert(answersAsTheReference(everyBreak, 60), { numRuns: 500 });
  });

  it('answers the same at every position of a text, one instance for them all (300 cases)', () => {
    const short = fc.constantFrom('Date: A', '<date :B', 'Retry-After: x', '', ' ', '\t', 'x', 'x\u2028Date: C');
    fc.assert(
      fc.property(fc.array(fc.tuple(short, everyBreak), { maxLength: 40 }), (parts) => {
        const text = textOf(parts);
        const dates = new DateHeaders(text);
        for (let pos = 0; pos <= text.length; pos++) assert.equal(dates.near(pos), referenceNear(text, pos), `at ${pos} of ${JSON.stringify(text)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the same for lookups in any order (300 cases)', () => {
    fc.assert(answersAsTheReference(everyBreak, 30, true), { numRuns: 300 });
  });

  it('reads a run of blank lines as the reference does: matched two lines at a time', () => {
    // `\n[ \t]*\r?\n` matches at 1 and then not at 2, whose line feed the first match used.
    for (const text of ['X\n\n\nDate: Wed, 01 May 2024 12:00:00 GMT\n', 'X\r\n\r\n\r\nDate: Wed, 01 May 2024 12:00:00 GMT\r\n']) {
      const pos = text.indexOf('\n', text.indexOf('\n') + 1);
      assert.equal(referenceNear(text, pos), 'Wed, 01 May 2024 12:00:00 GMT');
      assert.equal(new DateHeaders(text).near(pos), 'Wed, 01 May 2024 12:00:00 GMT');
    }
  });

  it('sees a blank line that starts right where the previous lookup stopped reading', () => {
    // 64-character lines: the first lookup reads to the end of the line that holds its reach, 4224.
    const line = (content: string) => `${content.padEnd(63, ' ')}\n`;
    const head = Array.from({ length: 66 }, (_, i) => line(i === 60 ? 'Date: Wed, 01 May 2024 12:00:00 GMT' : 'filler'));
    const text = `${head.join('')}\nRetry-After: Wed, 01 May 2024 12:02:00 GMT\n`;
    const dates = new DateHeaders(text);
    assert.equal(dates.near(100), 'Wed, 01 May 2024 12:00:00 GMT');
    // The blank line at 4224 ends the Date's block: this Retry-After belongs to no response's Date.
    assert.equal(dates.near(4225), undefined);
    assert.equal(referenceNear(text, 4225), undefined);
    assert.equal(new DateHeaders(text).near(4000), 'Wed, 01 May 2024 12:00:00 GMT');
  });

  it('sees a `Date:` line after U+2028 in a line longer than the reach, and reads a long value whole', () => {
    // The Date line starts 5,001 characters into its physical line: what comes before it decides whether it is one.
    for (const head of ['x'.repeat(5000), `Date: Mon, 06 May 2024 07:00:00 GMT${'x'.repeat(5000)}`]) {
      const text = `${head}\u2028Date: Wed, 01 May 2024 12:00:00 GMT\n${RETRY_AFTER}\n`;
      const pos = text.indexOf('Retry-After');
      assert.equal(new DateHeaders(text).near(pos), referenceNear(text, pos));
    }
    const long = `${RETRY_AFTER}\n${'f'.repeat(3900)}\nDate: ${'v'.repeat(3000)}\n`;
    assert.equal(new DateHeaders(long).near(0)?.length, 3000);
  });

  it('answers lookups that move backwards too', () => {
    const text = `Date: Wed, 01 May 2024 12:00:00 GMT\nRetry-After: 1\n${'filler\n'.repeat(2000)}Date: Thu, 02 May 2024 08:00:00 GMT\nRetry-After: 2\n`;
    const dates = new DateHeaders(text);
    const late = text.lastIndexOf('Retry-After');
    assert.equal(dates.near(late), 'Thu, 02 May 2024 08:00:00 GMT');
    assert.equal(dates.near(text.indexOf('Retry-After')), 'Wed, 01 May 2024 12:00:00 GMT');
    assert.equal(dates.near(late), 'Thu, 02 May 2024 08:00:00 GMT');
  });

  it('reads only around the lookup: one HTTP-date Retry-After at the end of 4 MB reads a few KB', () => {
    const filler = '{"event":"sync","status":200,"id":"4b7f"}\n'.repeat(100_000);
    const block = 'HTTP/1.1 503 Service Unavailable\nDate: Wed, 01 May 2024 12:00:00 GMT\nRetry-After: Wed, 01 May 2024 12:02:00 GMT\n';
    const text = filler + block;
    const dates = new DateHeaders(text);
    assert.equal(dates.near(text.lastIndexOf('Retry-After')), 'Wed, 01 May 2024 12:00:00 GMT');
    assert.ok(dates.work < 64 * 1024, `read ${dates.work} characters of ${text.length}`);

    // Through the scanner: the finding is right, and the work is the prefilter's pass and little more.
    const result = scan(text);
    const retry = result.findings.find((f) => f.entry.code === 'http/retry-after');
    assert.equal(retry?.details.retryAfterSeconds, 120);
    const withoutBlock = scan(filler).work;
    assert.ok(result.work - withoutBlock < 64 * 1024, `the Retry-After cost ${result.work - withoutBlock} characters of work`);
  });

  it('reads the header block, not the 8 KiB around it: a lookup between a Date line and a blank line', () => {
    const filler = '{"event":"sync","status":200,"id":"4b7f"}\n'.repeat(200);
    const block = `HTTP/1.1 429 Too Many Requests\nDate: Wed, 01 May 2024 12:00:00 GMT\nContent-Type: text/html\n${RETRY_AFTER}\n\n`;
    const text = filler + block + filler;
    const dates = new DateHeaders(text);
    assert.equal(dates.near(text.indexOf('Retry-After')), 'Wed, 01 May 2024 12:00:00 GMT');
    assert.ok(dates.work < 400, `read ${dates.work} characters`);
  });

  it('costs work linear in the length on texts of Retry-After lines alone: each line read about once', () => {
    for (const lineBreak of ['\n', '\r\n']) {
      const small = `${RETRY_AFTER}${lineBreak}`.repeat(1000);
      const large = `${RETRY_AFTER}${lineBreak}`.repeat(8000);
      const smallWork = workOfEveryLookup(small);
      const largeWork = workOfEveryLookup(large);
      // Without what earlier lookups learned, each of them would read the 8 KiB around it: 180 times the line.
      assert.ok(largeWork <= 2 * large.length, `work ${largeWork} for ${large.length} characters`);
      assert.ok(largeWork <= 8 * 1.15 * smallWork, `work ${smallWork} at n, ${largeWork} at 8n`);
      // Through the scanner, which looks up the Date of each: its work stays a few times the length.
      assert.ok(scan(large).work <= 4 * large.length, `scan work ${scan(large).work} for ${large.length} characters`);
    }
  });

  it('costs work linear in the length when `Date:` lines after U+2028 are hidden in one long line', () => {
    // Only the first `Date:` of the line is one: each of the others asks what comes before it in the line.
    const make = (n: number) => `x\u2028${`Date: Wed, 01 May 2024 12:00:00 GMT\u2028${RETRY_AFTER}\u2028`.repeat(n)}`;
    const smallWork = workOfEveryLookup(make(1000));
    const large = make(8000);
    const largeWork = workOfEveryLookup(large);
    assert.ok(largeWork <= 4 * large.length, `work ${largeWork} for ${large.length} characters`);
    assert.ok(largeWork <= 8 * 1.15 * smallWork, `work ${smallWork} at n, ${largeWork} at 8n`);
  });
});
