import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import { say } from '../harness/log';
import { repoRoot } from '../harness/paths';
import type { Tools } from '../harness/tools';
import { quietSettings } from '../harness/userSettings';
import { Env, EXTENSION_IDS, type HostResult } from './host/protocol';

/**
 * The real-host part of the benchmark: fresh code-server hosts (see test/harness and DESIGN.md §4),
 * each with four installed extensions — Tokenwise as built for production, two empty extensions and a
 * warm-up one — and a small development extension, the bench runner, whose "extension tests"
 * (test/bench/host/index.ts) time them inside the node extension host.
 *
 * Why installed and not `extensionDevelopmentPath`: the workbench keeps its URL payload in a Map, so
 * only the last `extensionDevelopmentPath` of the payload is loaded. Installed the same way, Tokenwise
 * and the empty extension are loaded, scanned and activated through exactly the same path.
 *
 * Tokenwise is installed from a copy whose manifest declares no activation event: with its real ones
 * (onStartupFinished…) the host would activate it before the bench could time the call. The empty
 * extensions declare none either, so all are activated by the same call, `getExtension(id).activate()`.
 */

/** The compiled host-side bench: test/bench/host/*.js. */
const hostOut = path.join(repoRoot, 'out', 'test', 'bench', 'host');

/** The host's console lines the bench prints carry this tag (the workbench forwards its own logs too). */
const LOG_TAG = '\u2063[tokenwise-bench] ';

export interface HostRun {
  readonly index: number;
  readonly exitCode: number;
  readonly seconds: number;
  readonly result: HostResult;
}

function writeManifest(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
}

/** An extension whose activate() does nothing: the baseline of activation. */
function installEmptyExtension(extensionsDir: string, id: string): void {
  const [publisher, name] = id.split('.');
  const dir = path.join(extensionsDir, `${id}-0.0.0`);
  writeManifest(dir, { name, publisher, version: '0.0.0', engines: { vscode: '^1.80.0' }, main: './extension.js', activationEvents: [] });
  writeFileSync(path.join(dir, 'extension.js'), "'use strict';\nexports.activate = function activate() {};\nexports.deactivate = function deactivate() {};\n");
}

/**
 * Tokenwise as shipped (manifest, nls, l10n, media, the production dist/), minus its activation
 * events. Returns dist/main.js, the file that holds the extension's code (dist/extension.js loads it).
 */
function installTokenwise(extensionsDir: string, productionDist: string): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const dir = path.join(extensionsDir, `${EXTENSION_IDS.tokenwise}-${String(manifest.version)}`);
  writeManifest(dir, { ...manifest, activationEvents: [] });
  for (const name of readdirSync(repoRoot)) {
    if (/^package\.nls(\..+)?\.json$/.test(name) || name === 'l10n' || name === 'media') symlinkSync(path.join(repoRoot, name), path.join(dir, name));
  }
  mkdirSync(path.join(dir, 'dist'));
  for (const file of readdirSync(productionDist)) {
    if (file.endsWith('.js')) copyFileSync(path.join(productionDist, file), path.join(dir, 'dist', file));
  }
  return path.join(dir, 'dist', 'main.js');
}

/** Where Tokenwise keeps its code cache in a host: its global storage (src/boot.ts). */
function codeCacheDir(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'globalStorage', EXTENSION_IDS.tokenwise, 'code-cache');
}

/** The development extension that carries the host-side bench, so `require('vscode')` there is its own. */
function writeRunner(dir: string): string {
  const [publisher, name] = EXTENSION_IDS.runner.split('.');
  writeManifest(dir, { name, publisher, version: '0.0.0', engines: { vscode: '^1.80.0' }, activationEvents: [] });
  mkdirSync(path.join(dir, 'host'));
  for (const file of ['index.js', 'protocol.js', 'scanCounter.js']) copyFileSync(path.join(hostOut, file), path.join(dir, 'host', file));
  return path.join(dir, 'host', 'index.js');
}

export interface HostBenchOptions {
  readonly tools: Tools;
  readonly scratch: string;
  readonly productionDist: string;
  /** The folder the workbench opens; holds `editFile`. */
  readonly workspace: string;
  readonly editFile: string;
  readonly hosts: number;
  readonly editRepetitions: number;
  readonly verbose: boolean;
  readonly timeoutMs: number;
  /** Only the activations: no 5 MB file opened, no edits timed. */
  readonly activationOnly?: boolean;
  /** A folder for a CPU profile of each host's Tokenwise activation (whose time is then no figure). */
  readonly cpuProfileDir?: string;
}

/** One host: code-server with the extensions installed, Chromium on the workbench, the bench run in the host. */
/**
 * The code cache between hosts: `seedFrom` is copied into the host's storage before it starts (as a
 * user's earlier start would have left it); `saveTo` receives what the host wrote.
 */
interface CodeCacheTransfer {
  readonly seedFrom?: string;
  readonly saveTo?: string;
}

