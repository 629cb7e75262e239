import * as assert from 'node:assert/strict';
import { LineIndex, stripBom } from '../../src/core/text/lineIndex';

describe('LineIndex', () => {
  it('counts LF, CRLF and CR line breaks like VS Code', () => {
    const index = new LineIndex('a\nbc\r\nd\re');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(3), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(index.positionAt(8), { line: 3, character: 0 });
  });

  it('clamps offsets outside the text', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-4), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
  });

  it('strips only a leading byte order mark', () => {
    assert.equal(stripBom('\uFEFF{"a":1}'), '{"a":1}');
    assert.equal(stripBom('{"a":"\uFEFF"}'), '{"a":"\uFEFF"}');
  });
});
