import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { track, untrack, type Resource } from './cleanup';
import { registerEmptyLanguagePack } from './displayLanguage';
import { say } from './log';
import { killGroup, runLogged, stopGroup } from './processes';
import type { Tools } from './tools';
import { writeUserSettings } from './userSettings';

/** One code-server (VS Code's server and web workbench) on 127.0.0.1, in its own temporary home. */

export interface CodeServerOptions {
  /** Lets a payload in the URL run extension tests, and the workbench report through `codeAutomation*`. */
  smokeTestDriver?: boolean;
  /** Display language, e.g. `pt-br`: `vscode.env.language` in the extension host (see displayLanguage.ts). */
  locale?: string;
  /** Fixed port (e.g. for `npm start`); a free one otherwise. */
  port?: number;
  /** Called with the temporary extensions folder before the server starts, to install extensions. */
  prepareExtensions?: (extensionsDir: string) => void;
  /** Packaged extensions (.vsix files) installed with code-server's own `--install-extension` first. */
  installExtensions?: readonly string[];
  /** User settings (settings.json) of the server's user-data-dir. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The server's file system seen from the workbench: `vscode-remote://127.0.0.1:<port><abs>`. */
  remoteUri(absolutePath: string): string;
  /** The workbench page for `folder`, optionally with a smoke-driver payload. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  stop(): Promise<void>;
}

export async function startCodeServer(tools: Tools, options: CodeServerOptions = {}): Promise<CodeServer> {
  // A busy fixed port must fail here: /healthz would otherwise be answered by whoever holds it.
  const port = await listenablePort(options.port ?? 0);
  const root = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-code-server-'));
  const dirs = {
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  options.prepareExtensions?.(dirs.extensions);
  if (options.locale) registerEmptyLanguagePack(dirs.userData, options.locale);
  if (options.settings) writeUserSettings(dirs.userData, options.settings);
  const env = serverEnv(root, dirs.home);
  const logFile = path.join(root, 'code-server.log');
  try {
    for (const vsix of options.installExtensions ?? []) {
      // As a user installs one: the server's CLI unpacks and validates it into the extensions folder.
      await runLogged(tools.node, [tools.codeServerEntry, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', vsix], logFile, { cwd: root, env });
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`code-server could not install ${options.installExtensions?.join(', ')}: ${(error as Error).message}`);
  }

  const args = [
    tools.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  const logFd = openSync(logFile, 'a');
  // detached: the child calls setsid(), so it leads a new process group and stop() can end the
  // server with every process it started (extension host, pty host, file watcher) in one signal.
  const child = spawn(tools.node, args, { cwd: root, detached: true, stdio: ['ignore', logFd, logFd], env });
  closeSync(logFd);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start code-server with ${tools.node}`);

  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));

  let stopping: Promise<void> | undefined;
  const resource: Resource = {
    // Every caller (the test's finally, a signal handler) waits for the same stop.
    stop: () =>
      (stopping ??= (async () => {
        try {
          await stopGroup(pgid);
        } finally {
          if (process.env.TOKENWISE_KEEP_TEMP) say(`kept ${root}`);
          else rmSync(root, { recursive: true, force: true });
          untrack(resource); // only now: an exit while stopping still runs kill()
        }
      })()),
    kill() {
      killGroup(pgid);
      if (!process.env.TOKENWISE_KEEP_TEMP) rmSync(root, { recursive: true, force: true });
    },
  };
  track(resource);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, () => exited);
  } catch (error) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    await resource.stop();
    throw new Error(`code-server did not start: ${(error as Error).message}\n--- code-server log (tail) ---\n${tail}`);
  }

  const authority = `127.0.0.1:${port}`;
  return {
    port,
    url,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    remoteUri: (absolutePath) => `vscode-remote://${authority}${absolutePath}`,
    workbenchUrl(folder, payload) {
      // Slashes left readable: the URL is printed for people by `npm start`.
      let query = `folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
      if (payload) query += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return `${url}/?${query}`;
    },
    stop: () => resource.stop(),
  };
}

/**
 * The server's environment: its own HOME and XDG folders (no user settings, config or password file
 * leak in), and nothing of an enclosing VS Code (VSCODE_IPC_HOOK_CLI would make code-server hand the
 * folder to that instance instead of serving), of npm, or of a debugger.
 */
function serverEnv(root: string, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const dropped = /^(VSCODE_|ELECTRON_|CODE_SERVER_|npm_|NODE_OPTIONS$|PASSWORD$|HASHED_PASSWORD$)/;
  for (const [key, value] of Object.entries(process.env)) {
    if (!dropped.test(key)) env[key] = value;
  }
  const xdg = {
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    // VS Code puts its IPC sockets here; they cannot be created in a folder that does not exist.
    XDG_RUNTIME_DIR: path.join(root, 'xdg', 'runtime'),
  };
  for (const dir of Object.values(xdg)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...env, HOME: home, ...xdg };
}

async function waitForHealth(url: string, exited: () => string | undefined, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = exited();
    if (status) throw new Error(`it ended (${status})`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${url}/healthz did not answer within ${timeoutMs / 1000} s`);
}

/** Resolves with the port (a free one for 0) once it was possible to listen on it. */
function listenablePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${wanted} on 127.0.0.1 is in use: set TOKENWISE_PORT to a free port, or unset it to take any free one`) : error),
    );
    server.listen(wanted, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

