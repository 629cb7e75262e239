import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { say } from '../harness/log';
import { repoRoot } from '../harness/paths';
import { ensureTools } from '../harness/tools';
import { buildProduction, SIZE_TARGET_BYTES, type BundleResult } from './bundle';
import { DEFAULT_SEED, generateInputs, generateLog, LOG_PAYLOADS } from './generate';
import { prepareWorkspace, runHostBench, type HostRun } from './hostBench';
import { measureMemory, type MemoryResult } from './memory';
import { median, nowMs, round } from './stats';
import { INDEXOF_NEEDLE, measureThroughput, WARMUP_ROUNDS, type ThroughputResult } from './throughput';

/**
 * `npm run bench`: every figure of DESIGN.md §5 as a ratio against a baseline measured in the same
 * run, medians of repetitions. Prints a table (Markdown, as pasted in the README) and writes
 * bench-results/latest.json. A benchmark, not a test: a missed target is reported, never fatal.
 *
 * TOKENWISE_BENCH_HOSTS (default 4: the first without Tokenwise's code cache, the others with it) fresh VS Code hosts; TOKENWISE_BENCH_REPS (default 7) rounds per
 * input, after TOKENWISE_BENCH_WARMUP (default 3) untimed ones; TOKENWISE_BENCH_SKIP_HOST=1 leaves
 * the real host out; TOKENWISE_BENCH_SKIP_SCANNER=1 leaves out the scanner's throughput and memory
 * (the 20 MB inputs), for a run of the bundle and the host part alone; TOKENWISE_BENCH_ACTIVATION_ONLY=1 times only the activations in the host (no 5 MB file,
 * no edits); TOKENWISE_BENCH_CPU_PROFILE=<folder> writes a V8 CPU profile of each host's Tokenwise
 * activation there (that run's activation ratio is then no figure); TOKENWISE_BENCH_VERBOSE=1 prints the
 * host's lines; TOKENWISE_KEEP_TEMP=1 keeps the generated files.
 */

const DEBOUNCE_MS = 300; // VALIDATION_DELAY_MS of src/editor/diagnostics.ts

const TARGETS = {
  scanOverIndexOfLog: 6,
  scanOverIndexOfClean: 3,
  parseTreeOverScan: 10,
  memoryOverText: 2,
  bundleBytes: SIZE_TARGET_BYTES,
  activationOverEmpty: 3,
};

/** The commit measured, and whether the sources differ from it (the bench builds the working copy). */
function revision(): { commit: string; dirtySources: number } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'package.json', 'esbuild.js');
    return { commit: git('rev-parse', '--short', 'HEAD'), dirtySources: dirty ? dirty.split('\n').length : 0 };
  } catch {
    return { commit: 'unknown', dirtySources: 0 };
  }
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: model,
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((load) => round(load, 2)),
  };
}

interface Summary {
  activation?: {
    tokenwiseMs: number;
    emptyMs: number;
    extraMs: number;
    ratio: number;
    hosts: number;
    perHostRatios: number[];
    activeBefore: boolean;
    openFileMB: number;
    /** Every one of these hosts started with the code cache of an earlier start. */
    codeCache: boolean;
  };
  /** The host that started without a code cache, when the others had one. */
  firstStart?: Summary['activation'];
  /** The same activations in the host's CPU time. */
  activationCpu?: { tokenwiseMs: number; emptyMs: number; ratio: number; hosts: number; perHostRatios: number[] };
  edit?: {
    samples: number;
    applyMs: number;
    publishMs: number;
    /** From the change reaching the extension host to the diagnostics, minus the debounce: Tokenwise's own time. */
    afterDebounceMs: number;
    ratioRaw: number;
    ratioAfterDebounce: number;
    fileMB: number;
    diagnostics: number;
  };
}

type ActivationSummary = NonNullable<Summary['activation']>;
type ActivationCpuSummary = NonNullable<Summary['activationCpu']>;

