import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { stopAll } from './cleanup';
import { say } from './log';
import { repoRoot } from './paths';
import { ensureTools } from './tools';
import { closeSharedWorkbench, openedSharedWorkbench } from './workbench';

/**
 * `npm run test:ui`: mocha in plain Node over out/test/ui/**\/*.test.js. The tests drive the real
 * workbench in Chromium through the shared fixture of workbench.ts; a failing test leaves a
 * screenshot in test-artifacts/ui/. Narrowing a run: TOKENWISE_TEST_FILES, TOKENWISE_TEST_GREP as in
 * the host tests.
 */

const uiTestsDir = path.join(repoRoot, 'out', 'test', 'ui');

function testFiles(): string[] {
  const only = process.env.TOKENWISE_TEST_FILES?.split(',').map((name) => `${name.trim()}.test.js`);
  return (readdirSync(uiTestsDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js') && (!only || only.includes(path.basename(file))))
    .sort()
    .map((file) => path.join(uiTestsDir, file));
}

const rootHooks: Mocha.RootHookObject = {
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    const workbench = openedSharedWorkbench();
    if (test?.state !== 'failed' || !workbench) return;
    try {
      say(`screenshot of the failure: ${await (await workbench).ui.screenshot(`failed-${test.fullTitle()}`)}`);
    } catch {
      // No workbench to show.
    }
  },
};

async function main(): Promise<number> {
  await ensureTools(); // a cold machine shows the install's progress before the first test
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, slow: 10_000, rootHooks });
  if (process.env.TOKENWISE_TEST_GREP) mocha.grep(process.env.TOKENWISE_TEST_GREP);
  const files = testFiles();
  if (files.length === 0) throw new Error(`no UI tests in ${uiTestsDir}: run \`npm run compile-tests\``);
  for (const file of files) mocha.addFile(file);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await closeSharedWorkbench();
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    await stopAll();
    process.exit(1);
  },
);
