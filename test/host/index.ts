import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * The mocha bootstrap the extension host loads (`--extensionTestsPath`): every `*.test.js` next to
 * this file, bdd style, spec reporter through console.log, which the host forwards to the harness.
 * Narrowing a run: TOKENWISE_TEST_FILES=activation,hover (file names without `.test.js`),
 * TOKENWISE_TEST_GREP=<regexp> (test titles).
 */
export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs the `*.test.js` files of `dir` (also the bootstrap of the installed-.vsix smoke test, test/vsix). */
export async function runTestsIn(dir: string): Promise<void> {
  const restoreConsole = tagConsole(process.env.TOKENWISE_LOG_TAG);
  let failures: number;
  try {
    const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
    if (process.env.TOKENWISE_TEST_GREP) mocha.grep(process.env.TOKENWISE_TEST_GREP);
    const only = process.env.TOKENWISE_TEST_FILES?.split(',').map((name) => `${name.trim()}.test.js`);
    const files = readdirSync(dir).filter((name) => name.endsWith('.test.js') && (!only || only.includes(name)));
    for (const file of files.sort()) mocha.addFile(path.join(dir, file));
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (error) {
    // A test file that cannot load, for one: say why on the tests' own channel before the host exits.
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  } finally {
    restoreConsole();
  }
  // The reporter has listed the failures; the rejection gives the host its non-zero exit code.
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}

/**
 * In code-server the host's console reaches the harness mixed with the workbench's own log; the
 * harness (launcher.ts) passes a tag and prints only the lines that carry it. Without a tag (desktop
 * VS Code prints the host's console to its own stdout) nothing changes. The host's console methods
 * cannot be reassigned (VS Code's forwarder ignores the setter), so the global `console` is swapped
 * for the run.
 */
function tagConsole(tag: string | undefined): () => void {
  if (!tag) return () => undefined;
  const original = globalThis.console;
  const tagged: Console = Object.create(original);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const write = original[method].bind(original);
    Object.defineProperty(tagged, method, { value: (...args: unknown[]) => write(`${tag}${format(...args)}`) });
  }
  globalThis.console = tagged;
  // Mocha's reporters write through a copy of console.log taken when mocha was loaded.
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = tagged.log;
  return () => {
    globalThis.console = original;
    Mocha.reporters.Base.consoleLog = reporterLog;
  };
}
