import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { AnchorFinder, CHUNK, simdKernel, type Anchor } from '../../src/core/scan/anchors';
import { scan } from '../../src/core/scan';
import { ANCHORS } from '../../src/core/scan/scanner';

/**
 * The scanner's prefilter: the SIMD kernel finds exactly the offsets that `indexOf` finds, for
 * every anchor, across chunk boundaries, in two-byte text, and while a visitor scans another text.
 */

const root = path.resolve(__dirname, '../../..');

/** The scanner's own anchors and buckets, the set that matters most. */
const SCANNER_ANCHORS: readonly Anchor[] = ANCHORS;

type Visit = readonly [anchor: number, pos: number];

function visits(finder: AnchorFinder, text: string): Visit[] {
  const out: Visit[] = [];
  finder.forEach(text, (anchor, pos) => out.push([anchor, pos]));
  return out;
}

/** The reference: every occurrence of every pattern, by offset and then by anchor. */
function expected(anchors: readonly Anchor[], text: string): Visit[] {
  const out: Visit[] = [];
  anchors.forEach(({ pattern }, anchor) => {
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) out.push([anchor, at]);
  });
  return out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

const kernel = simdKernel();
const withKernel = new AnchorFinder(SCANNER_ANCHORS);
const withIndexOf = new AnchorFinder(SCANNER_ANCHORS, null);

/**
 * Text made of the anchors' own characters, their neighbours in the nibble tables, and characters
 * above U+00FF whose low byte is an anchor's (U+0172 → `r`, U+264A → `J`): the kernel sees those
 * as the letter, and only the check against the text can tell them apart.
 */
const pieces = fc.constantFrom(...SCANNER_ANCHORS.map((a) => a.pattern), 'r', 'o', 'e', 'k', 'n', 'y', 'p', 'u', 's', '-', 'W', 'w', 'H', 'T', 'P', 'I', ' ', 'B', 'z', '\u0172', '\u264a', '\u0179', '\u2d2d', '\u00e9', '\n', '"', '\\', ',', 'R', 'x');
const texts = fc.array(pieces, { maxLength: 200 }).map((parts) => parts.join(''));

