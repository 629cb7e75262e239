import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TokenwiseTestHooks } from '../../src/extension';
import type { RunningEmulator } from '../emulator/index';
import { closeAllEditors, codeActionsAt, codeOf, waitForDiagnostics } from './helpers';
import { clearSecrets, CS, DEMO, emulatorWithProfiles, hooks, logFile, RD, resetSettings, SecretTracker, signInWithCode, waitFor } from './tokenSupport';

/** The token manager, the secret store and the commands, in the real host against the emulator. */
describe('tokens', () => {
  let h: TokenwiseTestHooks;
  let emulator: RunningEmulator;
  const secrets = new SecretTracker();

  let watching: vscode.Disposable | undefined;

  before(async () => {
    h = await hooks();
    watching = secrets.watch(h);
    emulator = await emulatorWithProfiles(h);
    await clearSecrets(h);
  });
  afterEach(() => {
    secrets.track(h);
    emulator.control.clearFaults();
  });
  after(async () => {
    watching?.dispose();
    await clearSecrets(h);
    await resetSettings(h);
    await emulator.close();
  });

  it('stores client credentials in SecretStorage only, and reads them back through a new store', async () => {
    const reloaded = h.newSecretStore();
    try {
      const heard = new Promise<string>((resolve) => reloaded.onDidChange(resolve));
      await h.tokens.setCredentials(CS, DEMO);
      assert.deepEqual(await h.secrets.read(CS), DEMO);
      // A store built afresh over the same SecretStorage (what a reloaded window builds) sees them,
      // and heard the change through onDidChange.
      assert.deepEqual(await reloaded.read(CS), DEMO);
      assert.equal(await heard, CS);
      assert.equal(h.tokens.snapshot(CS).hasCredentials, true);
    } finally {
      reloaded.dispose();
    }
  });

  it('answers a hundred concurrent getAccessToken calls with one request at the emulator', async () => {
    emulator.control.resetStats();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => h.tokens.getAccessToken(CS)));
    assert.equal(emulator.control.stats().requests['consistem.token'], 1);
    assert.ok(tokens.every((token) => token === tokens[0]));
    // The stored token is reused until it runs out.
    await h.tokens.getAccessToken(CS);
    assert.equal(emulator.control.stats().requests['consistem.token'], 1);
  });

  it('renews an expiring client-credentials token once for a hundred concurrent getAccessToken callers', async () => {
    // Inside the renewal margin but still valid. Client-credentials tokens are never renewed in the
    // background, so the hundred callers are the only ones asking.
    const stored = (await h.secrets.read(CS)).tokens!;
    const expiresAt = Date.now() + 60_000;
    await h.secrets.update(CS, (current) => ({ ...current, tokens: { ...stored, issuedAt: Date.now() - 86_000_000, expiresAt } }));
    await waitFor('the manager to hold the expiring token', () => h.tokens.snapshot(CS).tokens?.expiresAt === expiresAt);
    emulator.control.resetStats();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => h.tokens.getAccessToken(CS)));
    assert.equal(emulator.control.stats().requests['consistem.token'], 1, 'one token request');
    assert.equal(new Set(tokens).size, 1, 'every caller got the same token');
    assert.notEqual(tokens[0], stored.accessToken, 'a new one');
  });

  it('exchanges a code, then refreshes once for a hundred concurrent refreshes', async () => {
    await signInWithCode(h, emulator);
    const first = h.tokens.snapshot(RD).tokens;
    assert.ok(first?.refreshToken, 'the exchange stored a refresh token');
    emulator.control.resetStats();
    const results = await Promise.all(Array.from({ length: 100 }, () => h.tokens.refresh(RD)));
    assert.equal(emulator.control.stats().requests['rdstation.token.refresh'], 1);
    assert.ok(results.every((tokens) => tokens.accessToken === results[0].accessToken && tokens.accessToken !== first.accessToken));
  });

  it('refreshes an expiring token once for a hundred concurrent getAccessToken callers', async () => {
    const stored = (await h.secrets.read(RD)).tokens!;
    // The renewal timer starts a refresh of an expiring token at once; the emulator holds that answer
    // for a while, so that the hundred callers surely arrive while the token is still the expiring one.
    emulator.control.injectFault({ endpoint: 'rdstation.token.refresh', type: 'delay', ms: 1500 });
    emulator.control.resetStats();
    const expiresAt = Date.now() + 60_000;
    await h.secrets.update(RD, (current) => ({ ...current, tokens: { ...stored, issuedAt: Date.now() - 86_000_000, expiresAt } }));
    await waitFor('the manager to hold the expiring token', () => h.tokens.snapshot(RD).tokens?.expiresAt === expiresAt);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => h.tokens.getAccessToken(RD)));
    assert.equal(emulator.control.stats().requests['rdstation.token.refresh'], 1, 'one refresh at the emulator');
    assert.equal(new Set(tokens).size, 1, 'every caller got the same token');
    assert.notEqual(tokens[0], stored.accessToken, 'the refreshed one');
    assert.equal(h.tokens.snapshot(RD).tokens?.accessToken, tokens[0]);
  });

  it('refreshes ahead of expiry by itself', async () => {
    // Stored tokens inside the renewal margin (as another window or a long sleep leaves them).
    const stored = (await h.secrets.read(RD)).tokens!;
    emulator.control.resetStats();
    await h.secrets.update(RD, (current) => ({ ...current, tokens: { ...stored, issuedAt: Date.now() - 86_000_000, expiresAt: Date.now() + 60_000 } }));
    await waitFor('the background refresh', () => emulator.control.stats().requests['rdstation.token.refresh'] === 1 && !h.tokens.snapshot(RD).refreshing);
    const renewed = h.tokens.snapshot(RD).tokens!;
    assert.ok(renewed.expiresAt! > Date.now() + 3_600_000, 'a fresh token, valid for the emulator lifetime');
  });

  it('keeps the stored tokens when the token endpoint cannot be reached', async () => {
    const before = h.tokens.snapshot(RD).tokens!;
    emulator.control.injectFault({ endpoint: 'rdstation.token', type: 'drop', count: 10 });
    await assert.rejects(h.tokens.refresh(RD), (error: Error) => error.name === 'OAuthError');
    const snapshot = h.tokens.snapshot(RD);
    assert.equal(snapshot.problem?.kind, 'offline');
    assert.ok(snapshot.problem?.retryAt && snapshot.problem.retryAt > Date.now(), 'a retry is scheduled');
    assert.deepEqual((await h.secrets.read(RD)).tokens, before, 'tokens kept');
    emulator.control.clearFaults();
    await h.tokens.refresh(RD);
    assert.equal(h.tokens.snapshot(RD).problem, undefined);
  });

  it('moves to sign-in required when the refresh token was revoked', async () => {
    const tokens = h.tokens.snapshot(RD).tokens!;
    const revoked = await fetch(`${emulator.baseUrl}/auth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refreshToken!, token_type_hint: 'refresh_token' }).toString(),
    });
    assert.equal(revoked.status, 200);
    await assert.rejects(h.tokens.refresh(RD), (error: Error) => error.name === 'OAuthError');
    const snapshot = h.tokens.snapshot(RD);
    assert.equal(snapshot.problem?.kind, 'sign-in-required');
    assert.equal((await h.secrets.read(RD)).tokens?.refreshToken, undefined, 'the invalid refresh token is cleared');
    assert.deepEqual({ clientId: snapshot.clientId, hasCredentials: snapshot.hasCredentials }, { clientId: DEMO.clientId, hasCredentials: true });
  });

  it('runs the commands with a profile argument: request, copy, details, sign out', async () => {
    await h.secrets.update(CS, () => ({ ...DEMO }));
    await waitFor('the cleared token', () => !h.tokens.snapshot(CS).tokens);
    emulator.control.resetStats();
    await vscode.commands.executeCommand('tokenwise.requestClientCredentialsToken', CS);
    assert.equal(emulator.control.stats().requests['consistem.token'], 1);
    const token = h.tokens.snapshot(CS).tokens?.accessToken;
    assert.ok(token);

    await vscode.commands.executeCommand('tokenwise.copyAuthorizationHeader', CS);
    assert.equal(await vscode.env.clipboard.readText(), `Authorization: Bearer ${token}`);
    await vscode.commands.executeCommand('tokenwise.copyAccessToken', CS);
    assert.equal(await vscode.env.clipboard.readText(), token);
    await vscode.env.clipboard.writeText('');

    await vscode.commands.executeCommand('tokenwise.showTokenDetails', RD);
    const details = await waitFor('the details document', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.uri.scheme === 'tokenwise-details' ? document : undefined;
    });
    const shown = JSON.parse(details.getText());
    assert.equal(shown.profile, RD);
    assert.equal(shown.status, 'sign-in-required');
    assert.equal(shown.jwt.claims.iss, 'https://rdstation.auth0.com/', 'JWT claims are shown');
    assert.match(shown.accessTokenFingerprint, /^‹sha256:[0-9a-f]{8}›$/);
    assert.ok(!details.getText().includes(h.tokens.snapshot(RD).tokens!.accessToken), 'never the token itself');
    assert.ok(!details.getText().includes(h.tokens.snapshot(RD).tokens!.accessToken.split('.')[2]), 'nor its signature');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await vscode.commands.executeCommand('tokenwise.signOut', CS);
    assert.deepEqual(await h.secrets.read(CS), DEMO, 'sign out keeps the client credentials');
    await vscode.commands.executeCommand('tokenwise.signOut', RD);
    assert.equal((await h.secrets.read(RD)).tokens, undefined);

    // Shown again after the sign-out: the new state, not the closed document's old content.
    await vscode.commands.executeCommand('tokenwise.showTokenDetails', RD);
    const again = await waitFor('the details document again', () => {
      const document = vscode.window.activeTextEditor?.document;
      return document?.uri.scheme === 'tokenwise-details' && document !== details ? document : undefined;
    });
    const after = JSON.parse(again.getText());
    assert.deepEqual([after.profile, after.status, after.tokens, after.accessTokenFingerprint], [RD, 'signed-out', 'none', undefined]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  // The extension runs from its bundle: its error classes are not this file's, so errors are matched by name.
  it('signs out of RD Station by revoking at the provider', async () => {
    await signInWithCode(h, emulator);
    secrets.track(h);
    emulator.control.resetStats();
    assert.equal(await h.tokens.signOut(RD), 'revoked');
    assert.equal(emulator.control.stats().requests['rdstation.revoke'], 1);
    // Revoke Token on a profile without a revocation endpoint says so instead of pretending.
    await h.tokens.getAccessToken(CS);
    secrets.track(h);
    await assert.rejects(h.tokens.signOut(CS, { requireRevoke: true }), (error: Error & { reason?: string }) => error.name === 'TokenError' && error.reason === 'no-revoke-endpoint');
  });

  it('adds a custom profile to the user settings, never a secret', async () => {
    await vscode.commands.executeCommand('tokenwise.addProfile', {
      id: 'generic-test',
      label: 'Generic test API',
      grant: 'client_credentials',
      tokenUrl: `${emulator.baseUrl}/oauth2/token`,
      scopes: ['read'],
    });
    await waitFor('the new profile', () => h.profiles.get('generic-test'));
    // Any standard OAuth 2.0 server: the emulator's generic endpoint.
    await h.tokens.setCredentials('generic-test', DEMO);
    const token = await h.tokens.getTokens('generic-test');
    assert.equal(token.scope, 'read');
    secrets.add(token.accessToken);
    await h.secrets.update('generic-test', () => ({}));
    const setting = vscode.workspace.getConfiguration('tokenwise').inspect<unknown[]>('profiles')?.globalValue ?? [];
    assert.ok(!JSON.stringify(setting).includes(DEMO.clientSecret));
  });

  it('offers quick fixes that run the token commands, for the profile of the finding', async () => {
    const fixesFor = async (content: string, code: string) => {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitForDiagnostics(document.uri, (found) => found.some((diagnostic) => codeOf(diagnostic) === code));
      const diagnostic = diagnostics.find((found) => codeOf(found) === code)!;
      const actions = await codeActionsAt(document.uri, diagnostic.range);
      return actions.filter((action) => action.command?.command.startsWith('tokenwise.')).map((action) => [action.command!.command, action.command!.arguments ?? []]);
    };
    try {
      assert.deepEqual(await fixesFor('{"error_type":"ACCESS_DENIED","error_message":"Wrong credentials provided."}', 'rdstation/wrong-credentials'), [
        ['tokenwise.setClientCredentials', [RD]],
      ]);
      assert.deepEqual(await fixesFor('{"errors":{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}}', 'rdstation/invalid-token'), [
        ['tokenwise.signIn', [RD]],
        ['tokenwise.refreshAccessToken', [RD]],
      ]);
      // A standard OAuth error names no profile: the command asks which one.
      assert.deepEqual(await fixesFor('{"error":"invalid_client","error_description":"Client authentication failed."}', 'oauth/invalid_client'), [
        ['tokenwise.setClientCredentials', []],
        ['tokenwise.requestClientCredentialsToken', []],
      ]);
    } finally {
      await closeAllEditors();
    }
  });

  it('leaves no secret in settings, globalState, the log or the workspace', async () => {
    assert.ok(secrets.size >= 6, 'the tests saw tokens to look for');
    const log = logFile(h);
    assert.ok(log && /\[tokens\]/.test(readFileSync(log, 'utf8')), 'the log has token lines to check');
    const places = secrets.assertNotLeaked(h);
    console.log(`      looked for ${secrets.size} secret values in ${places.slice(0, 5).map((place) => place.split('/').pop()).join(', ')} and ${places.length - 5} workspace files`);
  });
});
