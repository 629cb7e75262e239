import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { scan } from '../../src/core/scan';
import { renderExplanation } from '../../src/editor/hoverProvider';
import { activateExtension, closeAllEditors, waitForDiagnostics } from './helpers';
import { clearSecrets, emulatorWithProfiles, hooks, resetSettings, signInWithCode, waitFor } from './tokenSupport';

const INVALID_TOKEN = '{\n  "error_type": "UNAUTHORIZED",\n  "error_message": "Invalid token."\n}\n';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** The expected heading in the display language of this pass (npm run test:host runs one in pt-BR). */
const inDisplayLanguage = (en: RegExp, pt: RegExp): RegExp => (vscode.env.language.toLowerCase().startsWith('pt') ? pt : en);

describe('hovers on error payloads', function () {
  this.timeout(60_000);
  before(activateExtension);
  after(closeAllEditors);

  it('explains the payload under the cursor: meaning, cause, fix and a documentation link', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: INVALID_TOKEN });
    await waitForDiagnostics(document.uri, (found) => found.length === 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 8));
    const text = hoverText(hovers);
    assert.match(text, /rdstation\/invalid-token/);
    assert.match(text, inDisplayLanguage(/What it means/, /O que significa/));
    assert.match(text, inDisplayLanguage(/How to fix it/, /Como corrigir/));
    assert.match(text, /\]\(https:\/\/[^)]+\)/, 'links to the documentation');
  });

  it("says how the payload's profile stands right now: signed out, then valid after a sign-in", async () => {
    const h = await hooks();
    const emulator = await emulatorWithProfiles(h);
    try {
      await clearSecrets(h);
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: INVALID_TOKEN });
      await waitForDiagnostics(document.uri, (found) => found.length === 1);
      // As a reader sees it: appendText writes spaces as &nbsp;.
      const hover = async () =>
        hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 8))).replace(/&nbsp;/g, ' ');
      const now = inDisplayLanguage(/\*\*RD Station Marketing, now:\*\* /, /\*\*RD Station Marketing, agora:\*\* /);
      assert.match(await hover(), new RegExp(now.source + inDisplayLanguage(/No client credentials or token yet\./, /Ainda não há credenciais de cliente nem token\./).source));
      await signInWithCode(h, emulator);
      await waitFor('the tokens', () => h.tokens.snapshot('rdstation-marketing').tokens);
      assert.match(await hover(), new RegExp(now.source + inDisplayLanguage(/Valid for 23h 59m\./, /Válido por 23h 59m\./).source));
    } finally {
      await clearSecrets(h);
      await resetSettings(h);
      await emulator.close();
    }
  });

  it('shows nothing outside a payload', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: `{"ok": true}\n${INVALID_TOKEN}` });
    await waitForDiagnostics(document.uri, (found) => found.length === 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 3));
    assert.doesNotMatch(hoverText(hovers), /rdstation\//);
  });

  it('renders the explanation in English and in Brazilian Portuguese', () => {
    const [finding] = scan(INVALID_TOKEN).findings;
    const english = renderExplanation(finding, 'en').value;
    const portuguese = renderExplanation(finding, 'pt-br').value;
    assert.match(english, /What it means/);
    assert.match(portuguese, /O que significa/);
    assert.match(portuguese, /Como corrigir/);
    assert.notEqual(english.replace(/\*\*[^*]+\*\*/g, ''), portuguese.replace(/\*\*[^*]+\*\*/g, ''), 'the body is translated too');
  });

  it('shows payload text as text, never as Markdown or HTML', () => {
    const hostile = '{"error":"invalid_token","error_description":"<img src=x onerror=alert(1)> [click](command:workbench.action.quit)"}';
    const [finding] = scan(hostile).findings;
    assert.ok(finding, 'the hostile payload is still recognised');
    const markdown = renderExplanation(finding, 'en');
    assert.equal(markdown.isTrusted, false);
    assert.ok(!markdown.value.includes('<img'), markdown.value);
    assert.ok(!markdown.value.includes('](command:'), markdown.value);
  });
});
