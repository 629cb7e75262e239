import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stopAll } from './cleanup';
import { checkDemo } from './demoCheck';
import { runExtensionTests } from './extensionTests';
import { say } from './log';
import { defaultWorkspace, packagedVsix, repoRoot } from './paths';
import { ensureTools } from './tools';

/**
 * `npm run test:vsix`: the smoke test of the packaged extension. `npm run package` has produced
 * `tokenwise-<version>.vsix` (or TOKENWISE_VSIX names one); code-server installs it with its own
 * `--install-extension`, as a user would, and the tests of test/vsix run in its extension host against
 * that installed copy. VS Code runs extension tests only for an extension under development, so the
 * development path is an empty runner extension (test/vsix/runner), never the project folder.
 * Then the smoke check of `npm run demo` with the same package (demoCheck.ts); TOKENWISE_SKIP_DEMO_CHECK
 * leaves it out.
 */

async function main(): Promise<number> {
  const vsix = packagedVsix();
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  say(`smoke test of ${path.relative(repoRoot, vsix) || vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB), installed into code-server…`);
  const tools = await ensureTools();
  const started = Date.now();
  const code = await runExtensionTests(tools, {
    extensionDevelopmentPaths: [path.join(repoRoot, 'test', 'vsix', 'runner')],
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vsix', 'index.js'),
    installExtensions: [vsix],
    folder: process.env.TOKENWISE_TEST_WORKSPACE ?? defaultWorkspace,
    timeoutMs: Number(process.env.TOKENWISE_TEST_TIMEOUT_MS) || 5 * 60_000,
    output: (line, stream) => process[stream].write(`${line}\n`),
  });
  say(`installed-package smoke test: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (code !== 0 || process.env.TOKENWISE_SKIP_DEMO_CHECK) return code;
  const demoStarted = Date.now();
  await checkDemo(tools, vsix, (line) => say(`demo: ${line}`));
  say(`\`npm run demo\` smoke check: passed in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`);
  return 0;
}

// Exits explicitly: nothing started here may keep the process alive once the result is known.
main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    await stopAll();
    process.exit(1);
  },
);
