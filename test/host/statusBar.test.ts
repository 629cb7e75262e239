import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenwiseTestHooks } from '../../src/extension';
import type { StatusBarState } from '../../src/ui/statusBar';
import type { RunningEmulator } from '../emulator/index';
import { clearSecrets, CS, DEMO, emulatorWithProfiles, hooks, RD, resetSettings, SecretTracker, setActiveProfile, signInWithCode, waitFor } from './tokenSupport';

/**
 * The status bar item in every state, with short token lifetimes from the emulator so that
 * expiring and expired happen within the test. The item's text, tooltip and colour are read from
 * its controller (the test hook), which sets exactly these on the StatusBarItem.
 */
describe('status bar', () => {
  let h: TokenwiseTestHooks;
  let emulator: RunningEmulator;
  const secrets = new SecretTracker();
  const state = (): StatusBarState => h.statusBar.current()!;
  /** The expected text in the display language of this pass (the harness can run one in pt-BR). */
  const t = (en: string, pt: string) => (vscode.env.language.toLowerCase().startsWith('pt') ? pt : en);
  /** The tooltip's text as a reader sees it: MarkdownString.appendText escapes and uses &nbsp;. */
  const plain = (markdown: string) => markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  const waitForStatus = (status: StatusBarState['status'], timeoutMs = 10_000) =>
    waitFor(`status ${status} (now ${state()?.status}: ${state()?.text})`, () => (state()?.status === status ? state() : undefined), timeoutMs);

  let watching: vscode.Disposable | undefined;

  before(async () => {
    h = await hooks();
    watching = secrets.watch(h);
    emulator = await emulatorWithProfiles(h);
    await clearSecrets(h);
    await setActiveProfile(h, CS);
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

  it('shows signed out, with no timer running', async () => {
    const shown = await waitForStatus('signed-out');
    assert.equal(shown.text, `$(account) Consistem WhatsApp: ${t('Signed out', 'Desconectado')}`);
    assert.equal(shown.backgroundColor, undefined);
    assert.equal(shown.nextUpdateMs, undefined, 'nothing counts down: no timer');
    assert.match(shown.accessibilityLabel, /Consistem WhatsApp/);
    // The tooltip lists every profile, with links to our own commands only.
    assert.match(plain(shown.tooltip), /RD Station Marketing/);
    assert.match(plain(shown.tooltip), /Consistem WhatsApp/);
    assert.ok(shown.tooltip.includes(`command:tokenwise.setClientCredentials?${encodeURIComponent(JSON.stringify([CS]))}`));
    for (const [, command] of shown.tooltip.matchAll(/\]\(command:([^?)]+)/g)) assert.match(command, /^tokenwise\./);
  });

  it('shows the time left at minute steps when far from expiry', async () => {
    await h.tokens.setCredentials(CS, DEMO);
    await h.tokens.requestClientCredentialsToken(CS);
    const shown = await waitForStatus('valid');
    assert.equal(shown.text, '$(key) Consistem WhatsApp: 23h 59m');
    assert.equal(shown.backgroundColor, undefined);
    assert.ok(shown.nextUpdateMs! > 1000 && shown.nextUpdateMs! <= 60_001, `repaint in ${shown.nextUpdateMs} ms`);
    assert.ok(shown.tooltip.includes(`command:tokenwise.copyAccessToken?${encodeURIComponent(JSON.stringify([CS]))}`));
  });

  it('shows refreshing while a request is under way', async () => {
    emulator.control.injectFault({ endpoint: 'consistem.token', type: 'delay', ms: 1500 });
    const request = h.tokens.requestClientCredentialsToken(CS);
    const shown = await waitForStatus('refreshing');
    assert.equal(shown.text, `$(sync~spin) Consistem WhatsApp: ${t('Refreshing…', 'Renovando…')}`);
    await request;
    await waitForStatus('valid');
  });

  it('counts seconds near expiry, then shows expiring soon and expired', async () => {
    emulator.control.configure({ tokenLifetimeSeconds: 4 });
    try {
      await h.tokens.requestClientCredentialsToken(CS);
    } finally {
      emulator.control.configure({ tokenLifetimeSeconds: 86400 });
    }
    const valid = await waitForStatus('valid');
    assert.match(valid.text, /^\$\(key\) Consistem WhatsApp: [2-4]s$/);
    assert.ok(valid.nextUpdateMs! <= 1001, 'second steps in the last minute');
    // Half the lifetime left is the renewal margin: "expiring soon".
    const expiring = await waitForStatus('expiring', 4000);
    assert.match(expiring.text, /^\$\(watch\) Consistem WhatsApp: [0-2]s$/);
    assert.equal(expiring.backgroundColor, 'statusBarItem.warningBackground');
    const expired = await waitForStatus('expired', 4000);
    assert.equal(expired.text, `$(clock) Consistem WhatsApp: ${t('Expired', 'Expirado')}`);
    assert.equal(expired.backgroundColor, 'statusBarItem.errorBackground');
    assert.equal(expired.nextUpdateMs, undefined, 'nothing left to count');
    assert.ok(expired.tooltip.includes(`command:tokenwise.requestClientCredentialsToken?${encodeURIComponent(JSON.stringify([CS]))}`));
  });

  it('shows offline when the token server cannot be reached', async () => {
    emulator.control.injectFault({ endpoint: 'consistem.token', type: 'drop', count: 10 });
    await assert.rejects(h.tokens.requestClientCredentialsToken(CS));
    const shown = await waitForStatus('offline');
    assert.equal(shown.text, '$(debug-disconnect) Consistem WhatsApp: Offline');
    assert.equal(shown.backgroundColor, 'statusBarItem.warningBackground');
    assert.ok(plain(shown.tooltip).includes(t('Could not reach the token server.', 'Não foi possível contatar o servidor de tokens.')));
  });

  it('shows failed when the credentials are refused, with the fix as the first link', async () => {
    await h.tokens.setCredentials(CS, { clientId: DEMO.clientId, clientSecret: 'not-the-secret' });
    secrets.add('not-the-secret');
    await assert.rejects(h.tokens.requestClientCredentialsToken(CS));
    const shown = await waitForStatus('failed');
    assert.equal(shown.text, `$(error) Consistem WhatsApp: ${t('Failed', 'Falhou')}`);
    assert.equal(shown.backgroundColor, 'statusBarItem.errorBackground');
    assert.match(plain(shown.tooltip), /invalid_client/);
    await h.tokens.setCredentials(CS, DEMO);
  });

  it('shows sign-in required for a revoked RD Station grant', async () => {
    await setActiveProfile(h, RD);
    await signInWithCode(h, emulator);
    await waitForStatus('valid');
    secrets.track(h);
    const refreshToken = h.tokens.snapshot(RD).tokens!.refreshToken!;
    await fetch(`${emulator.baseUrl}/auth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }).toString(),
    });
    await assert.rejects(h.tokens.refresh(RD));
    const shown = await waitForStatus('sign-in-required');
    assert.equal(shown.text, `$(sign-in) RD Station Marketing: ${t('Sign-in required', 'Login necessário')}`);
    assert.equal(shown.backgroundColor, 'statusBarItem.errorBackground');
  });

  it('escapes a profile label that is not ours', async () => {
    const label = '$(bug) *Evil* [x](command:workbench.action.quit)';
    const config = vscode.workspace.getConfiguration('tokenwise');
    const profiles = config.inspect<unknown[]>('profiles')?.globalValue ?? [];
    await config.update('profiles', [...profiles, { id: 'evil', label, grant: 'client_credentials', tokenUrl: `${emulator.baseUrl}/oauth2/token` }], vscode.ConfigurationTarget.Global);
    await setActiveProfile(h, 'evil');
    const shown = state();
    assert.equal(shown.text, `$(account) \\$(bug) *Evil* [x](command:workbench.action.quit): ${t('Signed out', 'Desconectado')}`);
    assert.ok(!shown.tooltip.includes('[x](command:workbench.action.quit)'), 'the label cannot add a link');
    assert.ok(!shown.tooltip.includes('$(bug) *Evil*'), 'nor an icon or emphasis');
  });

  it('leaves no secret in settings, globalState, the log or the workspace', () => {
    const places = secrets.assertNotLeaked(h);
    console.log(`      looked for ${secrets.size} secret values in ${places.slice(0, 5).map((place) => place.split('/').pop()).join(', ')} and ${places.length - 5} workspace files`);
  });
});
