import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, codeActionsAt, codeOf, waitForDiagnostics } from './helpers';

async function open(language: string, content: string) {
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document);
  return document;
}

async function actionsFor(document: vscode.TextDocument, code: string) {
  const diagnostics = await waitForDiagnostics(document.uri, (found) => found.some((d) => codeOf(d) === code));
  const diagnostic = diagnostics.find((d) => codeOf(d) === code)!;
  return { diagnostic, actions: await codeActionsAt(document.uri, diagnostic.range) };
}

describe('quick fixes', function () {
  this.timeout(60_000);
  before(activateExtension);
  afterEach(closeAllEditors);

  const missingToken = [
    'GET https://api.rd.services/platform/contacts HTTP/1.1',
    'Accept: application/json',
    '',
    '###',
    '# {"error":"invalid_request","error_description":"The access token is missing"}',
    '',
  ].join('\n');

  it('adds the missing Authorization header to the request in a request file', async () => {
    const document = await open('http', missingToken);
    const { actions } = await actionsFor(document, 'rdstation/missing-access-token');
    const add = actions.find((action) => /Authorization/.test(action.title));
    assert.ok(add?.edit, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(add.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.match(document.getText(), /^GET .*\nAccept: application\/json\nAuthorization: Bearer \{\{accessToken\}\}\n\n###/);
    // Once the header is there, the fix is not offered again.
    const again = await actionsFor(document, 'rdstation/missing-access-token');
    assert.ok(!again.actions.some((action) => /Authorization/.test(action.title)));
  });

  it('sets Content-Type: application/json on the request that got a 415', async () => {
    const document = await open(
      'http',
      [
        'POST https://api.rd.services/platform/contacts',
        'Content-Type: text/plain',
        '',
        '{"email":"dev@example.com"}',
        '',
        '###',
        '# {"errors":{"error_type":"UNSUPPORTED_MEDIA_TYPE","error_message":"The payload is in a format not supported by this method on the target resource."}}',
      ].join('\n'),
    );
    const { actions } = await actionsFor(document, 'rdstation/unsupported-media-type');
    const set = actions.find((action) => /Content-Type/.test(action.title));
    assert.ok(set?.edit, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(set.edit));
    assert.match(document.getText(), /^POST .*\nContent-Type: application\/json\n\n\{"email"/);
  });

  it('offers no header fix where there is no request to edit', async () => {
    const document = await open('json', '{"error":"invalid_request","error_description":"The access token is missing"}');
    const { actions } = await actionsFor(document, 'rdstation/missing-access-token');
    assert.deepEqual(actions.filter((action) => /Authorization/.test(action.title)), []);
  });

  it('redacts stored tokens and keeps the JSON valid', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Jkc3RhdGlvbi5hdXRoMC5jb20vIn0.dGhpcy1pcy1hLXNpZ25hdHVyZQ';
    const document = await open('json', JSON.stringify({ access_token: jwt, expires_in: 86400, refresh_token: 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b' }, null, 2));
    const diagnostics = await waitForDiagnostics(document.uri, (found) => found.filter((d) => codeOf(d) === 'token/stored-secret').length === 2);
    for (const diagnostic of diagnostics.filter((d) => codeOf(d) === 'token/stored-secret').reverse()) {
      const actions = await codeActionsAt(document.uri, diagnostic.range);
      const redact = actions.find((action) => /Redact/.test(action.title));
      assert.ok(redact?.edit, `actions offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(redact.edit));
    }
    const parsed = JSON.parse(document.getText());
    assert.equal(parsed.access_token, '<redacted>');
    assert.equal(parsed.refresh_token, '<redacted>');
    assert.equal(parsed.expires_in, 86400);
    await waitForDiagnostics(document.uri, (found) => found.length === 0);
  });
});
