import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LineCursor } from '../../src/core/scan/chars';

/** The line around `pos` by plain searches over the whole text: what the cursor must answer. */
function lineAround(text: string, pos: number): { start: number; end: number } {
  const before = text.slice(0, pos);
  const start = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const breaks = [text.indexOf('\n', pos), text.indexOf('\r', pos)].filter((at) => at >= 0);
  return { start, end: breaks.length > 0 ? Math.min(...breaks) : text.length };
}

describe('LineCursor', () => {
  it('finds the line around each position, with LF, CRLF and CR breaks (1,000 cases)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n'), maxLength: 200 });
    const walk = fc.tuple(text, fc.array(fc.nat(), { maxLength: 30 }), fc.boolean());
    fc.assert(
      fc.property(walk, ([content, picks, forward]) => {
        // Forward, as the scanner asks, or in any order, which must still be right.
        const positions = picks.map((p) => p % (content.length + 1));
        if (forward) positions.sort((a, b) => a - b);
        const cursor = new LineCursor(content);
        for (const pos of positions) {
          assert.deepEqual({ start: cursor.start(pos), end: cursor.end(pos) }, lineAround(content, pos), `at ${pos} in ${JSON.stringify(content)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('ends a CRLF line at its CR, and starts the next after its LF', () => {
    const cursor = new LineCursor('ab\r\ncd\re');
    assert.deepEqual([cursor.start(1), cursor.end(1)], [0, 2]);
    assert.deepEqual([cursor.start(3), cursor.end(3)], [3, 3]);
    assert.deepEqual([cursor.start(5), cursor.end(5)], [4, 6]);
    assert.deepEqual([cursor.start(7), cursor.end(7)], [7, 8]);
  });
});
