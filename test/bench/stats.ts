/** Timing helpers: every figure is a median of repetitions, taken after untimed warm-up rounds. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Rounds {
  /** `timed[i]`: the times of `runs[i]` in the timed rounds. */
  readonly timed: number[][];
  /** `warmup[i]`: the times of `runs[i]` in the untimed rounds, first one first. */
  readonly warmup: number[][];
}

/** The engine's collector, where node runs with --expose-gc (`npm run bench` does). */
const gc = (globalThis as { gc?: (options: { type: 'major'; execution: 'sync' }) => void }).gc;

/**
 * A full collection, as the engine runs one of its own. Not `gc()` without options: that one also
 * reduces memory, dropping the object shapes no live object uses, and with them all the code
 * optimised for them; every scan after it ran unoptimised code, about 3× slower.
 */
function collectGarbage(): void {
  gc?.({ type: 'major', execution: 'sync' });
}

/**
 * `repetitions` timed rounds of all of `runs` in turn, after `warmups` untimed rounds. Each run
 * starts after a full collection where the collector is exposed, so that one run's garbage (a
 * parseTree of 20 MB leaves hundreds of MB) is not collected in the time of the next.
 */
export function timeRounds(runs: readonly (() => unknown)[], repetitions: number, warmups = 1): Rounds {
  const timed = runs.map((): number[] => []);
  const warmup = runs.map((): number[] => []);
  let sink: unknown;
  for (let round = -warmups; round < repetitions; round++) {
    runs.forEach((run, i) => {
      collectGarbage();
      const started = nowMs();
      sink = run();
      (round >= 0 ? timed : warmup)[i].push(nowMs() - started);
    });
  }
  keep(sink);
  return { timed, warmup };
}

/** Where results are kept: reachable from outside the module, so the engine cannot drop the work that made them. */
export const kept: { value: unknown } = { value: undefined };

export function keep(value: unknown): void {
  kept.value = value;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