async function runHost(
  options: HostBenchOptions,
  environment: Record<string, string>,
  runnerDir: string,
  entry: string,
  extensionFile: { path?: string },
  codeCache: CodeCacheTransfer,
): Promise<number> {
  const server = await startCodeServer(options.tools, {
    smokeTestDriver: true,
    settings: quietSettings,
    prepareExtensions: (extensionsDir) => {
      extensionFile.path = installTokenwise(extensionsDir, options.productionDist);
      installEmptyExtension(extensionsDir, EXTENSION_IDS.empty);
      installEmptyExtension(extensionsDir, EXTENSION_IDS.empty2);
      installEmptyExtension(extensionsDir, EXTENSION_IDS.warmup);
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const browser = await launchBrowser(options.tools);
    try {
      const { page } = browser;
      const finished = new Promise<number>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the bench host did not finish within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
        void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
        page.on('crash', () => reject(new Error('the workbench page crashed')));
      });
      finished.catch(() => undefined); // awaited below; this only keeps an early rejection quiet
      await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
        const text = Array.isArray(message) ? format(...message) : String(message);
        if (text.startsWith(LOG_TAG) && (options.verbose || level === 'error')) process.stderr.write(`${text.slice(LOG_TAG.length)}\n`);
      });
      const cacheDir = codeCacheDir(server.userDataDir);
      if (codeCache.seedFrom) cpSync(codeCache.seedFrom, cacheDir, { recursive: true });
      const payload: [string, string][] = [
        ['extensionDevelopmentPath', server.remoteUri(runnerDir)],
        ['extensionTestsPath', server.remoteUri(entry)],
        ['skipWelcome', 'true'],
        [
          'extensionEnvironment',
          JSON.stringify({
            ...environment,
            [Env.extensionFile]: extensionFile.path ?? '',
            [Env.codeCacheDir]: cacheDir,
            [Env.waitForCodeCache]: codeCache.saveTo ? '1' : '0',
            [Env.logTag]: LOG_TAG,
          }),
        ],
      ];
      await Promise.race([page.goto(server.workbenchUrl(options.workspace, payload)), finished]);
      const exitCode = await finished;
      if (codeCache.saveTo && existsSync(cacheDir)) cpSync(cacheDir, codeCache.saveTo, { recursive: true });
      return exitCode;
    } finally {
      await browser.close();
    }
  } finally {
    clearTimeout(timer);
    await server.stop();
  }
}

export async function runHostBench(options: HostBenchOptions): Promise<HostRun[]> {
  if (!existsSync(path.join(hostOut, 'index.js'))) throw new Error(`${hostOut}/index.js is missing: run \`npm run compile-tests\``);
  const runnerDir = path.join(options.scratch, 'bench-runner');
  rmSync(runnerDir, { recursive: true, force: true });
  const entry = writeRunner(runnerDir);
  // Each host writes its profile into the folder, which must exist.
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });

  // The first host starts Tokenwise as a first start after an install or update does, with no code
  // cache; the others start with the cache it wrote, as every later start does.
  const savedCodeCache = path.join(options.scratch, 'code-cache');
  rmSync(savedCodeCache, { recursive: true, force: true });
  const runs: HostRun[] = [];
  for (let index = 0; index < options.hosts; index++) {
    const seeded = index > 0 && existsSync(savedCodeCache) && readdirSync(savedCodeCache).length > 0;
    const out = path.join(options.scratch, `host-${index}.json`);
    rmSync(out, { force: true });
    // Tokenwise between the two empty extensions; which empty one comes first alternates.
    const order = index % 2 === 0 ? 'empty,tokenwise,empty2' : 'empty2,tokenwise,empty';
    say(`bench host ${index + 1}/${options.hosts} (activation order: ${order})…`);
    const started = Date.now();
    let exitCode = -1;
    let failure: string | undefined;
    try {
      exitCode = await runHost(
        options,
        {
          [Env.out]: out,
          [Env.order]: order,
          [Env.editFile]: options.activationOnly ? '' : options.editFile,
          ...(options.cpuProfileDir ? { [Env.cpuProfile]: options.cpuProfileDir } : {}),
          [Env.editRepetitions]: String(options.editRepetitions),
          // The scan counts deoptimise the host: only in the first one, after its timings.
          [Env.checks]: index === 0 ? '1' : '0',
        },
        runnerDir,
        entry,
        {},
        index === 0 ? { saveTo: savedCodeCache } : seeded ? { seedFrom: savedCodeCache } : {},
      );
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const result: HostResult = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as HostResult) : { error: failure ?? `the host wrote no result (exit code ${exitCode})` };
    result.codeCacheSeeded = seeded;
    if (result.error) say(`bench host ${index + 1}: ${result.error.split('\n')[0]}`);
    if (result.codeCacheWritten?.error) say(`bench host ${index + 1}: ${result.codeCacheWritten.error}`);
    runs.push({ index, exitCode, seconds: (Date.now() - started) / 1000, result });
  }
  return runs;
}

/** Writes the 5 MB file into its own workspace folder. */
export function prepareWorkspace(scratch: string, text: string): { workspace: string; editFile: string } {
  const workspace = path.join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const editFile = path.join(workspace, 'responses-5mb.log');
  writeFileSync(editFile, text);
  return { workspace, editFile };
}
