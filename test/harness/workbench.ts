import { launchBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { installDevExtension } from './devExtension';
import { defaultWorkspace } from './paths';
import { ensureTools } from './tools';
import { quietSettings } from './userSettings';
import { WorkbenchPage } from './workbenchPage';

/**
 * The workbench of the UI tests: code-server in normal mode with the working copy of the extension
 * installed (devExtension.ts), and Chromium showing a folder. One shared instance serves every UI
 * test file of a run (starting one costs about 10 s); runUiTests.ts closes it at the end.
 */

export interface WorkbenchOptions {
  /** The folder to open; test/fixtures by default. */
  folder?: string;
  /** Display language, e.g. `pt-br`. */
  locale?: string;
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
}

export interface Workbench {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly ui: WorkbenchPage;
  close(): Promise<void>;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const tools = await ensureTools();
  const server = await startCodeServer(tools, {
    locale: options.locale,
    settings: { ...quietSettings, ...options.settings },
    prepareExtensions: installDevExtension,
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser(tools);
    const ui = new WorkbenchPage(browser.page);
    await browser.page.goto(server.workbenchUrl(options.folder ?? process.env.TOKENWISE_TEST_WORKSPACE ?? defaultWorkspace));
    await ui.waitUntilReady();
    const opened = browser;
    return {
      server,
      browser,
      ui,
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

let shared: Promise<Workbench> | undefined;

/** The run's one workbench, opened on first use (test/fixtures, English). */
export function sharedWorkbench(): Promise<Workbench> {
  shared ??= openWorkbench();
  return shared;
}

/** The shared workbench if a test has asked for it, without opening one. */
export function openedSharedWorkbench(): Promise<Workbench> | undefined {
  return shared;
}

export async function closeSharedWorkbench(): Promise<void> {
  const opening = shared;
  shared = undefined;
  if (!opening) return;
  try {
    await (await opening).close();
  } catch {
    // It never opened: the test that asked for it has reported why.
  }
}
