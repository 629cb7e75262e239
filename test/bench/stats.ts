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

export interface Rounds {
  /** `timed[i]`: the times of `runs[i]` in the timed rounds. */
  readonly timed: number[][];
  /** `warmup[i]`: the times of `runs[i]` in the untimed rounds, first one first. */
  readonly warmup: number[][];
}

/** `repetitions` timed rounds of all of `runs` in turn, after `warmups` untimed rounds. */
export function timeRounds(runs: readonly (() => unknown)[], repetitions: number, warmups = 1): Rounds {
  const timed = runs.map((): number[] => []);
  const warmup = runs.map((): number[] => []);
  let sink: unknown;
  for (let round = -warmups; round < repetitions; round++) {
    runs.forEach((run, i) => {
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
