import * as assert from 'node:assert';
import * as vscode from 'vscode';

describe('extension host', () => {
  it('has tokenwise.tokenwise, which activates', async () => {
    const extension = vscode.extensions.getExtension('tokenwise.tokenwise');
    assert.ok(extension, 'tokenwise.tokenwise is not in this host');
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
    // The harness's own evidence: which host, which language (the pt-BR pass checks this line).
    console.log(`    host: vscode ${vscode.version}, env.language=${vscode.env.language}, env.uriScheme=${vscode.env.uriScheme}, appHost=${vscode.env.appHost}`);
  });
});
