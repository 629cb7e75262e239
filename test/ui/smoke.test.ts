import * as assert from 'node:assert';
import { existsSync } from 'node:fs';
import { sharedWorkbench, type Workbench } from '../harness/workbench';

describe('workbench', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await sharedWorkbench();
  });

  it('loads with Tokenwise running in the extension host', async () => {
    await workbench.ui.waitForRunningExtension('Tokenwise');
    const statusBar = await workbench.ui.statusBarItems();
    assert.ok(statusBar.some((item) => item.id === 'status.problems'), 'the status bar shows the problems item');
    const screenshot = await workbench.ui.screenshot('smoke-workbench');
    assert.ok(existsSync(screenshot));
    await workbench.ui.runCommand('View: Close Editor');
  });
});
