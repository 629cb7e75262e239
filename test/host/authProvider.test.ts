import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProfileAuthenticationProvider } from '../../src/auth/authProvider';
import type { TokenwiseTestHooks } from '../../src/extension';
import type { RunningEmulator } from '../emulator/index';
import { clearSecrets, CS, DEMO, emulatorWithProfiles, hooks, RD, resetSettings, SecretTracker, signInWithCode, waitFor } from './tokenSupport';

/**
 * Each profile as an AuthenticationProvider. Sessions are created and removed through the provider
 * itself: `getSession(…, { createIfNone: true })` asks for consent in a modal dialog, which the
 * smoke-test driver of this host refuses. What VS Code itself sees is checked through
 * `authentication.getAccounts` and `authentication.onDidChangeSessions`.
 */
describe('accounts (AuthenticationProvider)', () => {
  let h: TokenwiseTestHooks;
  let emulator: RunningEmulator;
  const secrets = new SecretTracker();
  const provider = (profileId: string): ProfileAuthenticationProvider => h.authProviders.provider(profileId)!;
  const options = {} as vscode.AuthenticationProviderSessionOptions;

  let watching: vscode.Disposable | undefined;

  before(async () => {
    h = await hooks();
    watching = secrets.watch(h);
    emulator = await emulatorWithProfiles(h);
    await clearSecrets(h);
  });
  afterEach(() => secrets.track(h));
  after(async () => {
    watching?.dispose();
    await clearSecrets(h);
    await resetSettings(h);
    await emulator.close();
  });

  it('registers one provider per profile, with the profile label', async () => {
    assert.ok(provider(RD) && provider(CS));
    assert.deepEqual(await vscode.authentication.getAccounts('tokenwise-consistem-whatsapp'), []);
    assert.deepEqual(await provider(CS).getSessions([], options), []);
  });

  it('lists the stored tokens as a session and announces every change', async () => {
    const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    const providerEvents = provider(CS).onDidChangeSessions((event) => events.push(event));
    const workbenchEvents: string[] = [];
    const workbenchListener = vscode.authentication.onDidChangeSessions((event) => workbenchEvents.push(event.provider.id));
    try {
      await h.tokens.setCredentials(CS, DEMO);
      await h.tokens.requestClientCredentialsToken(CS);
      const [session] = await provider(CS).getSessions([], options);
      assert.ok(session, 'one session');
      assert.equal(session.accessToken, h.tokens.snapshot(CS).tokens!.accessToken);
      assert.equal(session.account.label, DEMO.clientId);
      assert.deepEqual(await provider(CS).getSessions(['scope-it-does-not-have'], options), []);
      await waitFor('the added event', () => events.some((event) => event.added?.some((added) => added.id === session.id)));
      await waitFor('the workbench to hear of it', () => workbenchEvents.includes('tokenwise-consistem-whatsapp'));
      assert.deepEqual((await vscode.authentication.getAccounts('tokenwise-consistem-whatsapp')).map((account) => account.label), [DEMO.clientId]);

      // A new token is the same session, changed.
      await h.tokens.requestClientCredentialsToken(CS);
      await waitFor('the changed event', () => events.some((event) => event.changed?.some((changed) => changed.id === session.id && changed.accessToken !== session.accessToken)));
      // Without access granted, a silent getSession answers without prompting anyone.
      await vscode.authentication.getSession('tokenwise-consistem-whatsapp', [], { silent: true });

      // Removing the session (the Accounts menu's Sign Out) signs out.
      await provider(CS).removeSession(session.id);
      assert.equal((await h.secrets.read(CS)).tokens, undefined);
      assert.deepEqual(await h.secrets.read(CS), DEMO, 'the client credentials stay');
      await waitFor('the removed event', () => events.some((event) => event.removed?.some((removed) => removed.id === session.id)));
    } finally {
      providerEvents.dispose();
      workbenchListener.dispose();
    }
  });

  it('creates a client-credentials session by requesting a token', async () => {
    emulator.control.resetStats();
    const session = await provider(CS).createSession([], options);
    assert.equal(emulator.control.stats().requests['consistem.token'], 1);
    assert.equal(session.accessToken, h.tokens.snapshot(CS).tokens!.accessToken);
  });

  // createSession of an authorization-code profile runs the browser sign-in: test/host/signIn.test.ts.
  it('lists and removes an authorization-code session', async () => {
    await signInWithCode(h, emulator);
    const [session] = await provider(RD).getSessions(undefined, options);
    assert.ok(session);
    assert.equal(session.accessToken, h.tokens.snapshot(RD).tokens!.accessToken);
    secrets.track(h);
    emulator.control.resetStats();
    await provider(RD).removeSession(session.id);
    assert.equal(emulator.control.stats().requests['rdstation.revoke'], 1, 'signing out revokes where the profile can');
    assert.deepEqual(await provider(RD).getSessions([], options), []);
  });

  it('leaves no secret in settings, globalState, the log or the workspace', () => {
    const places = secrets.assertNotLeaked(h);
    console.log(`      looked for ${secrets.size} secret values in ${places.slice(0, 5).map((place) => place.split('/').pop()).join(', ')} and ${places.length - 5} workspace files`);
  });
});
