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

/**
 * `repetitions` timed rounds of all of `runs` in turn, after `warmups` untimed rounds. No forced
 * collection between runs: a full one throws away the scanner's optimised code along with the
 * object shapes no live object uses (every scan after one ran 3-5x slower), and the collection
 * `gc({type: 'major', execution: 'sync'})` runs leaves a parseTree's tree in place. The garbage of
 * one run is collected in the time of a later one, which the figures must bear.
 */
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
