import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, fixturesDir, repoRoot, waitForDiagnostics } from '../host/helpers';

/**
 * Smoke test of the packaged extension: the .vsix that `npm run package` produced, installed into
 * code-server with `--install-extension` (runVsixTests.ts), not the development folder. It fails when
 * the package lacks something the extension needs at run time (a bundle, the strings, the media).
 */

interface PackageJson {
  version: string;
  icon: string;
  contributes: { commands: { command: string }[]; walkthroughs: { steps: { media: { svg?: string } }[] }[] };
}

const EXTENSION_ID = 'tokenwise.tokenwise';

function installed(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
  return extension;
}

describe('the installed .vsix', () => {
  after(closeAllEditors);

  it('is the packaged copy, not the development folder, and activates', async () => {
    const extension = installed();
    const location = path.resolve(extension.extensionPath);
    assert.ok(!location.startsWith(repoRoot + path.sep) && location !== repoRoot, `loaded from the development folder ${location}`);
    assert.ok(!existsSync(path.join(location, 'src')) && !existsSync(path.join(location, 'node_modules')), 'sources were packaged');
    const developed: PackageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal((extension.packageJSON as PackageJson).version, developed.version);
    // The production build: minified, without a source map.
    assert.doesNotMatch(readFileSync(path.join(location, 'dist/extension.js'), 'utf8'), /sourceMappingURL/);
    await extension.activate();
    assert.equal(extension.isActive, true);
    console.log(`    installed at ${location}; vscode ${vscode.version}, env.language=${vscode.env.language}`);
  });

  it('registers every command it contributes', async () => {
    const contributed = (installed().packageJSON as PackageJson).contributes.commands.map((entry) => entry.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((command) => !registered.has(command)), [], 'contributed but not registered');
  });

  it('has its icon, walkthrough images and Portuguese strings', () => {
    const extension = installed();
    const manifest = extension.packageJSON as PackageJson;
    const files = [manifest.icon, 'package.nls.pt-br.json', 'l10n/bundle.l10n.pt-br.json', 'dist/net.js', 'dist/analysis.js'];
    for (const walkthrough of manifest.contributes.walkthroughs) for (const step of walkthrough.steps) if (step.media.svg) files.push(step.media.svg);
    for (const file of files) assert.ok(existsSync(path.join(extension.extensionPath, file)), `${file} is missing from the installed extension`);
  });

  it('explains an error payload of a response file: diagnostic and hover', async () => {
    const uri = vscode.Uri.file(path.join(fixturesDir, 'rdstation/auth/expired-access-token.json'));
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (found) => found.some((d) => codeOf(d) === 'rdstation/expired-access-token'), 20_000);
    const diagnostic = diagnostics.find((d) => codeOf(d) === 'rdstation/expired-access-token')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
      .join('\n');
    assert.match(text, /expired/i, `the hover does not explain the expired token: ${text.slice(0, 300)}`);
  });

  it('opens the walkthrough sample response, which gets its diagnostics', async () => {
    await vscode.commands.executeCommand('tokenwise.openSampleResponse');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document?.isUntitled, 'no untitled sample opened');
    assert.equal(document.languageId, 'http');
    await waitForDiagnostics(document.uri, (found) => found.some((d) => codeOf(d) === 'rdstation/expired-access-token'), 20_000);
    // Closed without the save prompt an edited untitled document would raise.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
