import * as assert from 'node:assert/strict';
import { sharedWorkbench, type Workbench } from '../harness/workbench';

/** What a user sees on a saved API response: squiggles, the Problems panel, a hover and Ctrl+. */
describe('response files in the workbench', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await sharedWorkbench();
    await workbench.ui.waitForRunningExtension('Tokenwise');
    await workbench.ui.runCommand('View: Close All Editors');
  });

  it('marks an expired RD Station token, lists it in Problems and explains it on hover', async () => {
    const { ui } = workbench;
    await ui.openFile('rdstation/auth/expired-access-token.http');
    await ui.squiggles('error').first().waitFor({ state: 'attached' });
    assert.ok((await ui.problemsCount()) >= 3, 'the status line and both expired-token findings are counted');
    const problems = await ui.problems();
    assert.ok(problems.some((row) => /Access token expired .*Tokenwise/.test(row)), problems.join('\n'));
    await ui.screenshot('problems-en');

    const hover = await ui.hoverSquiggle(0, 'error');
    assert.match(hover, /rdstation\/expired-access-token/);
    assert.match(hover, /What it means/);
    assert.match(hover, /How to fix it/);
    await ui.screenshot('hover-en');
    await ui.pressEscape();
  });

  it('offers and applies the missing Authorization header with Ctrl+.', async () => {
    const { ui } = workbench;
    await ui.openFile('locations/request-file.http');
    const fixes = await ui.quickFixes(0, 'error');
    const add = fixes.find((title) => /Authorization: Bearer/.test(title));
    assert.ok(add, `quick fixes offered: ${fixes.join(' | ')}`);
    await ui.screenshot('quick-fix-en');
    await ui.applyQuickFix(add);
    const text = await ui.page.locator('.editor-group-container.active .view-lines').innerText();
    assert.match(text.replace(/\u00a0/g, ' '), /Authorization: Bearer \{\{accessToken\}\}/);
    // The fixture on disk stays as it is.
    await ui.runCommand('File: Revert File');
  });
});
