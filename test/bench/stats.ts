/** Timing helpers: every figure is a median of repetitions, taken after one warm-up run. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Milliseconds of each of `repetitions` runs of `run`, after `warmup` untimed runs. */
export function timeRuns(run: () => unknown, repetitions: number, warmup = 1): number[] {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = run();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = nowMs();
    sink = run();
    times.push(nowMs() - started);
  }
  keep(sink);
  return times;
}

/**
 * Milliseconds of each of `runs`, `repetitions` rounds of all of them in turn after one untimed
 * round: `result[i]` holds the times of `runs[i]`.
 */
export function timeRounds(runs: readonly (() => unknown)[], repetitions: number): number[][] {
  const times = runs.map((): number[] => []);
  let sink: unknown;
  for (let round = -1; round < repetitions; round++) {
    runs.forEach((run, i) => {
      const started = nowMs();
      sink = run();
      if (round >= 0) times[i].push(nowMs() - started);
    });
  }
  keep(sink);
  return times;
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
