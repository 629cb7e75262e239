import { stopAll } from './cleanup';
import { runExtensionTests } from './extensionTests';
import { say } from './log';
import { defaultWorkspace } from './paths';
import { ensureTools } from './tools';

/**
 * Stands in for a desktop VS Code executable under `@vscode/test-electron`'s `runTests`:
 *   node out/test/harness/launcher.js [folder] --extensionDevelopmentPath=<dir> --extensionTestsPath=<path> [--locale=<id>]
 * It takes the Electron-style arguments runTests passes, ignores the ones that mean nothing here
 * (--no-sandbox, --disable-updates, --user-data-dir, … : each run gets fresh temporary folders), runs
 * the tests in code-server's extension host and exits with their exit code.
 */

interface LaunchArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  folder?: string;
  locale?: string;
}

function parseArgs(argv: string[]): LaunchArgs {
  const parsed: LaunchArgs = { extensionDevelopmentPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      parsed.folder = arg;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'locale'].includes(name);
    const value = equals >= 0 ? arg.slice(equals + 1) : takesValue ? argv[++i] : undefined;
    if (name === 'extensionDevelopmentPath' && value) parsed.extensionDevelopmentPaths.push(value);
    else if (name === 'extensionTestsPath') parsed.extensionTestsPath = value;
    else if (name === 'locale') parsed.locale = value;
  }
  return parsed;
}

/** The TOKENWISE_* variables of this process reach the tests as their process.env. */
function tokenwiseEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('TOKENWISE_') && entry[1] !== undefined));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.extensionDevelopmentPaths.length === 0 || !args.extensionTestsPath) {
    say('usage: launcher.js [folder] --extensionDevelopmentPath=<dir> --extensionTestsPath=<path> [--locale=<id>]');
    return 2;
  }
  const tools = await ensureTools();
  const started = Date.now();
  const code = await runExtensionTests(tools, {
    extensionDevelopmentPaths: args.extensionDevelopmentPaths,
    extensionTestsPath: args.extensionTestsPath,
    folder: args.folder ?? process.env.TOKENWISE_TEST_WORKSPACE ?? defaultWorkspace,
    locale: args.locale,
    extensionEnvironment: tokenwiseEnvironment(),
    timeoutMs: Number(process.env.TOKENWISE_TEST_TIMEOUT_MS) || 10 * 60_000,
    output: (line, stream) => process[stream].write(`${line}\n`),
  });
  say(`extension tests ended with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

// Exits explicitly: nothing started here may keep the process alive once the result is known.
main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    await stopAll();
    process.exit(1);
  },
);
