import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where the harness finds the project and keeps what it installs; every path is absolute. */

// Compiled to out/test/harness/*.js; the sources live in test/harness/*.ts: both sit three levels down.
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The ecosystem's usual cache folder (git-ignored): Node 24 and code-server are installed here on demand. */
export const cacheDir = path.join(repoRoot, '.vscode-test');

/** Screenshots and logs of the UI tests (git-ignored). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

/** The folder the workbench opens unless told otherwise: the response files of the tests. */
export const defaultWorkspace = path.join(repoRoot, 'test', 'fixtures');

/** The folder `npm run demo` opens: response files of every kind and START-HERE.md. */
export const demoWorkspace = path.join(repoRoot, 'samples', 'demo-workspace');

/** What `npm run package` produces, `tokenwise-<version>.vsix`, unless TOKENWISE_VSIX names another. */
export function packagedVsix(): string {
  if (process.env.TOKENWISE_VSIX) return path.resolve(process.env.TOKENWISE_VSIX);
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(repoRoot, `${name}-${version}.vsix`);
}

/** The compiled launcher that `@vscode/test-electron` starts in place of a desktop VS Code. */
export const launcherScript = path.join(repoRoot, 'out', 'test', 'harness', 'launcher.js');

/** The compiled mocha bootstrap of the extension-host tests. */
export const hostTestsEntry = path.join(repoRoot, 'out', 'test', 'host', 'index.js');
