import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { artifactsDir, repoRoot } from '../harness/paths';
import { nextTab } from '../harness/browser';
import { openWorkbench, type Workbench } from '../harness/workbench';

/**
 * Sign-in as a user clicks it: the palette, the client credentials, the emulator's consent page in a
 * new tab, Approve, the redirect through the URI handler, and back in the workbench with the status
 * bar valid. Then the loopback fallback, and the paste fallback,
 * switched to from the waiting notification's link, with the relay page of media/ at an https
 * callback the browser cannot otherwise reach.
 */

const RELAY = 'https://relay.tokenwise.invalid/callback';

describe('sign-in in the workbench', function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await openWorkbench({
      settings: {
        'tokenwise.profiles': [
          { id: 'rdstation-marketing', baseUrl: emulator.baseUrl },
          { id: 'rd-via-relay', label: 'RD Station via relay', extends: 'rdstation-marketing', baseUrl: emulator.baseUrl, redirectUri: RELAY },
        ],
        'tokenwise.activeProfile': 'rdstation-marketing',
      },
    });
    // The relay page, served at the https callback the profile registers.
    const relay = readFileSync(path.join(repoRoot, 'media/relay.html'), 'utf8');
    await workbench.browser.context.route(`${RELAY}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: relay }));
    await workbench.ui.waitForRunningExtension('Tokenwise');
    await workbench.ui.runCommand('View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
    await emulator?.close();
  });

  /** The Tokenwise item's text once it matches (its id is `<extension id>.tokenwise.status`). */
  const waitForStatus = async (pattern: RegExp, timeoutMs = 30_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const item = (await workbench.ui.statusBarItems()).find((candidate) => candidate.id.endsWith('tokenwise.status'));
      if (item && pattern.test(item.text)) return item.text;
      if (Date.now() > deadline) throw new Error(`the status bar did not show ${pattern}: ${item?.text ?? 'no Tokenwise item'}`);
      await workbench.ui.page.waitForTimeout(250);
    }
  };

  /** The consent tab the next sign-in opens. */
  const nextConsentTab = (): Promise<Page> => nextTab(workbench.browser.context, /\/auth\/dialog/);

  it('signs in from the palette through the consent page, and the status bar turns valid', async () => {
    const { ui } = workbench;
    await waitForStatus(/Signed out/);
    const opened = nextConsentTab();
    await ui.runCommand('Tokenwise: Sign In…');
    await ui.answerInputBox('rdstation-marketing'); // which profile: two use the authorization code
    await ui.answerInputBox('tokenwise-demo');
    await ui.answerInputBox('tokenwise-demo-secret');
    const first = await opened;
    await first.waitForLoadState();
    assert.match(await first.locator('h1').innerText(), /Authorize/);

    // While the consent page is open, the notification waits with the fallbacks as links.
    const waiting = (await ui.notifications()).find((message) => /Signing in to RD Station Marketing/.test(message));
    assert.ok(waiting, 'a sign-in notification is shown');
    assert.match(waiting, /Use a loopback redirect/);
    assert.match(waiting, /Paste the redirected URL/);
    await ui.screenshot('sign-in-waiting');

    // Approve: the emulator redirects to the workbench's callback URL (env.asExternalUri), and the
    // workbench hands the callback to the extension's URI handler.
    await first.screenshot({ path: path.join(artifactsDir, 'ui', 'sign-in-consent.png') });
    await first.locator('#approve').click();
    await ui.page.bringToFront();
    await ui.pressEscape();
    const valid = await waitForStatus(/RD Station Marketing: \d+h/);
    assert.match(valid, /RD Station Marketing: 23h 59m/);
    await ui.screenshot('sign-in-valid');
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 1, 'one code exchange');
  });

  it('signs in through a loopback redirect, switched to from the notification', async () => {
    const { ui } = workbench;
    await ui.runCommand('Tokenwise: Sign Out');
    await waitForStatus(/Signed out/);
    const first = nextConsentTab();
    await ui.runCommand('Tokenwise: Sign In…');
    await ui.answerInputBox('rdstation-marketing');
    await first;
    // The notification's link reopens the consent page with http://127.0.0.1:<port>/callback (RFC 8252).
    await ui.runCommand('Notifications: Show Notifications');
    const second = nextConsentTab();
    await ui.page.locator('.notifications-center a', { hasText: 'Use a loopback redirect' }).first().click();
    const consent = await second;
    await consent.waitForLoadState();
    await consent.locator('#approve').click();
    await consent.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    assert.match(await consent.locator('h1').innerText(), /Tokenwise received the redirect/);
    await ui.page.bringToFront();
    await ui.pressEscape();
    assert.match(await waitForStatus(/RD Station Marketing: \d+h/), /RD Station Marketing: 23h 59m/);
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 2, 'one more code exchange');
  });

  it('signs in by pasting the redirected URL, switched to from the notification', async () => {
    const { ui } = workbench;
    const first = nextConsentTab();
    await ui.runCommand('Tokenwise: Sign In…');
    await ui.answerInputBox('rd-via-relay'); // which profile
    await ui.answerInputBox('tokenwise-demo');
    await ui.answerInputBox('tokenwise-demo-secret');
    await first;

    // The link in the waiting notification switches the same sign-in to the paste method.
    await ui.runCommand('Notifications: Show Notifications');
    const second = nextConsentTab();
    await ui.page.locator('.notifications-center a', { hasText: 'Paste the redirected URL' }).first().click();
    const consent = await second;
    await consent.waitForLoadState();
    await consent.locator('#approve').click();
    // The relay page cannot hand code-oss:// links to this browser: it shows the address to paste.
    // The page's own hand-over to code-oss:// fails in this browser, so its load event may never come.
    await consent.waitForURL(/relay\.tokenwise\.invalid\/callback\?code=/, { waitUntil: 'commit' });
    const redirected = await consent.locator('#address').innerText();
    assert.match(redirected, /[?&]state=/);
    await consent.screenshot({ path: path.join(artifactsDir, 'ui', 'sign-in-relay.png') });

    await ui.page.bringToFront();
    await ui.answerInputBox(redirected);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const messages = await ui.notifications();
      if (messages.some((message) => /Signed in to RD Station via relay/.test(message))) break;
      assert.ok(Date.now() < deadline, `no sign-in confirmation; notifications: ${messages.join(' | ')}`);
      await ui.pressEscape();
      await ui.page.waitForTimeout(500);
    }
    await ui.screenshot('sign-in-pasted');
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 3, 'the pasted code was exchanged once');
  });
});
