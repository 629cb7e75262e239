import { ANCHORS_WASM } from './anchorsWasm';

/**
 * Every offset where one of a set of short patterns starts, in one pass over the text. The pass is
 * the SIMD kernel of `anchors.wat` over a copy of the text in 64 KB chunks, which finds candidates
 * by the first three characters of each pattern at a few bytes per nanosecond; each candidate is
 * then checked against the text. Where WebAssembly SIMD is missing, one `indexOf` pass per pattern
 * finds the same offsets, more slowly.
 *
 * The kernel reads bytes: each chunk is copied as Latin-1, which keeps a character below U+0100
 * and only the low byte of any other. Offsets stay those of the string, and a character that
 * lands on a pattern's byte is a false candidate the check drops; patterns are ASCII.
 */

export interface Anchor {
  readonly pattern: string;
  /**
   * The kernel's bucket (0–7). Anchors in one bucket are found as one: their first three bytes
   * allowed in every combination of their nibbles, so only anchors whose combinations stay rare in
   * text should share (the case or quote variants of one anchor, two upper-case patterns).
   */
  readonly bucket: number;
}

export type AnchorVisitor = (anchor: number, pos: number) => void;

/** Characters per kernel call: the copy and the pass stay in the CPU's cache. */
export const CHUNK = 64 * 1024;
/** A candidate is its offset in the chunk (low 24 bits) and the buckets that may start there (high 8). */
const BUCKET_SHIFT = 24;
const OFFSET_MASK = (1 << BUCKET_SHIFT) - 1;
/** Leading characters of a pattern that the kernel compares. */
const FINGERPRINT = 3;
/** Bytes of the six nibble tables, at offset 0 of the kernel's memory (then 16 bytes of its scratch). */
const TABLES_SIZE = 6 * 16;
const INPUT = 128;
/** The kernel reads up to 16 bytes past the last offset, plus the rest of the fingerprint. */
const INPUT_SIZE = CHUNK + 16 + FINGERPRINT;
const OUTPUT = INPUT + Math.ceil(INPUT_SIZE / 16) * 16;
const MEMORY_SIZE = OUTPUT + 4 * CHUNK;
const PAGE = 64 * 1024;

export class AnchorFinder<A extends Anchor = Anchor> {
  private readonly tables = new Uint8Array(TABLES_SIZE);
  /** Anchor indices by bucket, ascending. */
  private readonly byBucket: number[][] = Array.from({ length: 8 }, () => []);
  /** Each anchor's character codes, compared in place (a call to `startsWith` per check cost more). */
  private readonly codes: readonly (readonly number[])[];

  constructor(
    readonly anchors: readonly A[],
    /** Which pass to use: the kernel where the engine runs it (the default), or `indexOf` only. */
    private readonly kernel: Kernel | null = simdKernel(),
  ) {
    this.codes = anchors.map(({ pattern }) => Array.from(pattern, (c) => c.charCodeAt(0)));
    anchors.forEach(({ pattern, bucket }, index) => {
      if (!/^[\x20-\x7e]+$/.test(pattern)) throw new Error(`an anchor is printable ASCII: ${JSON.stringify(pattern)}`);
      if (!(bucket >= 0 && bucket < 8)) throw new Error(`a bucket is 0 to 7: ${bucket}`);
      this.byBucket[bucket].push(index);
      for (let at = 0; at < FINGERPRINT; at++) {
        const low = 32 * at;
        const high = low + 16;
        const bit = 1 << bucket;
        if (at >= pattern.length) {
          // Past a short pattern's end any byte will do.
          for (let nibble = 0; nibble < 16; nibble++) {
            this.tables[low + nibble] |= bit;
            this.tables[high + nibble] |= bit;
          }
        } else {
          const c = pattern.charCodeAt(at);
          this.tables[low + (c & 15)] |= bit;
          this.tables[high + (c >> 4)] |= bit;
        }
      }
    });
  }