/** Per host: Tokenwise, and the mean of the empty extensions activated just before and after it. */
function activationSummaries(runs: readonly HostRun[]): { activation?: ActivationSummary; activationCpu?: ActivationCpuSummary } {
  const summary: { activation?: ActivationSummary; activationCpu?: ActivationCpuSummary } = {};
  const cpu = runs
    .map((run) => run.result.activationCpuMs)
    .filter((ms): ms is Record<string, number> => !!ms && ms.tokenwise !== undefined && ms.empty !== undefined && ms.empty2 !== undefined)
    .map((ms) => ({ tokenwise: ms.tokenwise, empty: (ms.empty + ms.empty2) / 2 }));
  if (cpu.length > 0) {
    const perHostRatios = cpu.map((ms) => ms.tokenwise / ms.empty);
    summary.activationCpu = {
      tokenwiseMs: round(median(cpu.map((ms) => ms.tokenwise))),
      emptyMs: round(median(cpu.map((ms) => ms.empty))),
      ratio: round(median(perHostRatios), 2),
      hosts: cpu.length,
      perHostRatios: perHostRatios.map((ratio) => round(ratio, 2)),
    };
  }
  const activations = runs
    .map((run) => run.result.activationMs)
    .filter((ms): ms is Record<string, number> => !!ms && ms.tokenwise !== undefined && ms.empty !== undefined && ms.empty2 !== undefined)
    .map((ms) => ({ tokenwise: ms.tokenwise, empty: (ms.empty + ms.empty2) / 2 }));
  if (activations.length > 0) {
    const tokenwiseMs = median(activations.map((ms) => ms.tokenwise));
    const emptyMs = median(activations.map((ms) => ms.empty));
    const perHostRatios = activations.map((ms) => ms.tokenwise / ms.empty);
    summary.activation = {
      tokenwiseMs: round(tokenwiseMs),
      emptyMs: round(emptyMs),
      extraMs: round(tokenwiseMs - emptyMs),
      // The median of each host's own ratio: a host slowed down as a whole moves both of its figures.
      ratio: round(median(perHostRatios), 2),
      hosts: activations.length,
      perHostRatios: perHostRatios.map((ratio) => round(ratio, 2)),
      activeBefore: runs.some((run) => Object.values(run.result.activeBefore ?? {}).some(Boolean)),
      openFileMB: round((runs.find((run) => run.result.editFileChars)?.result.editFileChars ?? 0) / 1024 / 1024, 1),
      codeCache: runs.every((run) => run.result.codeCacheSeeded),
    };
  }
  return summary;
}

