import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

/** Shared by the host tests: where the fixtures are, and waiting for what the extension publishes. */

export const repoRoot = path.resolve(__dirname, '../../..');
export const fixturesDir = path.join(repoRoot, 'test/fixtures');
export const expectedCodes: Record<string, string[]> = JSON.parse(readFileSync(path.join(fixturesDir, 'expected.json'), 'utf8'));

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension('tokenwise.tokenwise');
  if (!extension) throw new Error('tokenwise.tokenwise is not installed in this host');
  await extension.activate();
}

export function tokenwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Tokenwise');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Resolves when `predicate` holds for the document's diagnostics; rejects after `timeoutMs`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = tokenwiseDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`diagnostics of ${uri.toString(true)} did not match in time: ${JSON.stringify(tokenwiseDiagnostics(uri).map(codeOf))}`));
    }, timeoutMs);
    const cleanup = () => {
      listener.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

/** `executeCodeActionProvider` is sometimes cancelled by the workbench; that one case is retried. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || error.name !== 'Canceled') throw error;
    }
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
