import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DEMO_CLIENTS, startEmulator, type RunningEmulator } from '../emulator';
import { setExitCodeOnSignal, stopAll, track, untrack, type Resource } from './cleanup';
import { startCodeServer } from './codeServer';
import { installDevExtension } from './devExtension';
import { say } from './log';
import { cacheDir, demoWorkspace, packagedVsix, repoRoot } from './paths';
import { ensureTools } from './tools';
import { quietSettings } from './userSettings';

/**
 * `npm run demo` (and `npm start`, the same): the packaged extension in a real VS Code in the browser,
 * with the local API emulator and the sample workspace. It starts the emulator, then code-server on
 * 127.0.0.1 in normal mode (no smoke-test driver) with `tokenwise-<version>.vsix` installed by
 * code-server's own `--install-extension`, prints the URL to open and what to try, and stays up until
 * Ctrl+C, which stops both and removes their temporary folders.
 *
 * `node out/test/harness/startWorkbench.js [--vsix] [<folder>]`:
 *   --vsix     install the packaged extension (packagedVsix(): `npm run package` made it, or
 *              TOKENWISE_VSIX); without it a copy of the working copy's build is installed
 *              (devExtension.ts; `npm run demo:dev`: restart it after a rebuild).
 *   <folder>   the folder to open (or TOKENWISE_WORKSPACE); samples/demo-workspace by default.
 * TOKENWISE_PORT and TOKENWISE_EMULATOR_PORT fix the ports (free ones otherwise), TOKENWISE_LOCALE
 * sets the display language (e.g. pt-br). Each start has a fresh VS Code profile: settings and stored
 * secrets do not persist.
 *
 * The emulator's URL goes into the *user* settings of that private profile, never the workspace's:
 * `tokenwise.profiles` is application-scoped and read from user settings only, so that a cloned
 * workspace can never redirect secrets (DESIGN.md §1).
 */

/** The emulator's RD Station client; the banner names it for the sign-in. */
const DEMO_CLIENT = DEMO_CLIENTS.find((client) => client.api === 'rdstation')!;

interface Options {
  vsix?: string;
  folder: string;
  port?: number;
  emulatorPort?: number;
  locale?: string;
}

function portFrom(variable: string): number | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`${variable} is not a port: ${value}`);
  return port;
}

function parseOptions(argv: readonly string[]): Options {
  let vsix: string | undefined;
  const positional: string[] = [];
  for (const arg of argv) {
    if (arg === '--vsix') vsix = packagedVsix();
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}; usage: startWorkbench.js [--vsix] [<folder>]`);
    else positional.push(arg);
  }
  if (positional.length > 1) throw new Error(`one folder at most, got ${positional.join(' ')}`);
  const folder = path.resolve(positional[0] ?? (process.env.TOKENWISE_WORKSPACE || demoWorkspace));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  if (vsix && !existsSync(vsix)) throw new Error(`${vsix} does not exist: \`npm run demo\` packages it first (or run \`npm run package\`)`);
  return { vsix, folder, port: portFrom('TOKENWISE_PORT'), emulatorPort: portFrom('TOKENWISE_EMULATOR_PORT'), locale: process.env.TOKENWISE_LOCALE || undefined };
}

/** The emulator in this process, its redacted request log on stderr; stopped with everything else. */
async function startTrackedEmulator(port: number | undefined): Promise<RunningEmulator> {
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ port, log: (line) => process.stderr.write(`[emulator] ${line}\n`) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${port} on 127.0.0.1 is in use: set TOKENWISE_EMULATOR_PORT to a free port, or unset it to take any free one`);
    }
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const resource: Resource = {
    stop: () => (stopping ??= emulator.close().finally(() => untrack(resource))),
    kill: () => undefined, // it lives in this process and ends with it
  };
  track(resource);
  return emulator;
}

/** The settings that point both built-in profiles at the emulator, on top of the quiet workbench defaults. */
function demoSettings(emulatorUrl: string): Record<string, unknown> {
  return {
    ...quietSettings,
    'tokenwise.profiles': [
      { id: 'rdstation-marketing', baseUrl: emulatorUrl },
      { id: 'consistem-whatsapp', baseUrl: emulatorUrl },
    ],
    // START-HERE.md, opened with the workbench, shows rendered.
    'workbench.editorAssociations': { '**/START-HERE.md': 'vscode.markdown.preview.editor' },
  };
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const tools = await ensureTools({ chromium: false }); // the user's own browser opens the workbench
  setExitCodeOnSignal(0);
  const emulator = await startTrackedEmulator(options.emulatorPort);
  const server = await startCodeServer(tools, {
    port: options.port,
    locale: options.locale,
    settings: demoSettings(emulator.baseUrl),
    ...(options.vsix ? { installExtensions: [options.vsix] } : { prepareExtensions: installDevExtension }),
  });
  const startHere = path.join(options.folder, 'START-HERE.md');
  const url = server.workbenchUrl(options.folder, existsSync(startHere) ? [['openFile', server.remoteUri(startHere)]] : undefined);
  const installed = options.vsix ? `installed from ${path.relative(repoRoot, options.vsix) || options.vsix}` : 'a copy of the working copy (dist/): restart after a rebuild';
  const lines = [
    '',
    `VS Code ${options.locale ? `(${options.locale}) ` : ''}with Tokenwise ${version()} (${installed}) and the API emulator are up. Open:`,
    '',
    `  ${url}`,
    '',
    'Then, in VS Code (F1 opens the command palette; START-HERE.md in the folder says more):',
    `  1. Tokenwise: Sign In…  client id ${DEMO_CLIENT.clientId}, secret ${DEMO_CLIENT.clientSecret}. The emulator's consent`,
    '     page opens in a new tab: Approve. Back in VS Code the status bar shows "RD Station Marketing: 23h 59m".',
    '  2. Tokenwise: Set Client Credentials… › Consistem WhatsApp (the same id and secret), then',
    '     Tokenwise: Request Client-Credentials Token.',
    '  3. Open the response files: hover an underlined error, Ctrl+. for its fixes.',
    '',
    `API emulator (RD Station Marketing and Consistem WhatsApp): ${emulator.baseUrl}; its request log follows.`,
    `Both listen on 127.0.0.1 only; from another machine: ssh -L ${server.port}:127.0.0.1:${server.port} -L ${emulator.port}:127.0.0.1:${emulator.port} <this machine>`,
    'Ctrl+C stops VS Code and the emulator and removes their temporary folders.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  // Stays up until a signal: cleanup.ts stops the server and the emulator, then exits.
  await new Promise<never>(() => undefined);
}

/** What to do about the usual failures, after the error itself. */
function hint(message: string): string | undefined {
  if (/could not install (Node|code-server)/.test(message)) {
    return `The first run installs Node 24 and code-server from the npm registry into ${path.relative(process.cwd(), cacheDir) || cacheDir}/: check that npm can reach its registry (npm ping), then run again.`;
  }
  if (/code-server could not install .*\.vsix/.test(message)) return 'The package may be broken or from another version: run `npm run package` again (`npm run demo` does), then run again.';
  if (/in use/.test(message)) return 'Another demo may still be running: stop it with Ctrl+C in its terminal.';
  return undefined;
}

main().catch(async (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  say(message);
  const next = hint(message);
  if (next) say(next);
  await stopAll();
  process.exit(1);
});