function summarise(runs: readonly HostRun[]): Summary {
  // The figure is a usual start, with the code cache an earlier start wrote (src/boot.ts); the
  // first start after an install or update, which compiles everything, is shown on its own.
  const withCache = runs.filter((run) => run.result.codeCacheSeeded);
  const withoutCache = runs.filter((run) => !run.result.codeCacheSeeded);
  const summary: Summary = withCache.length > 0 ? { ...activationSummaries(withCache), firstStart: activationSummaries(withoutCache).activation } : activationSummaries(runs);
  const samples = runs.flatMap((run) => run.result.edits ?? []);
  const first = runs.find((run) => run.result.editFileChars);
  if (samples.length > 0 && first) {
    const applyMs = median(samples.map((s) => s.applyMs));
    const publishMs = median(samples.map((s) => s.publishMs));
    const afterDebounceMs = median(samples.map((s) => s.publishMs - s.changeMs - DEBOUNCE_MS));
    summary.edit = {
      samples: samples.length,
      applyMs: round(applyMs),
      publishMs: round(publishMs),
      afterDebounceMs: round(afterDebounceMs),
      ratioRaw: round(publishMs / applyMs, 1),
      ratioAfterDebounce: round(afterDebounceMs / applyMs, 2),
      fileMB: round((first.result.editFileChars ?? 0) / 1024 / 1024, 1),
      diagnostics: first.result.diagnosticsOnOpen ?? 0,
    };
  }
  return summary;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const times = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

function table(scanner: readonly ThroughputResult[], memory: MemoryResult | undefined, bundle: BundleResult | undefined, runs: readonly HostRun[], summary: Summary): string {
  const rows: string[][] = [];
  for (const r of scanner) {
    const target = r.name === 'log' ? TARGETS.scanOverIndexOfLog : r.name === 'clean' ? TARGETS.scanOverIndexOfClean : undefined;
    rows.push([
      `scan, ${r.label} (${r.megabytes} MB)`,
      ms(r.scanMs),
      `indexOf pass ${ms(r.indexOfMs)}`,
      times(r.scanOverIndexOf),
      target ? `≤ ${target}×` : '—',
      verdict(target ? r.scanOverIndexOf <= target : undefined),
    ]);
    if (r.name !== 'clean') {
      rows.push([
        `… the same scan remembering nothing (every region and string read, as when none repeats)`,
        ms(r.unrememberedScanMs),
        `indexOf pass ${ms(r.indexOfMs)}`,
        times(r.unrememberedOverIndexOf),
        '—',
        '',
      ]);
    }
    rows.push([
      `parseTree / scan, ${r.label}`,
      ms(r.scanMs),
      `parseTree ${r.parseMode === 'whole' ? 'of the whole text' : 'of each line from its first `{`'} ${ms(r.parseTreeMs)}`,
      `${times(r.parseTreeOverScan)} faster`,
      `≥ ${TARGETS.parseTreeOverScan}×`,
      verdict(r.parseTreeOverScan >= TARGETS.parseTreeOverScan),
    ]);
    rows.push([
      `found / planted, ${r.label}`,
      `${r.found} / ${r.planted}`,
      `${r.extraDiagnostics} false diagnostics`,
      '',
      r.planted > 0 ? 'all, 0 false' : '0 false',
      verdict(r.found === r.planted && r.extraDiagnostics === 0),
    ]);
  }
  if (memory) {
    rows.push([
      'peak extra heap, scanning the log',
      `${round(memory.peakExtraBytes / 1024 / 1024, 1)} MB`,
      `text ${round(memory.textBytes / 1024 / 1024, 1)} MB`,
      times(memory.peakOverText),
      `< ${TARGETS.memoryOverText}×`,
      verdict(memory.peakOverText < TARGETS.memoryOverText),
    ]);
  }
  if (summary.edit) {
    const e = summary.edit;
    rows.push([
      `edit → diagnostics published, ${e.fileMB} MB file, median of ${e.samples}`,
      ms(e.publishMs),
      `VS Code applies the edit ${ms(e.applyMs)}`,
      times(e.ratioRaw),
      '— (holds the 300 ms debounce)',
      '',
    ]);
    rows.push([
      `… of which Tokenwise's work after its ${DEBOUNCE_MS} ms debounce`,
      ms(e.afterDebounceMs),
      `VS Code applies the edit ${ms(e.applyMs)}`,
      times(e.ratioAfterDebounce),
      '—',
      '',
    ]);
  }
  const checks = runs.find((run) => run.result.rapidEdits || run.result.closedDocument)?.result;
  if (checks?.rapidEdits) {
    const r = checks.rapidEdits;
    rows.push([
      `scans for ${r.edits} edits within ${r.editsSpanMs.toFixed(0)} ms, ${Math.round(r.chars / 1024)} KB copy`,
      String(r.scans ?? 'not counted'),
      `${r.bursts} burst${r.bursts === 1 ? '' : 's'} of edits < ${DEBOUNCE_MS} ms apart`,
      '',
      'one per burst',
      verdict(r.scans === null ? undefined : r.scans === r.bursts),
    ]);
  }
  if (checks?.closedDocument) {
    const c = checks.closedDocument;
    rows.push([
      `scans after an edit, closed ${c.closeAfterChangeMs.toFixed(0)} ms later, ${Math.round(c.chars / 1024)} KB copy`,
      String(c.scansAfterEdit ?? 'not counted'),
      `${c.diagnosticsAfterClose} diagnostics left`,
      '',
      c.conclusive ? '0, and 0 left' : `inconclusive: closed after the ${DEBOUNCE_MS} ms debounce`,
      verdict(c.scansAfterEdit === null || !c.conclusive ? undefined : c.scansAfterEdit === 0 && c.diagnosticsAfterClose === 0),
    ]);
  }
  if (bundle) {
    rows.push([
      'dist/extension.js + dist/main.js, --production',
      `${(bundle.extensionBytes / 1000).toFixed(1)} KB`,
      [
        `${(bundle.bootBytes / 1000).toFixed(1)} KB that loads ${(bundle.mainBytes / 1000).toFixed(1)} KB through a code cache`,
        bundle.undiciInExtension ? 'undici inside' : `undici in dist/net.js (${(bundle.netBytes / 1000).toFixed(0)} KB)${bundle.netLoadedLazily ? ', required on first use' : ''}`,
        `scanner and catalogue in dist/analysis.js (${(bundle.analysisBytes / 1000).toFixed(0)} KB)${bundle.analysisLoadedLazily ? ', required on first use' : ', **bundled as well**'}`,
      ].join('; '),
      '',
      `< ${TARGETS.bundleBytes / 1000} KB`,
      verdict(bundle.extensionBytes < TARGETS.bundleBytes && !bundle.undiciInExtension),
    ]);
  }
  if (summary.activation) {
    const a = summary.activation;
    rows.push([
      `activate(), ${a.hosts} fresh host${a.hosts === 1 ? '' : 's'}${a.openFileMB > 0 ? `, a ${a.openFileMB} MB log open` : ''}${a.codeCache ? ', with the code cache of an earlier start' : ''} (median of per-host ratios)`,
      ms(a.tokenwiseMs),
      `empty extension ${ms(a.emptyMs)} (${a.extraMs >= 0 ? '+' : '−'}${ms(Math.abs(a.extraMs))})`,
      times(a.ratio),
      `< ${TARGETS.activationOverEmpty}×`,
      verdict(a.ratio < TARGETS.activationOverEmpty),
    ]);
  }
  if (summary.activationCpu) {
    const c = summary.activationCpu;
    rows.push([`… the same activations in the host's CPU time`, ms(c.tokenwiseMs), `empty extension ${ms(c.emptyMs)}`, times(c.ratio), '— (less moved by the load)', '']);
  }
  if (summary.firstStart) {
    const f = summary.firstStart;
    rows.push([
      `… the first start after an install or update (no code cache yet), ${f.hosts} host${f.hosts === 1 ? '' : 's'}`,
      ms(f.tokenwiseMs),
      `empty extension ${ms(f.emptyMs)}`,
      times(f.ratio),
      '— (once per version)',
      '',
    ]);
  }
  const header = ['figure', 'measured', 'baseline (same run)', 'ratio', 'target', ''];
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = nowMs();
  const repetitions = Number(process.env.TOKENWISE_BENCH_REPS) || 7;
  const hosts = process.env.TOKENWISE_BENCH_SKIP_HOST === '1' ? 0 : Number(process.env.TOKENWISE_BENCH_HOSTS) || 4;
  const skipScanner = process.env.TOKENWISE_BENCH_SKIP_SCANNER === '1';
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-bench-'));
  const info = machine();
  say(`machine: ${info.nproc} cores, ${info.cpu}, ${info.memoryGB} GB, Node ${info.node}, load ${info.loadAverage.join(' ')}; scratch ${scratch}`);
  try {
    let scanner: ThroughputResult[] = [];
    let memory: MemoryResult | undefined;
    if (!skipScanner) {
      say('generating the inputs (seeded)…');
      const inputs = generateInputs(20);
      const logFile = path.join(scratch, 'responses.log');
      writeFileSync(logFile, inputs.log.text);

      say(`scanner throughput, ${repetitions} rounds per input…`);
      scanner = [
        measureThroughput('log', `response log, ${LOG_PAYLOADS.toLocaleString('en')} payloads`, inputs.log, 'per-line', repetitions),
        measureThroughput('har', 'HAR', inputs.har, 'whole', repetitions),
        measureThroughput('clean', 'no payload', inputs.clean, 'per-line', repetitions),
      ];
      for (const r of scanner) {
        say(`  ${r.label}: scan ${ms(r.scanMs)} (${r.megabytesPerSecond} MB/s; ${ms(r.unrememberedScanMs)} remembering nothing), indexOf ${ms(r.indexOfMs)}, memchr ${ms(r.memchrMs)}, parseTree ${ms(r.parseTreeMs)}; found ${r.found}/${r.planted}`);
        for (const example of r.missExamples) say(`    missed ${example}`);
      }

      say('memory (child process with --expose-gc)…');
      memory = await measureMemory(logFile);
    }

    say('production bundle…');
    const bundle = buildProduction(scratch);

    let runs: HostRun[] = [];
    if (hosts > 0) {
      const tools = await ensureTools();
      const { workspace, editFile } = prepareWorkspace(scratch, generateLog(5, LOG_PAYLOADS / 4, DEFAULT_SEED + 3).text);
      runs = await runHostBench({
        tools,
        scratch,
        productionDist: path.join(bundle.dir, 'dist'),
        workspace,
        editFile,
        hosts,
        editRepetitions: 3,
        verbose: process.env.TOKENWISE_BENCH_VERBOSE === '1',
        timeoutMs: 180_000,
        activationOnly: process.env.TOKENWISE_BENCH_ACTIVATION_ONLY === '1',
        cpuProfileDir: process.env.TOKENWISE_BENCH_CPU_PROFILE ? path.resolve(process.env.TOKENWISE_BENCH_CPU_PROFILE) : undefined,
      });
    }
    const summary = summarise(runs);
    const output = table(scanner, memory, bundle, runs, summary);
    const seconds = round((nowMs() - started) / 1000, 0);
    const date = new Date().toISOString();

    const rev = revision();
    const loadAtEnd = os.loadavg().map((load) => round(load, 2));
    console.log(
      `\nTokenwise benchmark, ${date}; ${info.nproc} CPUs (${info.cpu}), ${info.memoryGB} GB, Node ${info.node}; ${seconds} s; ` +
        `load average ${info.loadAverage[0]} at the start, ${loadAtEnd[0]} at the end; ` +
        `commit ${rev.commit}${rev.dirtySources > 0 ? ` with ${rev.dirtySources} uncommitted source file(s)` : ''}\n`,
    );
    console.log(output);
    if (scanner.length > 0) {
      console.log(
        `\nindexOf pass: one String.prototype.indexOf pass finding every ${INDEXOF_NEEDLE} of the text. ` +
          `memchr floor (indexOf of a character that never occurs): ${scanner.map((r) => `${r.name} ${ms(r.memchrMs)}, scan ${times(r.scanOverMemchr)} of it`).join('; ')}. ` +
          `Scans are timed after ${WARMUP_ROUNDS} untimed rounds, in rounds with their baselines (parseTree among them); the process's first scan (the ${scanner[0].name}, before V8 optimises the scanner) took ${ms(scanner[0].warmupScanRunsMs[0])}, ` +
          `its next ones ${scanner[0].warmupScanRunsMs.slice(1).map(ms).join(', ')}.`,
      );
    }
    console.log(`activationEvents: ${bundle.activationEvents.join(', ')}`);
    if (runs.some((run) => run.result.profiled)) console.log('warning: the activations ran under the CPU profiler: their ratio is no figure');
    if (summary.activation?.activeBefore) console.log('warning: an extension was already active before the bench activated it');
    for (const run of runs) if (run.result.error) console.log(`host ${run.index + 1}: ${run.result.error.split('\n')[0]}`);

    const resultsDir = path.join(repoRoot, 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    const json = { date, seconds, revision: rev, machine: info, loadAverageAtEnd: loadAtEnd, repetitions, targets: TARGETS, debounceMs: DEBOUNCE_MS, scanner, memory, bundle: { ...bundle, dir: undefined }, summary, hosts: runs, table: output };
    writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 1)}\n`);
    console.log(`\nwritten: bench-results/latest.json`);
  } finally {
    if (process.env.TOKENWISE_KEEP_TEMP) say(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
