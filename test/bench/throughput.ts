import { parseTree } from 'jsonc-parser';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/scan/types';
import type { Generated, Planted } from './generate';
import { keep, median, round, timeRounds } from './stats';

/**
 * Scanner throughput on one input: `scan` against one `indexOf` pass over the same text (the
 * practical limit) and against jsonc-parser's `parseTree` (what a naive implementation costs).
 */

/**
 * The limit: one pass of `indexOf` for the key every RD Station error payload carries, over the
 * whole text (each occurrence found, as a scanner must). A needle that cannot occur (pure memchr
 * over the bytes) is recorded too, as the floor of touching the memory at all.
 */
export const INDEXOF_NEEDLE = '"error_type"';
export const MEMCHR_NEEDLE = '\u0001';

export type ParseMode = 'per-line' | 'whole';

/** Untimed rounds before the timed ones (see measureThroughput). */
export const WARMUP_ROUNDS = Number(process.env.TOKENWISE_BENCH_WARMUP) || 3;

export interface ThroughputResult {
  readonly name: string;
  readonly label: string;
  readonly chars: number;
  readonly megabytes: number;
  readonly repetitions: number;
  readonly scanMs: number;
  readonly scanRunsMs: readonly number[];
  /** The scan with nothing remembered (`remember: false`): every region and string read, as when nothing repeats. */
  readonly unrememberedScanMs: number;
  readonly unrememberedOverIndexOf: number;
  /** The scans of the untimed rounds; the log's first is the process's first scan, before V8 optimises anything. */
  readonly warmupScanRunsMs: readonly number[];
  readonly indexOfRunsMs: readonly number[];
  readonly indexOfMs: number;
  readonly indexOfNeedle: string;
  readonly indexOfHits: number;
  readonly memchrMs: number;
  readonly parseTreeMs: number;
  readonly parseMode: ParseMode;
  readonly scanOverIndexOf: number;
  readonly scanOverMemchr: number;
  readonly parseTreeOverScan: number;
  readonly megabytesPerSecond: number;
  readonly planted: number;
  readonly found: number;
  readonly findings: number;
  /** Findings with a severity (diagnostics) outside every planted item: false alarms. */
  readonly extraDiagnostics: number;
  readonly misses: Readonly<Record<string, number>>;
  readonly missExamples: readonly string[];
}

function indexOfPass(text: string, needle: string): number {
  let hits = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) hits++;
  return hits;
}

/** The naive way: jsonc-parser's parseTree over each line from its first `{`, or over the whole text. */
function parseAll(text: string, mode: ParseMode): number {
  if (mode === 'whole') return parseTree(text) ? 1 : 0;
  let trees = 0;
  for (const line of text.split('\n')) {
    const brace = line.indexOf('{');
    if (brace >= 0 && parseTree(line.slice(brace))) trees++;
  }
  return trees;
}

/** Which planted items the findings cover (every expected code overlapping the item), and the false alarms. */
export function checkFindings(planted: readonly Planted[], findings: readonly Finding[], text: string) {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const matched = new Uint8Array(sorted.length);
  const misses: Record<string, number> = {};
  const missExamples: string[] = [];
  let found = 0;
  let first = 0;
  for (const item of planted) {
    while (first < sorted.length && sorted[first].end <= item.start) first++;
    const codes = new Set<string>();
    // A few findings back as well: a long one (an escaped literal) may start before the item.
    for (let i = Math.max(0, first - 4); i < sorted.length && sorted[i].start < item.end; i++) {
      if (sorted[i].end > item.start) {
        codes.add(sorted[i].entry.code);
        matched[i] = 1;
      }
    }
    if (item.codes.every((code) => codes.has(code))) {
      found++;
    } else {
      misses[item.kind] = (misses[item.kind] ?? 0) + 1;
      if (missExamples.length < 5) missExamples.push(`${item.kind}: expected ${item.codes.join(', ')}, got ${[...codes].join(', ') || 'nothing'} in ${JSON.stringify(text.slice(item.start, Math.min(item.end, item.start + 160)))}`);
    }
  }
  let extraDiagnostics = 0;
  sorted.forEach((finding, i) => {
    if (!matched[i] && finding.severity !== undefined) extraDiagnostics++;
  });
  return { found, misses, missExamples, extraDiagnostics };
}

export function measureThroughput(name: string, label: string, input: Generated, parseMode: ParseMode, repetitions: number): ThroughputResult {
  const { text } = input;
  // Interleaved rounds (scan, then its baselines, parseTree last): a load that comes and goes on a
  // shared machine falls on the figure and its baselines alike. parseTree's garbage is collected
  // in the next round's time, mostly its scan's: the bias is against the scan. The first input's first
  // scans are V8 compiling the scanner and compiling it again as new shapes arrive; it settles by
  // the third.
  const rounds = timeRounds(
    [() => scan(text), () => indexOfPass(text, INDEXOF_NEEDLE), () => text.indexOf(MEMCHR_NEEDLE), () => scan(text, { remember: false }), () => parseAll(text, parseMode)],
    repetitions,
    WARMUP_ROUNDS,
  );
  const [scanRuns, indexOfRuns, memchrRuns, unrememberedRuns, parseRuns] = rounds.timed;
  const result = scan(text);
  keep(result);
  const check = checkFindings(input.planted, result.findings, text);
  const scanMs = median(scanRuns);
  const indexOfMs = median(indexOfRuns);
  const memchrMs = median(memchrRuns);
  const unrememberedScanMs = median(unrememberedRuns);
  const parseTreeMs = median(parseRuns);
  const megabytes = text.length / (1024 * 1024);
  return {
    name,
    label,
    chars: text.length,
    megabytes: round(megabytes, 1),
    repetitions,
    scanMs: round(scanMs),
    scanRunsMs: scanRuns.map((ms) => round(ms)),
    unrememberedScanMs: round(unrememberedScanMs),
    unrememberedOverIndexOf: round(unrememberedScanMs / indexOfMs),
    warmupScanRunsMs: rounds.warmup[0].map((ms) => round(ms)),
    indexOfRunsMs: indexOfRuns.map((ms) => round(ms)),
    indexOfMs: round(indexOfMs),
    indexOfNeedle: INDEXOF_NEEDLE,
    indexOfHits: indexOfPass(text, INDEXOF_NEEDLE),
    memchrMs: round(memchrMs, 3),
    parseTreeMs: round(parseTreeMs),
    parseMode,
    scanOverIndexOf: round(scanMs / indexOfMs),
    scanOverMemchr: round(scanMs / memchrMs, 1),
    parseTreeOverScan: round(parseTreeMs / scanMs, 1),
    megabytesPerSecond: round(megabytes / (scanMs / 1000), 0),
    planted: input.planted.length,
    found: check.found,
    findings: result.findings.length,
    extraDiagnostics: check.extraDiagnostics,
    misses: check.misses,
    missExamples: check.missExamples,
  };
}