describe('anchors: the SIMD prefilter', () => {
  it('is compiled from anchors.wat as committed (npm run build:wasm)', async () => {
    const { generate } = (await import(path.join(root, 'build-wasm.js'))) as { generate(): Promise<string> };
    assert.equal(readFileSync(path.join(root, 'src/core/scan/anchorsWasm.ts'), 'utf8'), await generate());
  });

  it('runs as WebAssembly SIMD in this Node, so the tests below test the kernel', () => {
    assert.ok(kernel, 'WebAssembly SIMD is available in Node 20 and in every VS Code extension host');
  });

  it('finds what indexOf finds, in random text of the anchors and their look-alikes', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const reference = expected(SCANNER_ANCHORS, text);
        assert.deepEqual(visits(withKernel, text), reference);
        assert.deepEqual(visits(withIndexOf, text), reference);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds anchors that straddle a chunk boundary, at the very end, and nothing past it', () => {
    const filler = 'x'.repeat(3 * CHUNK);
    for (const { pattern } of SCANNER_ANCHORS) {
      for (const at of [0, CHUNK - pattern.length, CHUNK - 2, CHUNK - 1, CHUNK, 2 * CHUNK - 1]) {
        const text = filler.slice(0, at) + pattern + filler.slice(at + pattern.length);
        assert.deepEqual(visits(withKernel, text), expected(SCANNER_ANCHORS, text), `${pattern} at ${at}`);
      }
      for (const length of [pattern.length, CHUNK, CHUNK + 1, 2 * CHUNK]) {
        const text = filler.slice(0, length - pattern.length) + pattern;
        assert.deepEqual(visits(withKernel, text), expected(SCANNER_ANCHORS, text), `${pattern} ending a text of ${length}`);
        // A prefix of the pattern at the end is not the pattern, whatever was in memory before.
        if (pattern.length > 1) assert.deepEqual(visits(withKernel, text.slice(0, -1)), expected(SCANNER_ANCHORS, text.slice(0, -1)));
      }
    }
    assert.deepEqual(visits(withKernel, ''), []);
  });

  it('reports every offset of a text that is one anchor over and over (the output never overflows)', () => {
    const text = 'J'.repeat(CHUNK + 7);
    const found = visits(withKernel, text);
    assert.equal(found.length, text.length);
    assert.deepEqual(found[CHUNK], [2, CHUNK]);
  });

  it('reports anchors of several buckets at one offset in anchor order, kernel and passes alike', () => {
    // `ab` is a prefix of `abc`, and `a` of both: at each `abc` three buckets match one offset.
    const anchors: Anchor[] = [
      { pattern: 'abc', bucket: 5 },
      { pattern: 'zz', bucket: 0 },
      { pattern: 'ab', bucket: 2 },
      { pattern: 'a', bucket: 7 },
      { pattern: 'abd', bucket: 5 },
    ];
    const text = `abc ab abd zz ${'x'.repeat(CHUNK - 16)}abc`;
    const reference = expected(anchors, text);
    assert.deepEqual(reference.slice(0, 3), [
      [0, 0],
      [2, 0],
      [3, 0],
    ]);
    assert.deepEqual(visits(new AnchorFinder(anchors), text), reference);
    assert.deepEqual(visits(new AnchorFinder(anchors, null), text), reference);
  });

  it('keeps its place when the visitor scans another text with the same finder', () => {
    const outer = `${'x'.repeat(CHUNK - 3)}rror ken ${'y-'.repeat(5)}`;
    const inner = 'us ype HTTP/ us';
    const seen: Visit[] = [];
    withKernel.forEach(outer, (anchor, pos) => {
      seen.push([anchor, pos]);
      assert.deepEqual(visits(withKernel, inner), expected(SCANNER_ANCHORS, inner));
    });
    assert.deepEqual(seen, expected(SCANNER_ANCHORS, outer));
  });

  it('finds the anchors of a large generated log as indexOf does', () => {
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      lines.push(`{"type":"https://example.com/${i}","status":${400 + (i % 100)},"error":"e${i}","access_token":"eyJ${i}"}`, `HTTP/1.1 429 Too Many Requests\nRetry-After: ${i}\nWWW-Authenticate: Bearer`);
    }
    const text = lines.join('\n');
    assert.ok(text.length > 4 * CHUNK);
    assert.deepEqual(visits(withKernel, text), expected(SCANNER_ANCHORS, text));
  });

  it('scans the same without WebAssembly (node --jitless), through the indexOf passes', () => {
    // Every fixture, one after the other: each envelope, escaped JSON, headers, HAR, tokens.
    const fixtures = path.join(root, 'test/fixtures');
    const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('.') && !name.endsWith('expected.json'));
    const text = files.map((name) => readFileSync(path.join(fixtures, name), 'utf8')).join('\n');
    const script = `const { simdKernel } = require(${JSON.stringify(path.join(root, 'out/src/core/scan/anchors.js'))});
      const { scan } = require(${JSON.stringify(path.join(root, 'out/src/core/scan/index.js'))});
      const text = require('node:fs').readFileSync(0, 'utf8');
      process.stdout.write(JSON.stringify({ kernel: simdKernel() !== null, findings: scan(text).findings }));`;
    const child = JSON.parse(execFileSync(process.execPath, ['--jitless', '-e', script], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })) as { kernel: boolean; findings: unknown };
    assert.equal(child.kernel, false, 'no WebAssembly under --jitless');
    const here = JSON.parse(JSON.stringify(scan(text).findings)) as unknown[];
    assert.ok(here.length > 10, `the fixtures hold findings (${here.length})`);
    assert.deepEqual(child.findings, here);
  });

  it('without the kernel, searches for each anchor once per occurrence, not once per chunk', () => {
    // 40 chunks, one `us"` near the end and no other anchor: the passes must not search the rest
    // of the text again from every chunk (which would be quadratic in the length).
    const text = `${'x'.repeat(40 * CHUNK)}"status": 401`;
    const searches = new Map<string, number>();
    const indexOf = String.prototype.indexOf;
    String.prototype.indexOf = function (this: string, pattern: string, from?: number) {
      if (this === text) searches.set(pattern, (searches.get(pattern) ?? 0) + 1);
      return indexOf.call(this, pattern, from);
    };
    let found: Visit[];
    try {
      found = visits(withIndexOf, text);
    } finally {
      String.prototype.indexOf = indexOf;
    }
    assert.deepEqual(found, expected(SCANNER_ANCHORS, text));
    for (const { pattern } of SCANNER_ANCHORS) {
      // The first search, plus one after each occurrence.
      const occurrences = expected([{ pattern, bucket: 0 }], text).length;
      assert.equal(searches.get(pattern), occurrences + 1, `searches for ${JSON.stringify(pattern)}`);
    }
  });

  it('accepts printable ASCII anchors in buckets 0 to 7 only', () => {
    assert.throws(() => new AnchorFinder([{ pattern: 'ção', bucket: 0 }]), /printable ASCII/);
    assert.throws(() => new AnchorFinder([{ pattern: '', bucket: 0 }]), /printable ASCII/);
    assert.throws(() => new AnchorFinder([{ pattern: 'ok', bucket: 8 }]), /bucket/);
  });
});
