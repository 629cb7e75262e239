import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { track, untrack, type Resource } from './cleanup';
import { killProcessesMentioning } from './processes';
import type { Tools } from './tools';

/** Debian's Chromium driven by playwright-core (which never downloads a browser), in a fresh profile. */

export interface Browser {
  readonly context: BrowserContext;
  /** The first tab of the profile. */
  readonly page: Page;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Browser UI language and `navigator.language`, e.g. `pt-BR`. */
  lang?: string;
  viewport?: { width: number; height: number };
}

export async function launchBrowser(tools: Tools, options: BrowserOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-chromium-'));
  let context: BrowserContext | undefined;
  let closing: Promise<void> | undefined;
  // Tracked before the launch, so that a signal during it still removes the profile.
  const resource: Resource = {
    // Every caller (the test's finally, a signal handler) waits for the same close.
    stop: () =>
      (closing ??= (async () => {
        try {
          await context?.close();
        } finally {
          rmSync(profile, { recursive: true, force: true });
          untrack(resource); // only now: an exit while closing still runs kill()
        }
      })()),
    // Chromium is killed first, or it writes into the profile while it is being removed.
    kill() {
      killProcessesMentioning(profile);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  track(resource);
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: tools.chromium,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox', // root in a container: Chromium's sandbox cannot start there
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        ...(options.lang ? [`--lang=${options.lang}`] : []),
      ],
      ...(options.lang ? { locale: options.lang } : {}),
      viewport: options.viewport ?? { width: 1600, height: 1000 },
      // The harness's own signal handlers close the browser, in order, after the tests' output.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await resource.stop();
    throw new Error(`could not start ${tools.chromium}: ${(error as Error).message}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => resource.stop() };
}

/**
 * Starts watching for the tab the next action opens: call before the action, await after it. Polled,
 * not the context's 'page' event: the workbench opens external links with `noopener`, and that event
 * does not always reach Playwright for such a tab.
 */
export function nextTab(context: BrowserContext, url: RegExp, timeoutMs = 30_000): Promise<Page> {
  const before = new Set(context.pages());
  return (async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const opened = context.pages().find((page) => !before.has(page) && url.test(page.url()));
      if (opened) return opened;
      if (Date.now() > deadline) throw new Error(`no tab matching ${url} opened; tabs: ${context.pages().map((page) => page.url()).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
}
