import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import { scan } from '../../src/core/scan';
import { round } from './stats';

/**
 * Peak extra heap while scanning, as a multiple of the text's own size. Runs in a child process
 * started with `--expose-gc`, so nothing of the parent (the other inputs, earlier results) is on
 * the heap: the text is read, the heap collected, and V8's GC profiler records the used heap
 * before every collection during the scan; the peak is the largest of those and of the heap at the
 * end of the scan, minus the heap before it. Garbage that no collection had reclaimed yet counts:
 * it is memory the process held.
 */

export interface MemoryResult {
  readonly textChars: number;
  /** Heap taken by the text itself (a one-byte string: about one byte per character). */
  readonly textBytes: number;
  readonly peakExtraBytes: number;
  /** Still reachable after the scan and a full collection: the findings. */
  readonly retainedBytes: number;
  /** Everything the scan allocated, garbage included. */
  readonly allocatedBytes: number;
  readonly collections: number;
  readonly peakOverText: number;
  readonly findings: number;
}

declare const gc: () => void;

function used(): number {
  return v8.getHeapStatistics().used_heap_size;
}

function measure(file: string): MemoryResult {
  gc();
  gc();
  const empty = used();
  const text = readFileSync(file, 'utf8');
  gc();
  gc();
  const before = used();
  const textBytes = before - empty;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const result = scan(text);
  const atEnd = used();
  const profile = profiler.stop() as { statistics: { beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[] };
  let peak = atEnd;
  let reclaimed = 0;
  for (const collection of profile.statistics) {
    peak = Math.max(peak, collection.beforeGC.heapStatistics.usedHeapSize);
    reclaimed += Math.max(0, collection.beforeGC.heapStatistics.usedHeapSize - collection.afterGC.heapStatistics.usedHeapSize);
  }
  gc();
  gc();
  const retainedBytes = used() - before;
  const findings = result.findings.length;
  return {
    textChars: text.length,
    textBytes,
    peakExtraBytes: peak - before,
    retainedBytes,
    allocatedBytes: atEnd - before + reclaimed,
    collections: profile.statistics.length,
    peakOverText: round((peak - before) / textBytes),
    findings,
  };
}

/** Runs the measurement in a fresh `node --expose-gc` and returns its result. */
export function measureMemory(file: string): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', __filename, file], { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`memory child failed: ${error.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as MemoryResult);
      } catch {
        reject(new Error(`memory child printed no result: ${stdout}${stderr}`));
      }
    });
  });
}

if (require.main === module) {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.error('run with --expose-gc');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(measure(process.argv[2]))}\n`);
}
