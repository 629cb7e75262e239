import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { defaultWorkspace } from '../harness/paths';
import { openWorkbench, type Workbench } from '../harness/workbench';
import { WorkbenchPage } from '../harness/workbenchPage';

/**
 * Promise 3 with two windows: two tabs of one code-server in one browser profile, so two extension
 * hosts over the same SecretStorage (the origin's localStorage). Window A signs in; window B opens
 * with that session; both renew the expiring token at the same time (40-second tokens, renewed in
 * the last 20 s, so both renewal timers fall within 2 s of each other); A signs out; B is watched
 * for the sign-out, then reloaded.
 *
 * code-server keeps SecretStorage as one copy per window: its LocalStorageSecretStorageProvider
 * (lib/vscode/out/vs/code/browser/workbench/workbench.js of code-server 4.139.1) reads localStorage
 * once when the window opens, answers from that copy, writes its whole copy back
 * on each change and never listens to other windows' writes, so no `secrets.onDidChange` crosses
 * windows. When the reloaded window B shows what window A stored but the live one never did, the two
 * checks that need live sharing (one refresh, one sign-out for both) cannot be made on this host:
 * they are reported as pending with the figures measured, and run as soon as a host shares.
 */

const STATUS = /tokenwise\.status$/;
const LIFETIME_SECONDS = 40;
const POLL_MS = 3_000;

