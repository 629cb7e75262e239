import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, codeOf, expectedCodes, fixturesDir, tokenwiseDiagnostics, waitForDiagnostics } from './helpers';

const byPosition = (a: vscode.Diagnostic, b: vscode.Diagnostic) => a.range.start.compareTo(b.range.start);

describe('diagnostics on response files', function () {
  this.timeout(60_000);
  before(activateExtension);
  after(closeAllEditors);

  for (const [file, codes] of Object.entries(expectedCodes)) {
    it(`${file}: ${codes.length ? codes.join(', ') : 'no problem'}`, async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(fixturesDir, file)));
      if (codes.length > 0) {
        const diagnostics = await waitForDiagnostics(document.uri, (found) => found.length === codes.length);
        assert.deepEqual(diagnostics.sort(byPosition).map(codeOf), codes);
        for (const diagnostic of diagnostics) {
          assert.ok(diagnostic.message.length > 0);
          const code = diagnostic.code as { value: string; target: vscode.Uri };
          assert.match(code.target.scheme, /^https?$/, 'each code links to its documentation');
        }
      } else {
        // Validation on open is synchronous and in order: once a later document has its
        // diagnostics, this one has been checked too.
        const sentinel = await vscode.workspace.openTextDocument({ language: 'json', content: '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}' });
        await waitForDiagnostics(sentinel.uri, (found) => found.length === 1);
        assert.deepEqual(tokenwiseDiagnostics(document.uri).map(codeOf), []);
      }
    });
  }

  it('checks untitled documents and follows edits, debounced', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{"ok": true}' });
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) =>
      edit.replace(new vscode.Range(0, 0, 0, 12), '{"error":"invalid_request","error_description":"The access token is missing"}'),
    );
    const diagnostics = await waitForDiagnostics(document.uri, (found) => found.length === 1);
    assert.equal(codeOf(diagnostics[0]), 'rdstation/missing-access-token');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);

    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, 0, document.getText().length), '{"ok": true}'));
    await waitForDiagnostics(document.uri, (found) => found.length === 0);
  });

  it('clears diagnostics when the document closes', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{"error_type":"EXPIRED_CODE_GRANT","error_message":"The authorization code grant has expired."}' });
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(document.uri, (found) => found.length === 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForDiagnostics(document.uri, (found) => found.length === 0);
  });

  it('skips documents over tokenwise.diagnostics.maxFileSizeMB', async () => {
    const config = vscode.workspace.getConfiguration('tokenwise');
    await config.update('diagnostics.maxFileSizeMB', 0.1, vscode.ConfigurationTarget.Global);
    try {
      const payload = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}\n';
      const big = await vscode.workspace.openTextDocument({ language: 'json', content: payload + ' '.repeat(200_000) });
      const small = await vscode.workspace.openTextDocument({ language: 'json', content: payload });
      await waitForDiagnostics(small.uri, (found) => found.length === 1);
      assert.deepEqual(tokenwiseDiagnostics(big.uri), []);
    } finally {
      await config.update('diagnostics.maxFileSizeMB', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('publishes nothing when tokenwise.diagnostics.enabled is false', async () => {
    const config = vscode.workspace.getConfiguration('tokenwise');
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}' });
    await waitForDiagnostics(document.uri, (found) => found.length === 1);
    await config.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitForDiagnostics(document.uri, (found) => found.length === 0);
    } finally {
      await config.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(document.uri, (found) => found.length === 1);
  });
});
