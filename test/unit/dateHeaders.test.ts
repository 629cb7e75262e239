import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { scan } from '../../src/core/scan';
import { DateHeaders } from '../../src/core/scan/headers';

/**
 * The `Date:` lines an HTTP-date Retry-After is measured against: indexed only around the lookups,
 * yet the same answers as an index of the whole text.
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
);
const breaks = fc.constantFrom('\n', '\r\n', '\r');
/** Most files break lines with LF alone, and get the index without regular expressions. */
const lineFeeds = fc.constant('\n');

function answersAsTheReference(lineBreaks: fc.Arbitrary<string>) {
  return fc.property(fc.array(fc.tuple(lines, lineBreaks), { maxLength: 120 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (parts, picks) => {
    const text = parts.map(([line, lineBreak]) => line + lineBreak).join('');
    if (text.length === 0) return;
    const dates = new DateHeaders(text);
    const positions = picks.map((pick) => pick % text.length).sort((a, b) => a - b);
    for (const pos of positions) assert.equal(dates.near(pos), referenceNear(text, pos), `at ${pos}`);
  });
}

describe('scan: Date headers for HTTP-date Retry-After', () => {
  it('answers as an index of the whole text would, for lookups that move forward', () => {
    fc.assert(answersAsTheReference(breaks), { numRuns: 500 });
  });

  it('answers the same in texts broken by line feeds alone (500 cases)', () => {
    fc.assert(answersAsTheReference(lineFeeds), { numRuns: 500 });
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
});
