/**
 * What the runner (bench.ts, in Node) and the bench inside the extension host (index.ts) exchange:
 * settings through the host's environment, results through a JSON file.
 */

export const EXTENSION_IDS = {
  tokenwise: 'tokenwise.tokenwise',
  empty: 'tokenwise-bench.empty',
  /** A second empty extension: the baseline is sampled before and after Tokenwise in each host. */
  empty2: 'tokenwise-bench.empty2',
  /** Activated first in every host, so neither measured activation pays for being the first one. */
  warmup: 'tokenwise-bench.warmup',
  /** The development extension that carries the host-side bench (index.ts). */
  runner: 'tokenwise-bench.runner',
} as const;

export const Env = {
  out: 'TOKENWISE_BENCH_OUT',
  order: 'TOKENWISE_BENCH_ORDER',
  editFile: 'TOKENWISE_BENCH_EDIT_FILE',
  editRepetitions: 'TOKENWISE_BENCH_EDIT_REPETITIONS',
  checks: 'TOKENWISE_BENCH_CHECKS',
  /** dist/main.js of the installed copy: the file whose coverage holds scanDocument. */
  extensionFile: 'TOKENWISE_BENCH_EXTENSION_FILE',
  /** Tokenwise's code-cache folder in this host (see src/boot.ts). */
  codeCacheDir: 'TOKENWISE_BENCH_CODE_CACHE_DIR',
  /** '1': before it ends, the host waits for Tokenwise to write its code cache, for the next hosts. */
  waitForCodeCache: 'TOKENWISE_BENCH_WAIT_FOR_CODE_CACHE',
  /** A folder: Tokenwise's activation is also run under V8's CPU profiler, written there (after the timings). */
  cpuProfile: 'TOKENWISE_BENCH_CPU_PROFILE',
  /** Prefix of the host's console lines that the runner prints. */
  logTag: 'TOKENWISE_BENCH_LOG_TAG',
} as const;

export interface EditSample {
  readonly kind: 'insert' | 'delete';
  /** Until `editor.edit` resolved: VS Code applying the edit. */
  readonly applyMs: number;
  /** Until the extension host heard of the change (onDidChangeTextDocument): the debounce starts here. */
  readonly changeMs: number;
  /** Until the extension host held the new diagnostics. */
  readonly publishMs: number;
}

export interface HostResult {
  vscodeVersion?: string;
  /** Which extensions were already active before the bench activated them (should be none). */
  activeBefore?: Record<string, boolean>;
  /** How long the host took to become idle before the activations were timed. */
  settleMs?: number;
  activationMs?: Record<string, number>;
  /**
   * The extension host's CPU time (user + system, all its threads) during each activation: less
   * moved than the wall time by other processes competing for the cores.
   */
  activationCpuMs?: Record<string, number>;
  activationOrder?: string[];
  /** Whether Tokenwise found the code cache of an earlier host (written as a user's earlier start would). */
  codeCacheSeeded?: boolean;
  /** The host that waited for Tokenwise's code cache: when it found it (after its other work), or why it never did. */
  codeCacheWritten?: { foundAfterActivationMs?: number; error?: string };
  /** Tokenwise's activation ran under the CPU profiler (TOKENWISE_BENCH_CPU_PROFILE): its time is no figure. */
  profiled?: boolean;
  /** The 5 MB file, open in the host during the activations. */
  editFileChars?: number;
  diagnosticsOnOpen?: number;
  edits?: EditSample[];
  /** Rapid edits within one debounce period, and the scans they caused. */
  rapidEdits?: { edits: number; chars: number; editsSpanMs: number; bursts: number; scans: number | null; publishMs: number };
  /** Edit then close at once: scans after the edit, diagnostics left; conclusive when the close came within the debounce period. */
  closedDocument?: { chars: number; scansAfterEdit: number | null; diagnosticsAfterClose: number; closeAfterChangeMs: number; conclusive: boolean };
  /** Why a count is null: the function could not be found in the coverage. */
  countNote?: string;
  error?: string;
}
