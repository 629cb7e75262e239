import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../emulator';
import { openWorkbench, type Workbench } from '../harness/workbench';

/**
 * The status bar as a user sees it: signed out, then valid after setting the client credentials and
 * requesting a token from the palette, then expiring soon and expired (the emulator issues
 * 40-second tokens so the whole life of a token fits in the test).
 */
describe('status bar', function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator({ tokenLifetimeSeconds: 40 });
    workbench = await openWorkbench({
      settings: {
        'tokenwise.profiles': [{ id: 'consistem-whatsapp', baseUrl: emulator.baseUrl }],
        'tokenwise.activeProfile': 'consistem-whatsapp',
      },
    });
    await workbench.ui.waitForRunningExtension('Tokenwise');
    await workbench.ui.runCommand('View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
    await emulator?.close();
  });

  const statusItem = async () => {
    const item = (await workbench.ui.statusBarItems()).find((candidate) => candidate.id.endsWith('tokenwise.status'));
    assert.ok(item, 'the Tokenwise status bar item is shown');
    return item;
  };

  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const item = await statusItem();
      if (pattern.test(`${item.text} | ${item.ariaLabel}`)) return item;
      if (Date.now() > deadline) throw new Error(`status bar did not show ${pattern}: ${item.text} | ${item.ariaLabel}`);
      await workbench.ui.page.waitForTimeout(250);
    }
  };

  it('goes from signed out to valid, expiring soon and expired', async () => {
    const { ui } = workbench;
    await waitFor(/Consistem WhatsApp: Signed out/);
    await ui.screenshot('status-signed-out');

    await ui.runCommand('Tokenwise: Set Client Credentials…');
    await ui.answerInputBox('consistem-whatsapp'); // which profile: the active one is offered first
    await ui.answerInputBox('tokenwise-demo');
    await ui.answerInputBox('tokenwise-demo-secret');
    await ui.runCommand('Tokenwise: Request Client-Credentials Token');
    const valid = await waitFor(/Valid for \d+s/);
    assert.match(valid.text, /Consistem WhatsApp: \d+s/);
    await ui.screenshot('status-valid');

    await waitFor(/Expires soon/);
    await ui.screenshot('status-expiring');
    await waitFor(/Consistem WhatsApp: Expired/);
    await ui.screenshot('status-expired');
    assert.equal(emulator.control.stats().total, 1, 'one token request reached the server');
  });
});
