import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { say } from './log';
import { defaultWorkspace, hostTestsEntry, launcherScript, repoRoot } from './paths';
import { ensureTools } from './tools';

/**
 * `npm run test:host`: the extension-host tests (test/host) through `@vscode/test-electron`'s
 * `runTests`. The "VS Code executable" is this harness's launcher (code-server + Chromium, see
 * launcher.ts), so nothing is downloaded; TOKENWISE_VSCODE_EXECUTABLE=<path of a desktop `code`> runs
 * the same suite in a desktop VS Code instead, where one is installed.
 *
 * One pass in the default language (English), then one more per display language listed in
 * TOKENWISE_TEST_LOCALE (`pt-br` unless set; empty for none); the tests see it as
 * `vscode.env.language`. Those passes run only the files whose text follows the display language
 * (LANGUAGE_PASS_FILES), unless TOKENWISE_TEST_FILES names others.
 */

const LANGUAGE_PASS_FILES = 'activation,hover,statusBar';

interface Pass {
  locale?: string;
  code: number;
  seconds: number;
}

async function runPass(locale: string | undefined, workspace: string): Promise<Pass> {
  const desktop = process.env.TOKENWISE_VSCODE_EXECUTABLE;
  const localeArgs = locale ? [`--locale=${locale}`] : [];
  say(`host tests${locale ? ` with display language ${locale}` : ''} in ${desktop ?? 'code-server'}…`);
  const started = Date.now();
  let code = 0;
  try {
    await runTests({
      // runTests downloads VS Code only when no executable is given.
      vscodeExecutablePath: desktop ?? process.execPath,
      launchArgs: desktop ? [workspace, ...localeArgs] : [launcherScript, workspace, ...localeArgs],
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: hostTestsEntry,
      // Reaches the host through the launcher, which passes on every TOKENWISE_* variable.
      extensionTestsEnv: locale ? { TOKENWISE_TEST_FILES: process.env.TOKENWISE_TEST_FILES ?? LANGUAGE_PASS_FILES } : {},
    });
  } catch (error) {
    if (!(error instanceof TestRunFailedError)) say(String(error));
    code = error instanceof TestRunFailedError && error.code ? error.code : 1;
  }
  return { locale, code, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  const workspace = process.env.TOKENWISE_TEST_WORKSPACE ?? defaultWorkspace;
  // Installed once up front, so that a cold machine shows the install's progress before any test.
  if (!process.env.TOKENWISE_VSCODE_EXECUTABLE) await ensureTools();
  const extraLocales = (process.env.TOKENWISE_TEST_LOCALE ?? 'pt-br').split(',').map((locale) => locale.trim()).filter(Boolean);
  const passes: Pass[] = [];
  for (const locale of [undefined, ...extraLocales]) passes.push(await runPass(locale, workspace));
  for (const pass of passes) {
    say(`host tests [${pass.locale ?? 'default language'}]: ${pass.code === 0 ? 'passed' : `FAILED (exit code ${pass.code})`} in ${pass.seconds.toFixed(1)} s`);
  }
  return passes.some((pass) => pass.code !== 0) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
