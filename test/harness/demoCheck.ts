import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { DEMO_CLIENTS } from '../emulator';
import { launchBrowser, nextTab } from './browser';
import { track, untrack, type Resource } from './cleanup';
import { artifactsDir, repoRoot } from './paths';
import type { Tools } from './tools';
import { WorkbenchPage } from './workbenchPage';

/**
 * The smoke check of `npm run demo`, run by `npm run test:vsix` after the installed-package tests:
 * the demo's own entry (startWorkbench.js --vsix) as a child process, as a person starts it. It must
 * print a URL whose workbench shows the Tokenwise status item and a squiggle in a sample file (the
 * extension installed from the .vsix, the emulator in the user settings), sign in as START-HERE.md
 * says (through the URI handler, no fallback), and on Ctrl+C (SIGINT)
 * exit with 0, leaving neither a listening port nor a temporary folder. About 25 s.
 */

const STATUS_ITEM = 'tokenwise.tokenwise.tokenwise.status';
/** The RD Station client the emulator knows, which START-HERE.md and the demo's banner name. */
const DEMO_CLIENT = DEMO_CLIENTS.find((client) => client.api === 'rdstation')!;

export async function checkDemo(tools: Tools, vsix: string, log: (line: string) => void): Promise<void> {
  // Its own temporary folder, so that what it leaves behind can be told from other runs' folders.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-demo-check-'));
  const output: string[] = [];
  // The defaults a newcomer gets: no fixed port, folder or language from the caller's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENWISE_VSIX: vsix, TMPDIR: tmp };
  for (const name of ['TOKENWISE_PORT', 'TOKENWISE_EMULATOR_PORT', 'TOKENWISE_WORKSPACE', 'TOKENWISE_LOCALE']) delete env[name];
  const child = spawn(process.execPath, [path.join(repoRoot, 'out', 'test', 'harness', 'startWorkbench.js'), '--vsix'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const resource: Resource = {
    stop: async () => {
      stopDemo(child);
      await exited;
      untrack(resource);
    },
    kill: () => stopDemo(child, 'SIGTERM'),
  };
  track(resource);
  try {
    const printed = await waitForUrls(child, output, 120_000);
    const browser = await launchBrowser(tools);
    try {
      const ui = new WorkbenchPage(browser.page);
      await browser.page.goto(printed.workbench);
      await ui.waitUntilReady();
      const item = await ui.waitForStatusBarText(STATUS_ITEM, /RD Station Marketing: Signed out/, 60_000);
      log(`status bar: ${item.text}`);
      checkUserSettings(tmp, printed.emulator);
      log(`user settings point both profiles at ${printed.emulator}`);
      // START-HERE.md opens with the workbench; a sample file opens from the explorer, as a person would.
      await browser.page.locator('.tabs-container .tab', { hasText: 'START-HERE' }).waitFor({ timeout: 30_000 });
      const explorer = browser.page.locator('.explorer-folders-view');
      await explorer.locator('.monaco-list-row', { hasText: /^rd-station$/ }).click();
      await explorer.locator('.monaco-list-row', { hasText: 'expired-access-token.json' }).click();
      await ui.squiggles('error').first().waitFor({ state: 'attached', timeout: 30_000 });
      mkdirSync(path.join(artifactsDir, 'demo'), { recursive: true });
      const screenshot = path.join(artifactsDir, 'demo', 'workbench.png');
      await browser.page.screenshot({ path: screenshot });
      log(`squiggle in rd-station/expired-access-token.json; screenshot: ${path.relative(repoRoot, screenshot)}`);
      await signInAsStartHereSays(browser.context, ui, log);
    } finally {
      await browser.close();
    }
    stopDemo(child);
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('no exit within 20 s'), 20_000).unref())]);
    if (code !== 0) throw new Error(`after Ctrl+C the demo ended with ${code}`);
    for (const url of [printed.workbench, printed.emulator]) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        () => true,
        () => false,
      );
      if (answered) throw new Error(`${new URL(url).origin} still answers after Ctrl+C`);
    }
    const left = readdirSync(tmp);
    if (left.length > 0) throw new Error(`after Ctrl+C the demo left ${left.join(', ')} in its temporary folder`);
    log('Ctrl+C: exit code 0, both ports closed, temporary folders removed');
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- demo output ---\n${output.join('')}`);
  } finally {
    await resource.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Step 1 of START-HERE.md, as a person clicks it: the palette, the demo client's credentials, the
 * emulator's consent page in a new tab, Approve; the redirect reaches the extension's URI handler
 * (the package is installed normally, so the workbench finds it) and the status bar turns valid.
 */
async function signInAsStartHereSays(context: BrowserContext, ui: WorkbenchPage, log: (line: string) => void): Promise<void> {
  const opened = nextTab(context, /\/auth\/dialog/);
  await ui.runCommand('Tokenwise: Sign In…');
  await ui.answerInputBox(DEMO_CLIENT.clientId);
  await ui.answerInputBox(DEMO_CLIENT.clientSecret);
  const consent = await opened;
  await consent.waitForLoadState();
  await consent.locator('#approve').click();
  const item = await ui.waitForStatusBarText(STATUS_ITEM, /RD Station Marketing: 23h 59m/, 60_000);
  log(`signed in through the consent page and the URI handler; status bar: ${item.text}`);
  await ui.page.bringToFront();
  const screenshot = path.join(artifactsDir, 'demo', 'signed-in.png');
  await ui.page.screenshot({ path: screenshot });
}

/** The emulator's URL is in the user settings of the demo's code-server (never in the workspace's). */
function checkUserSettings(tmp: string, emulator: string): void {
  const roots = readdirSync(tmp).filter((name) => name.startsWith('tokenwise-code-server-'));
  if (roots.length !== 1) throw new Error(`expected one code-server folder in ${tmp}, found ${roots.join(', ') || 'none'}`);
  const settings = JSON.parse(readFileSync(path.join(tmp, roots[0], 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  const profiles = settings['tokenwise.profiles'];
  const expected = [
    { id: 'rdstation-marketing', baseUrl: emulator },
    { id: 'consistem-whatsapp', baseUrl: emulator },
  ];
  if (JSON.stringify(profiles) !== JSON.stringify(expected)) throw new Error(`tokenwise.profiles in the user settings: ${JSON.stringify(profiles)}`);
}

/** Ctrl+C in a terminal: SIGINT, which the demo answers by stopping code-server and the emulator. */
function stopDemo(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): void {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** The workbench URL (stdout, indented on its own line) and the emulator's, once printed. */
function waitForUrls(child: ChildProcess, output: string[], timeoutMs: number): Promise<{ workbench: string; emulator: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within ${timeoutMs / 1000} s`)), timeoutMs);
    const seen = () => {
      const text = output.join('');
      const workbench = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(text)?.[1];
      const emulator = /API emulator[^\n]*?(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      if (workbench && emulator) {
        clearTimeout(timer);
        resolve({ workbench, emulator });
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => (output.push(chunk.toString()), seen()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo ended (${signal ?? `exit code ${code}`}) before printing its URL`));
    });
  });
}
