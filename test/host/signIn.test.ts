import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { authProviderId } from '../../src/auth/authProvider';
import type { SignInError } from '../../src/auth/signIn';
import type { TokenwiseTestHooks } from '../../src/extension';
import type { RunningEmulator } from '../emulator/index';
import { closeAllEditors, codeActionsAt, fixturesDir, waitForDiagnostics } from './helpers';
import { clearSecrets, DEMO, emulatorWithProfiles, hooks, RD, resetSettings, SecretTracker, waitFor } from './tokenSupport';

/**
 * Sign-in for real: the extension opens the emulator's authorize page in the workbench's browser,
 * the emulator redirects to the `asExternalUri` callback, the workbench hands it to the URI handler,
 * the code is exchanged. Refusals go through the same handler with forged callbacks.
 */

const config = () => vscode.workspace.getConfiguration('tokenwise');
/** A callback URL the browser cannot reach: the test plays the relay page (or the paste box) itself. */
const RELAY = 'https://relay.tokenwise.invalid/callback';

describe('sign-in', function () {
  this.timeout(90_000);
  let h: TokenwiseTestHooks;
  let emulator: RunningEmulator;
  const secrets = new SecretTracker();
  let watching: vscode.Disposable;

  before(async () => {
    h = await hooks();
    watching = secrets.watch(h);
  });

  beforeEach(async () => {
    emulator = await emulatorWithProfiles(h, { autoApprove: true });
    await clearSecrets(h);
    await h.tokens.setCredentials(RD, DEMO);
  });

  afterEach(async () => {
    await config().update('signIn.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await resetSettings(h);
    await clearSecrets(h);
    await emulator.close();
  });

  after(() => {
    watching.dispose();
    secrets.assertNotLeaked(h);
  });

  /** The extension is a separate bundle: its classes are not this file's, so errors are told by name. */
function isSignInError(error: unknown): error is SignInError {
  return error instanceof Error && error.name === 'SignInError';
}

/** Points the RD Station profile's redirect at a relay the browser cannot reach. */
  async function useRelay(): Promise<void> {
    await config().update('profiles', [{ id: RD, baseUrl: emulator.baseUrl, redirectUri: RELAY }], vscode.ConfigurationTarget.Global);
    await waitFor('the relay redirect URI', () => h.profiles.get(RD)?.redirectUri === RELAY);
  }

  /** The redirect the emulator sent for the last authorize request, as the relay page forwards it. */
  async function redirected(): Promise<{ url: string; state: string; code: string }> {
    const record = await waitFor('the authorize request at the emulator', () => emulator.control.lastAuthorization()?.code !== undefined && emulator.control.lastAuthorization());
    const query = new URLSearchParams({ code: record.code!, state: record.state! });
    return { url: `${vscode.env.uriScheme}://tokenwise.tokenwise/callback?${query.toString()}`, state: record.state!, code: record.code! };
  }

  it('runs the whole round trip through the browser and the URI handler, then refresh, revoke and sign-out', async () => {
    const callback = await h.signIn.callbackUrl(h.profiles.get(RD)!);
    assert.match(callback, /^http:\/\/127\.0\.0\.1:\d+\/.*callback/, 'code-server turns the callback into an http URL of the workbench');

    await vscode.commands.executeCommand('tokenwise.signIn', RD);
    const signedIn = h.tokens.snapshot(RD);
    assert.ok(signedIn.tokens?.accessToken && signedIn.tokens.refreshToken, 'tokens stored');
    const authorize = emulator.control.lastAuthorization();
    assert.ok(authorize?.state && authorize.state.length >= 32, 'a fresh, long state');
    assert.equal(new URL(authorize.redirectUri).origin, new URL(callback).origin, 'the redirect went to the workbench');
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 1, 'one code exchange');

    // What VS Code lists in the Accounts menu (getSession would ask for consent in a modal dialog).
    let accounts = await vscode.authentication.getAccounts(authProviderId(RD));
    for (let tries = 0; accounts.length === 0 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      accounts = await vscode.authentication.getAccounts(authProviderId(RD));
    }
    assert.equal(accounts.length, 1, 'the Accounts menu lists the session');
    const [session] = await h.authProviders.provider(RD)!.getSessions([], {} as vscode.AuthenticationProviderSessionOptions);
    assert.equal(session?.accessToken, signedIn.tokens.accessToken, 'the session other extensions get');

    await vscode.commands.executeCommand('tokenwise.refreshAccessToken', RD);
    const refreshed = h.tokens.snapshot(RD).tokens;
    assert.ok(refreshed && refreshed.accessToken !== signedIn.tokens.accessToken, 'a new access token');

    await vscode.commands.executeCommand('tokenwise.revokeToken', RD);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined, 'revoked tokens are forgotten');
    assert.equal(emulator.control.stats().requests['rdstation.revoke'], 1);

    await vscode.commands.executeCommand('tokenwise.signIn', RD);
    assert.ok(h.tokens.snapshot(RD).tokens, 'signed in again');
    await vscode.commands.executeCommand('tokenwise.signOut', RD);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
    assert.deepEqual(await h.authProviders.provider(RD)!.getSessions([], {} as vscode.AuthenticationProviderSessionOptions), []);
  });

  it('signs in through a loopback redirect on 127.0.0.1', async () => {
    const tokens = await h.signIn.signIn(h.profiles.get(RD)!, { method: 'loopback' });
    assert.ok(tokens?.accessToken);
    const redirect = new URL(emulator.control.lastAuthorization()!.redirectUri);
    assert.equal(redirect.hostname, '127.0.0.1');
    assert.equal(redirect.pathname, '/callback');
    // The one-shot server is gone once the sign-in ended.
    await assert.rejects(fetch(redirect), 'the loopback server was closed');
  });

  it('creates the session when another extension asks the Accounts API', async () => {
    const provider = h.authProviders.provider(RD)!;
    const session = await provider.createSession([]);
    assert.equal(session.accessToken, h.tokens.snapshot(RD).tokens?.accessToken);
  });

  it('takes the callback a hosted relay page forwards, and refuses it the second time', async () => {
    await useRelay();
    const signingIn = h.signIn.signIn(h.profiles.get(RD)!);
    const { url } = await redirected();
    assert.equal(emulator.control.lastAuthorization()!.redirectUri, RELAY);
    assert.deepEqual(await h.signIn.receive(url), { kind: 'accepted', profileId: RD });
    assert.ok((await signingIn)?.accessToken);
    const stored = h.tokens.snapshot(RD).tokens?.accessToken;

    const again = await h.signIn.receive(url);
    assert.equal(again.kind === 'refused' && again.reason, 'reused-state');
    assert.equal(h.tokens.snapshot(RD).tokens?.accessToken, stored, 'a reused callback changes nothing');
    assert.equal(emulator.control.stats().requests['rdstation.token.code'], 1, 'and is never exchanged');
  });

  for (const [name, url, reason] of [
    ['an unknown state', 'callback?code=abc&state=not-a-state-we-made', 'unknown-state'],
    ['no state', 'callback?code=abc', 'missing-state'],
    ['neither code nor error', 'callback?state=x&foo=bar', 'invalid'],
    ['a very long URI', `callback?code=${'a'.repeat(40_000)}&state=x`, 'invalid'],
    ['an error with script-like text', 'callback?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error_description=[x](command:workbench.action.quit)&state=nope', 'unknown-state'],
  ] as const) {
    it(`refuses a callback with ${name} and stores nothing`, async () => {
      const delivery = await h.signIn.receive(`${vscode.env.uriScheme}://tokenwise.tokenwise/${url}`);
      assert.equal(delivery.kind === 'refused' && delivery.reason, reason);
      assert.equal(h.tokens.snapshot(RD).tokens, undefined);
      assert.equal(emulator.control.stats().requests['rdstation.token.code'] ?? 0, 0);
    });
  }

  it('shows the provider error of a denied sign-in as plain text, and stores nothing', async () => {
    await useRelay();
    emulator.control.configure({ autoApprove: false });
    const signingIn = h.signIn.signIn(h.profiles.get(RD)!);
    const record = await waitFor('the authorize request', () => emulator.control.lastAuthorization());
    const query = new URLSearchParams({ error: 'access_denied', error_description: '<img src=x onerror=alert(1)> [run](command:workbench.action.quit)', state: record.state! });
    assert.equal((await h.signIn.receive(`${vscode.env.uriScheme}://tokenwise.tokenwise/callback?${query}`)).kind, 'accepted');
    const error = await signingIn.then(
      () => assert.fail('the sign-in should fail'),
      (reason: unknown) => reason,
    );
    assert.ok(isSignInError(error), String(error));
    assert.match(error.message, /access_denied/);
    assert.doesNotMatch(error.message, /[<>[\]]|\]\(/, 'no markup or link syntax survives');
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
  });

  it('explains a code the provider rejects (expired) and stores nothing', async () => {
    await useRelay();
    const signingIn = h.signIn.signIn(h.profiles.get(RD)!);
    const { url } = await redirected();
    emulator.control.advanceClock(61 * 60);
    await h.signIn.receive(url);
    await assert.rejects(signingIn, (error: Error & { entry?: { code: string } }) => error.entry?.code === 'rdstation/expired-code-grant');
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
  });

  it('explains wrong client credentials at the code exchange', async () => {
    await h.tokens.setCredentials(RD, { clientId: DEMO.clientId, clientSecret: 'not-the-secret' });
    await assert.rejects(h.signIn.signIn(h.profiles.get(RD)!), (error: Error & { entry?: { code: string } }) => error.entry?.code === 'rdstation/wrong-credentials');
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
  });

  it('times out with the fallbacks offered, and refuses the late callback as expired', async () => {
    await useRelay();
    await config().update('signIn.timeoutSeconds', 10, vscode.ConfigurationTarget.Global);
    const signingIn = h.signIn.signIn(h.profiles.get(RD)!);
    const { url } = await redirected();
    const error = await signingIn.then(
      () => assert.fail('the sign-in should time out'),
      (reason: unknown) => reason,
    );
    assert.ok(isSignInError(error), String(error));
    assert.match(error.message, /No redirect reached VS Code within 10 s/);
    assert.deepEqual(
      error.actions.map((action) => action.title),
      ['Use a Loopback Redirect', 'Paste the Redirected URL'],
    );
    const late = await h.signIn.receive(url);
    assert.equal(late.kind === 'refused' && late.reason, 'expired-state');
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
  });

  it('hands a callback that reached another window to the window that waits for it', async () => {
    await useRelay();
    const otherWindow = h.newSignInRegistry('the other window');
    try {
      const signingIn = h.signIn.signIn(h.profiles.get(RD)!);
      const { url } = await redirected();
      const delivery = await otherWindow.deliver(url);
      assert.equal(delivery.kind, 'handed-over');
      assert.ok((await signingIn)?.accessToken, 'the waiting window signed in');
    } finally {
      otherWindow.dispose();
    }
  });

  /** The quick fixes of the first Tokenwise diagnostic of a fixture. */
  async function quickFixes(fixture: string): Promise<vscode.CodeAction[]> {
    const document = await vscode.workspace.openTextDocument(path.join(fixturesDir, fixture));
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitForDiagnostics(document.uri, (found) => found.length > 0);
    return codeActionsAt(document.uri, diagnostic.range);
  }

  it('offers Sign in again and Copy the callback URL as quick fixes that act', async () => {
    try {
      const actions = await quickFixes('rdstation/auth/invalid-token.json');
      const signIn = actions.find((action) => action.command?.command === 'tokenwise.signIn');
      assert.ok(signIn, `actions offered: ${actions.map((action) => action.title).join(', ')}`);
      assert.deepEqual(signIn.command?.arguments, [RD]);
      await vscode.commands.executeCommand(signIn.command!.command, ...(signIn.command!.arguments ?? []));
      assert.ok(h.tokens.snapshot(RD).tokens?.accessToken, 'the quick fix signed in');

      const redirectActions = await quickFixes('rdstation/auth/invalid-redirect-uri.json');
      const copy = redirectActions.find((action) => action.command?.command === 'tokenwise.showCallbackUrl');
      assert.ok(copy, `actions offered: ${redirectActions.map((action) => action.title).join(', ')}`);
      await vscode.commands.executeCommand(copy.command!.command, ...(copy.command!.arguments ?? []));
      // In a web window each asExternalUri call numbers its request (vscode-reqid); the rest is the URL to register.
      const withoutRequestId = (url: string) => url.replace(/vscode-reqid=\d+&?/, '');
      assert.equal(withoutRequestId(await vscode.env.clipboard.readText()), withoutRequestId(await h.signIn.callbackUrl(h.profiles.get(RD)!)));
    } finally {
      await closeAllEditors();
    }
  });
});