describe('two windows over one SecretStorage', function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;
  let workbench: Workbench;
  let a: WorkbenchPage;
  let b: WorkbenchPage;
  /** What the windows did, for the verdicts and the figures. */
  const seen: { refreshes?: number; gapMs?: number; fingerprints?: [string, string]; propagationMs?: number; reloadedSignedOut?: boolean } = {};

  before(async () => {
    emulator = await startEmulator({ autoApprove: true, tokenLifetimeSeconds: LIFETIME_SECONDS });
    workbench = await openWorkbench({
      settings: {
        'tokenwise.profiles': [{ id: 'rdstation-marketing', baseUrl: emulator.baseUrl }],
        'tokenwise.activeProfile': 'rdstation-marketing',
        'tokenwise.refreshBeforeExpirySeconds': LIFETIME_SECONDS / 2,
      },
    });
    a = workbench.ui;
    await a.waitForRunningExtension('Tokenwise');
    await a.runCommand('View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
    await emulator?.close();
  });

  const statusText = async (ui: WorkbenchPage) => (await ui.statusBarItems()).find((item) => STATUS.test(item.id))?.text ?? '';
  const waitForStatus = async (ui: WorkbenchPage, pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await statusText(ui);
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the status bar did not show ${pattern}: ${JSON.stringify(text)}`);
      await ui.page.waitForTimeout(100);
    }
  };
  const valid = /RD Station Marketing: \d+s/;

  /** The access-token fingerprint Show Token Details gives in a window (opened once per window). */
  async function fingerprintIn(ui: WorkbenchPage): Promise<string> {
    await ui.page.bringToFront();
    await ui.runCommand('Tokenwise: Show Token Details');
    await ui.page.locator('.tabs-container .tab.active', { hasText: 'token-details.json' }).waitFor();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const match = /‹sha256:[0-9a-f]{8}›/.exec(await ui.activeEditor.locator('.view-lines').innerText());
      if (match) return match[0];
      if (Date.now() > deadline) throw new Error('no access-token fingerprint in the token details');
      await ui.page.waitForTimeout(100);
    }
  }

  it('window A signs in, and window B opens with that session', async () => {
    await a.runCommand('Tokenwise: Sign In…');
    await a.answerInputBox('tokenwise-demo');
    await a.answerInputBox('tokenwise-demo-secret');
    // The consent page approves at once and redirects to the workbench's callback URL; where that
    // redirect does not reach the extension, the waiting notification's loopback link finishes it.
    try {
      await waitForStatus(a, valid, 10_000);
    } catch {
      await a.notifications();
      await a.page.locator('.notifications-center a', { hasText: 'Use a loopback redirect' }).first().click();
      await waitForStatus(a, valid);
      await a.pressEscape();
    }
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 1);

    const page: Page = await workbench.browser.context.newPage();
    await page.goto(workbench.server.workbenchUrl(defaultWorkspace));
    b = new WorkbenchPage(page);
    await b.waitUntilReady();
    await waitForStatus(b, valid);
  });

  it('both windows renew the expiring token, then window A signs out and window B is watched', async () => {
    // Both renewal timers fall due at once; give the later one time to run, then compare.
    const refreshes = () => emulator.control.stats().requests['rdstation.token.refresh'] ?? 0;
    const deadline = Date.now() + LIFETIME_SECONDS * 1000;
    while (refreshes() === 0) {
      assert.ok(Date.now() < deadline, 'no renewal reached the emulator');
      await a.page.waitForTimeout(100);
    }
    await a.page.waitForTimeout(3_000);
    seen.refreshes = refreshes();
    const times = emulator.control.requests().filter((request) => request.endpoint === 'rdstation.token.refresh').map((request) => request.at);
    seen.gapMs = times.length > 1 ? times[1] - times[0] : undefined;
    assert.ok(seen.refreshes <= 2, `each window renews at most once (single flight in each): ${seen.refreshes} refreshes`);
    seen.fingerprints = [await fingerprintIn(a), await fingerprintIn(b)];
    await waitForStatus(a, valid);
    await waitForStatus(b, valid);

    await a.page.bringToFront();
    await a.runCommand('Tokenwise: Sign Out');
    await waitForStatus(a, /Signed out/);
    const signedOutAt = Date.now();
    assert.equal(emulator.control.stats().requests['rdstation.revoke'], 1, 'window A revoked at the provider');
    while (Date.now() - signedOutAt < POLL_MS) {
      if (/Signed out/.test(await statusText(b))) {
        seen.propagationMs = Date.now() - signedOutAt;
        break;
      }
      await b.page.waitForTimeout(50);
    }
    console.log(
      `      refreshes at the emulator: ${seen.refreshes}${seen.gapMs !== undefined ? ` (${seen.gapMs} ms apart)` : ''}; ` +
        `access tokens: A ${seen.fingerprints[0]}, B ${seen.fingerprints[1]}; ` +
        `sign-out reached window B ${seen.propagationMs !== undefined ? `after ${seen.propagationMs} ms` : `not within ${POLL_MS / 1000} s`}`,
    );
  });

  it('window B, reloaded, shows the sign-out window A stored', async () => {
    await b.page.reload();
    await b.waitUntilReady();
    await waitForStatus(b, /Signed out/);
    seen.reloadedSignedOut = true;
  });

  /** Pending, with the figures, when the host gives each window its own copy of SecretStorage. */
  let said = false;
  function unlessHostShares(this: Mocha.Context): void {
    if (seen.propagationMs === undefined && seen.reloadedSignedOut) {
      if (!said) {
        console.log(
          '      not checkable in code-server: each window has its own copy of SecretStorage (a sign-out reached the other window only through a reload); ' +
            `measured ${seen.refreshes} refreshes and ${seen.fingerprints?.[0] === seen.fingerprints?.[1] ? 'the same' : 'different'} tokens`,
        );
        said = true;
      }
      this.skip();
    }
  }

  it('refreshes at most once at the emulator, and both windows end with the same token', function () {
    unlessHostShares.call(this);
    assert.equal(seen.refreshes, 1, 'one refresh for both windows');
    assert.ok(seen.fingerprints && seen.fingerprints[0] === seen.fingerprints[1], `the same token in both windows: ${seen.fingerprints?.join(' ≠ ')}`);
  });

  it('signs window B out when window A signs out', function () {
    unlessHostShares.call(this);
    assert.ok(seen.propagationMs !== undefined, `window B still showed the session ${POLL_MS / 1000} s after window A signed out`);
  });
});
