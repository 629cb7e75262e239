import * as assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../emulator';
import { openWorkbench, type Workbench } from '../harness/workbench';

/**
 * The Getting Started walkthrough as a Brazilian user meets it: in Portuguese, with its images, and
 * each step ticked by itself once it is really done (credentials stored, a token received, an error
 * shown in an editor), through the walkthrough's own buttons. Its own workbench: a fresh profile,
 * where nothing is done yet. Then, in the same Portuguese workbench, a hover explaining an RD Station
 * error (hover-pt-br.png, the README's counterpart of hover-en.png).
 */
describe('walkthrough', function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let workbench: Workbench;

  before(async () => {
    emulator = await startEmulator();
    workbench = await openWorkbench({ locale: 'pt-br', settings: { 'tokenwise.profiles': [{ id: 'consistem-whatsapp', baseUrl: emulator.baseUrl }] } });
    await workbench.ui.waitForRunningExtension('Tokenwise');
    await workbench.ui.runCommand('View: Close All Editors');
  });

  after(async () => {
    await workbench?.close();
    await emulator?.close();
  });

  const step = (id: string) => workbench.ui.page.locator(`.getting-started-step[data-step-id="tokenwise.tokenwise#gettingStarted#${id}"]`);
  const done = async (id: string) => (await step(id).locator('[data-done-step-id]').getAttribute('aria-checked')) === 'true';
  const waitUntilDone = async (id: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done(id))) {
      if (Date.now() > deadline) throw new Error(`the walkthrough step ${id} was not ticked`);
      await workbench.ui.page.waitForTimeout(250);
    }
  };
  // Through the Welcome page's list of walkthroughs: the palette's "Open Walkthrough..." opens a quick
  // pick, which runCommand would wait out.
  const openWalkthrough = async () => {
    await workbench.ui.runCommand('Help: Welcome');
    const category = workbench.ui.page.locator('.getting-started-category[x-dispatch="selectCategory:tokenwise.tokenwise#gettingStarted"]');
    // The page opens on the list of walkthroughs, or on the one it showed last.
    await category.or(step('setClientCredentials')).first().waitFor({ state: 'visible' });
    if (await category.isVisible()) {
      assert.match(await category.innerText(), /Primeiros passos com o Tokenwise/);
      await category.click();
    }
    await step('setClientCredentials').waitFor({ state: 'visible' });
  };
  const press = async (id: string, button: string) => {
    // Expanded by its title: a click in the middle of an open step could land on its button.
    if ((await step(id).getAttribute('aria-expanded')) !== 'true') await step(id).locator('.step-title').click();
    await step(id).locator('.button-container a', { hasText: button }).click();
  };

  it('is in Brazilian Portuguese, and each step ticks itself once it is done', async () => {
    const { ui } = workbench;
    await openWalkthrough();
    const titles = await ui.page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles, ['Defina as credenciais do cliente', 'Entre ou solicite um token', 'Abra uma resposta com erro']);
    for (const id of ['setClientCredentials', 'getToken', 'seeExplanation']) assert.equal(await done(id), false, `${id} is ticked in a fresh profile`);
    await ui.screenshot('walkthrough-pt-br');

    // 1. The step's button asks for the credentials; storing them ticks the step (not the click).
    await press('setClientCredentials', 'Definir credenciais do cliente');
    await ui.answerInputBox('consistem-whatsapp');
    await ui.answerInputBox('tokenwise-demo');
    assert.equal(await done('setClientCredentials'), false, 'ticked before the credentials were stored');
    await ui.answerInputBox('tokenwise-demo-secret');
    await waitUntilDone('setClientCredentials');
    // The extension's own strings (its l10n bundle), not only the catalogue's: the notification and
    // the status bar item, which belongs to Tokenwise (an unknown extension gets neither).
    const notices = await ui.notifications();
    assert.ok(notices.some((text) => /Credenciais do cliente de Consistem WhatsApp salvas no chaveiro do sistema/.test(text)), notices.join(' | '));
    await ui.waitForStatusBarText('tokenwise.tokenwise.tokenwise.status', /Consistem WhatsApp: Desconectado/);

    // 2. A client-credentials token from the emulator.
    await press('getToken', 'Solicitar token client credentials');
    await waitUntilDone('getToken');
    assert.equal(emulator.control.stats().total, 1, 'one token request reached the server');

    // 3. The sample response opens with its error underlined.
    await press('seeExplanation', 'Abrir uma resposta de exemplo');
    await ui.squiggles('error').first().waitFor({ state: 'attached', timeout: 30_000 });
    await openWalkthrough();
    await waitUntilDone('seeExplanation');
    await ui.screenshot('walkthrough-pt-br-done');
  });

  // The same file and finding as hover-en.png of responseFiles.test.ts, so the README shows the two side by side.
  it('explains an RD Station error on hover in Brazilian Portuguese', async () => {
    const { ui } = workbench;
    await ui.runCommand('View: Close All Editors');
    // The walkthrough's sample response is an untitled document with text: the workbench asks to save it.
    const dontSave = ui.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Don't Save$/ });
    if (await dontSave.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await dontSave.click();
    await ui.page.locator('.editor-group-container .tabs-container .tab').first().waitFor({ state: 'detached' });
    await ui.openFile('rdstation/auth/expired-access-token.http');
    await ui.squiggles('error').first().waitFor({ state: 'attached' });
    assert.ok((await ui.problemsCount()) >= 3, 'the status line and both expired-token findings are counted');
    const problems = await ui.problems();
    assert.ok(problems.some((row) => /access_token expirado .*Tokenwise/.test(row)), problems.join('\n'));

    // The walkthrough's toasts would cover the Problems panel of the screenshot.
    await ui.runCommand('Notifications: Clear All Notifications');
    const hover = await ui.hoverSquiggle(0, 'error');
    assert.match(hover, /rdstation\/expired-access-token/);
    assert.match(hover, /O que significa/);
    assert.match(hover, /Por que acontece/);
    assert.match(hover, /Como corrigir/);
    assert.doesNotMatch(hover, /What it means|How to fix it/);
    await ui.screenshot('hover-pt-br');
    await ui.pressEscape();
  });
});
