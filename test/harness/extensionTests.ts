import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { say } from './log';
import type { Tools } from './tools';
import { quietSettings } from './userSettings';

/**
 * Runs extension tests inside the real (node) extension host of code-server: the smoke-test driver
 * lets the workbench read extensionDevelopmentPath/extensionTestsPath from the page's payload, reports
 * the tests' console through `window.codeAutomationLog`, and their result through
 * `window.codeAutomationExit` (DESIGN.md §4).
 */

export interface ExtensionTestRun {
  extensionDevelopmentPaths: string[];
  /** The compiled mocha bootstrap (a file, with or without `.js`, or its folder). */
  extensionTestsPath: string;
  /** The workspace folder to open. */
  folder: string;
  /** Display language of the workbench, e.g. `pt-br`. */
  locale?: string;
  /** Packaged extensions (.vsix) installed into the server before it starts, as a user installs them. */
  installExtensions?: readonly string[];
  /** Becomes `process.env` of the extension host, on top of the server's. */
  extensionEnvironment?: Record<string, string>;
  timeoutMs: number;
  /** Receives the extension host's console, i.e. the mocha reporter; errors and warnings as 'stderr'. */
  output: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * The workbench forwards the host's console through the same logger as its own messages: the host
 * tests (test/host/index.ts) prefix their lines with this tag so that only theirs are printed.
 */
const LOG_TAG = '\u2063[tokenwise-host] ';

/** Resolves with the tests' exit code; rejects when the run cannot happen or does not end in time. */
export async function runExtensionTests(tools: Tools, run: ExtensionTestRun): Promise<number> {
  // The hard limit covers the whole run: a server, browser or workbench that hangs as well as tests.
  let settle!: (code: number) => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<number>((resolve, reject) => ((settle = resolve), (fail = reject)));
  finished.catch(() => undefined); // handled where it is awaited; this only keeps an early rejection quiet
  const timer = setTimeout(
    () => fail(new Error(`the extension tests did not finish within ${Math.round(run.timeoutMs / 1000)} s (TOKENWISE_TEST_TIMEOUT_MS)`)),
    run.timeoutMs,
  );
  const server = await startCodeServer(tools, { smokeTestDriver: true, locale: run.locale, settings: quietSettings, installExtensions: run.installExtensions });
  try {
    const browser = await launchBrowser(tools);
    try {
      const { page } = browser;
      // Kept for a run that fails before the tests' own output starts (a missing or broken bootstrap).
      const workbenchErrors: string[] = [];
      let testsSpoke = false;
      await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
        const text = Array.isArray(message) ? format(...message) : String(message);
        if (text.startsWith(LOG_TAG)) {
          testsSpoke = true;
          run.output(text.slice(LOG_TAG.length), level === 'error' || level === 'warn' ? 'stderr' : 'stdout');
        } else if (process.env.TOKENWISE_DEBUG) {
          say(`workbench ${level}: ${text}`);
        } else if (level === 'error') {
          workbenchErrors.push(text);
        }
      });
      // Called by the workbench once the extension host has ended, crashed or not.
      await page.exposeFunction('codeAutomationExit', (code: number) => settle(Number(code)));
      page.on('crash', () => fail(new Error('the workbench page crashed')));
      browser.context.on('close', () => fail(new Error('the browser closed before the tests ended')));
      if (process.env.TOKENWISE_DEBUG) {
        page.on('console', (message) => say(`browser ${message.type()}: ${message.text()}`));
        browser.context.on('page', (tab) => say(`browser opened a tab: ${tab.url()}`));
      }

      const payload: [string, string][] = [
        ...run.extensionDevelopmentPaths.map((dir): [string, string] => ['extensionDevelopmentPath', server.remoteUri(path.resolve(dir))]),
        ['extensionTestsPath', server.remoteUri(path.resolve(run.extensionTestsPath))],
        ['skipWelcome', 'true'],
        ['extensionEnvironment', JSON.stringify({ ...run.extensionEnvironment, TOKENWISE_LOG_TAG: LOG_TAG })],
      ];
      await Promise.race([page.goto(server.workbenchUrl(path.resolve(run.folder), payload)), finished]);
      const code = await finished;
      if (code !== 0 && !testsSpoke) {
        say(`the tests printed nothing; the workbench's errors (all of its log: TOKENWISE_DEBUG=1):\n${workbenchErrors.join('\n')}`);
      }
      return code;
    } finally {
      await browser.close();
    }
  } finally {
    clearTimeout(timer);
    await server.stop();
  }
}