  /** Calls `visit(anchor, pos)` for every occurrence of every anchor, by offset (then by anchor). */
  forEach(text: string, visit: AnchorVisitor): void {
    const candidatesIn = this.candidateSource(text);
    const { byBucket } = this;
    for (let start = 0; start < text.length; start += CHUNK) {
      const candidates = candidatesIn(start, Math.min(CHUNK, text.length - start));
      // The visitor may scan another text with this finder (JSON inside a string): the candidates
      // are this chunk's own copy, never the kernel's memory.
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i];
        const pos = start + (candidate & OFFSET_MASK);
        const buckets = candidate >>> BUCKET_SHIFT;
        if ((buckets & (buckets - 1)) === 0) {
          // One bucket, as almost always: only its anchors can start here.
          const list = byBucket[31 - Math.clz32(buckets)];
          for (let j = 0; j < list.length; j++) if (this.startsAt(list[j], text, pos)) visit(list[j], pos);
        } else {
          // Several: in anchor order, as promised.
          for (let index = 0; index < this.anchors.length; index++) {
            if ((buckets >> this.anchors[index].bucket) & 1 && this.startsAt(index, text, pos)) visit(index, pos);
          }
        }
      }
    }
  }

  /** Whether anchor `index` occurs at `pos` (a candidate: its first bytes may be a character's low byte). */
  private startsAt(index: number, text: string, pos: number): boolean {
    const codes = this.codes[index];
    for (let k = 0; k < codes.length; k++) if (text.charCodeAt(pos + k) !== codes[k]) return false;
    return true;
  }

  /** The candidates of one chunk of `text`, from the kernel or from the `indexOf` passes. */
  private candidateSource(text: string): (start: number, length: number) => Uint32Array {
    const { kernel, tables } = this;
    if (kernel) return (start, length) => kernel.find(tables, text, start, length);
    const passes = new IndexOfPasses(text, this.anchors);
    return (start, length) => passes.candidates(start, start + length);
  }
}

/**
 * The fallback: one `indexOf` pass per anchor over the whole text, taken chunk by chunk. Each
 * pattern's next occurrence is kept from chunk to chunk, so an anchor that is absent is searched
 * for once, not once per chunk.
 */
class IndexOfPasses {
  private readonly next: number[];

  constructor(
    private readonly text: string,
    private readonly anchors: readonly Anchor[],
  ) {
    this.next = anchors.map(({ pattern }) => text.indexOf(pattern));
  }

  /** The candidates in [start, end), as the kernel writes them: by offset from `start`, each once, with its buckets. */
  candidates(start: number, end: number): Uint32Array {
    const found: number[] = [];
    this.anchors.forEach(({ pattern, bucket }, i) => {
      let at = this.next[i];
      for (; at >= 0 && at < end; at = this.text.indexOf(pattern, at + 1)) found.push((at - start) * 8 + bucket);
      this.next[i] = at;
    });
    const sorted = Float64Array.from(found).sort();
    const out = new Uint32Array(sorted.length);
    let count = 0;
    for (let i = 0; i < sorted.length; i++) {
      const offset = Math.floor(sorted[i] / 8);
      const bit = 1 << sorted[i] % 8;
      if (count > 0 && ((out[count - 1] & OFFSET_MASK) === offset)) out[count - 1] |= bit << BUCKET_SHIFT;
      else out[count++] = (offset | (bit << BUCKET_SHIFT)) >>> 0;
    }
    return out.subarray(0, count);
  }
}

/** The compiled `anchors.wat`, with its memory laid out for one chunk. */
export interface Kernel {
  /** The chunk's candidates (offsets from `start` with their buckets), by offset: a copy the caller may keep. */
  find(tables: Uint8Array, text: string, start: number, length: number): Uint32Array;
}

let shared: Kernel | null | undefined;

/**
 * The kernel, compiled once per process; null where WebAssembly SIMD is not available (an engine
 * without it, `--jitless`, or memory refused), and the scan falls back to `indexOf`.
 */
export function simdKernel(): Kernel | null {
  if (shared === undefined) {
    try {
      shared = compileKernel();
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** The part of the WebAssembly API used here (@types/node 20 declares none of it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

interface WebAssemblyMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

function compileKernel(): Kernel | null {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm) return null;
  const bytes = Buffer.from(ANCHORS_WASM, 'base64');
  if (!wasm.validate(bytes)) return null;
  const { exports } = new wasm.Instance(new wasm.Module(bytes));
  const memory = exports.memory as WebAssemblyMemory;
  const findCandidates = exports.find as (input: number, length: number, output: number) => number;
  const pages = Math.ceil(MEMORY_SIZE / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages > 0) memory.grow(pages);
  // Views taken after the growth, which replaces the buffer.
  const heap = Buffer.from(memory.buffer);
  const output = new Uint32Array(memory.buffer, OUTPUT, CHUNK);
  return {
    find(tables, text, start, length) {
      heap.set(tables, 0);
      // The fingerprint of the chunk's last offsets reads into the next chunk.
      const copied = heap.write(text.slice(start, Math.min(text.length, start + length + FINGERPRINT - 1)), INPUT, 'latin1');
      // Zeros after the text's end (no anchor starts with one), as far as the kernel reads.
      heap.fill(0, INPUT + copied, INPUT + length + 16 + FINGERPRINT);
      return output.slice(0, findCandidates(INPUT, length, OUTPUT));
    },
  };
}
