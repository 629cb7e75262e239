import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Emitter } from '../../src/auth/emitter';
import type { ProfileSecrets } from '../../src/auth/secretStore';
import { TokenManager, type OAuthOperations, type TokenStorage } from '../../src/auth/tokenManager';
import { TokenError, tokenStatus, type TokenSnapshot } from '../../src/auth/tokenState';
import { OAuthError } from '../../src/core/oauth/errors';
import { builtInProfile, type Profile } from '../../src/core/profiles';
import type { TokenSet } from '../../src/core/tokens';
import { Clock, settle } from './fakes/clock';

/**
 * The token manager's rules with small in-memory fakes: a secret storage shared by several
 * "windows", a scripted token endpoint, a clock and timers that only move when told.
 */

const RD = builtInProfile('rdstation-marketing', 'http://127.0.0.1:9');
const CS = builtInProfile('consistem-whatsapp', 'http://127.0.0.1:9');
const HOUR = 3600_000;
const CREDENTIALS = { clientId: 'app', clientSecret: 'app-secret' };

/** One SecretStorage shared by every window of the test; each window sees every change, as VS Code's does. */
class SharedSecrets {
  readonly values = new Map<string, ProfileSecrets>();
  readonly windows = new Set<Emitter<string>>();
  reads = 0;
  failReads = false;

  window(): TokenStorage & vscode.Disposable {
    const changed = new Emitter<string>();
    this.windows.add(changed);
    return {
      onDidChange: changed.event,
      read: async (profileId) => {
        this.reads++;
        if (this.failReads) throw new Error('no keyring');
        return this.values.get(profileId) ?? {};
      },
      update: async (profileId, change) => {
        const current = this.values.get(profileId) ?? {};
        const next = change(current);
        if (next === current) return current;
        this.values.set(profileId, next);
        // Like SecretStorage: the event arrives a little later, in every window.
        setImmediate(() => this.windows.forEach((window) => window.fire(profileId)));
        return next;
      },
      dispose: () => this.windows.delete(changed),
    };
  }
}

type Script = (profile: Profile, credentials: { clientId: string }, tokens: TokenSet | undefined, signal: AbortSignal | undefined) => Promise<TokenSet>;

class FakeEndpoint {
  calls = { refresh: 0, clientCredentials: 0, revoke: 0, exchange: 0 };
  signals: (AbortSignal | undefined)[] = [];
  private counter = 0;
  constructor(private readonly clock: Clock) {}

  /** What the next renewals answer; default: a fresh token with a one-hour lifetime. */
  next: Script = async (_profile, _credentials, tokens) => this.issue(tokens?.refreshToken);

  issue(refreshToken?: string, lifetimeMs = HOUR): TokenSet {
    const n = ++this.counter;
    return { accessToken: `access-${n}`, ...(refreshToken ? { refreshToken } : {}), issuedAt: this.clock.now, expiresAt: this.clock.now + lifetimeMs };
  }

  operations(): OAuthOperations {
    return {
      exchangeCode: async () => {
        this.calls.exchange++;
        return this.issue('refresh-1');
      },
      refreshAccessToken: async (profile, credentials, tokens, options) => {
        this.calls.refresh++;
        this.signals.push(options?.signal);
        return this.next(profile, credentials, tokens, options?.signal);
      },
      requestClientCredentialsToken: async (profile, credentials, options) => {
        this.calls.clientCredentials++;
        this.signals.push(options?.signal);
        return this.next(profile, credentials, undefined, options?.signal);
      },
      revokeToken: async (profile) => {
        this.calls.revoke++;
        return profile.endpoints.revoke ? 'revoked' : 'unsupported';
      },
    };
  }
}

const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };

interface Window {
  readonly manager: TokenManager;
  readonly focus: Emitter<boolean>;
  dispose(): void;
}

function openWindow(secrets: SharedSecrets, endpoint: FakeEndpoint, clock: Clock, profiles: readonly Profile[] = [RD, CS]): Window {
  const storage = secrets.window();
  const focus = new Emitter<boolean>();
  const profileChanges = new Emitter<void>();
  const manager = new TokenManager({
    storage,
    profiles: { get: (id) => profiles.find((profile) => profile.id === id), all: () => profiles, onDidChange: profileChanges.event },
    log: silentLog,
    oauth: endpoint.operations(),
    now: () => clock.now,
    scheduler: clock,
    random: () => 0.5,
    onDidChangeWindowFocus: focus.event,
  });
  return {
    manager,
    focus,
    dispose: () => {
      manager.dispose();
      storage.dispose();
      focus.dispose();
      profileChanges.dispose();
    },
  };
}

describe('token manager', () => {
  let clock: Clock;
  let secrets: SharedSecrets;
  let endpoint: FakeEndpoint;
  const windows: Window[] = [];
  const open = (profiles?: readonly Profile[]) => {
    const window = openWindow(secrets, endpoint, clock, profiles);
    windows.push(window);
    return window.manager;
  };
  const seed = (profileId: string, value: ProfileSecrets) => secrets.values.set(profileId, value);
  const rdTokens = (lifetimeMs = HOUR, refreshToken = 'refresh-1'): TokenSet => ({
    accessToken: 'access-0',
    refreshToken,
    issuedAt: clock.now,
    expiresAt: clock.now + lifetimeMs,
  });

  beforeEach(() => {
    clock = new Clock();
    secrets = new SharedSecrets();
    endpoint = new FakeEndpoint(clock);
  });
  afterEach(() => {
    for (const window of windows.splice(0)) window.dispose();
  });

  it('answers fifty concurrent callers with one client-credentials request', async () => {
    seed('consistem-whatsapp', { ...CREDENTIALS });
    const manager = open();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => manager.getAccessToken('consistem-whatsapp')));
    assert.equal(endpoint.calls.clientCredentials, 1);
    assert.ok(tokens.every((token) => token === tokens[0]));
    assert.equal(secrets.values.get('consistem-whatsapp')?.tokens?.accessToken, tokens[0]);
    // Valid now: no request at all.
    await manager.getAccessToken('consistem-whatsapp');
    assert.equal(endpoint.calls.clientCredentials, 1);
  });

  it('refreshes once when fifty callers find the token inside the renewal margin', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const manager = open();
    clock.sleep(HOUR - 60_000); // one minute left, margin is five
    const tokens = await Promise.all(Array.from({ length: 50 }, () => manager.getAccessToken('rdstation-marketing')));
    assert.equal(endpoint.calls.refresh, 1);
    assert.ok(tokens.every((token) => token === tokens[0] && token !== 'access-0'));
  });

  it('does not refresh in a second window what the first one just refreshed', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const first = open();
    const second = open();
    await Promise.all([first.ready('rdstation-marketing'), second.ready('rdstation-marketing')]);
    clock.sleep(HOUR - 60_000);
    const renewed = await first.getAccessToken('rdstation-marketing');
    // The second window still holds the old token in memory, but re-reads storage before refreshing.
    assert.equal(await second.getAccessToken('rdstation-marketing'), renewed);
    assert.equal(endpoint.calls.refresh, 1);
    await settle();
    assert.equal(second.snapshot('rdstation-marketing').tokens?.accessToken, renewed, 'onDidChange brought the new token');
  });

  it('keeps the tokens when the network fails, and retries with backoff', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const manager = open();
    await manager.ready('rdstation-marketing');
    endpoint.next = async () => {
      throw new OAuthError({ kind: 'network', operation: 'refresh', host: '127.0.0.1:9', code: 'ECONNREFUSED' });
    };
    clock.sleep(HOUR - 60_000);
    // Still valid for a minute: the caller gets the stored token, not an error.
    assert.equal(await manager.getAccessToken('rdstation-marketing'), 'access-0');
    const snapshot = manager.snapshot('rdstation-marketing');
    assert.equal(snapshot.problem?.kind, 'offline');
    assert.equal(tokenStatus(RD, snapshot, clock.now), 'offline');
    assert.equal(secrets.values.get('rdstation-marketing')?.tokens?.refreshToken, 'refresh-1', 'refresh token kept');
    const retryAt = snapshot.problem!.retryAt!;
    assert.ok(retryAt - clock.now >= 12_000 && retryAt - clock.now <= 18_000, 'first retry after about 15 s');
    assert.deepEqual(clock.pending(), [retryAt]);
    // Within the backoff a caller does not hit the network again.
    await manager.getAccessToken('rdstation-marketing');
    assert.equal(endpoint.calls.refresh, 1);
    // The network comes back: the timer's retry succeeds and the problem clears.
    endpoint.next = async (_p, _c, tokens) => endpoint.issue(tokens?.refreshToken);
    await clock.advance(retryAt - clock.now);
    assert.equal(endpoint.calls.refresh, 2);
    assert.equal(manager.snapshot('rdstation-marketing').problem, undefined);
    assert.equal(tokenStatus(RD, manager.snapshot('rdstation-marketing'), clock.now), 'valid');
  });

  it('drops an offline renewal problem once another window signed out', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const first = open();
    const second = open();
    await Promise.all([first.ready('rdstation-marketing'), second.ready('rdstation-marketing')]);
    endpoint.next = async () => {
      throw new OAuthError({ kind: 'network', operation: 'refresh', host: '127.0.0.1:9', code: 'ECONNREFUSED' });
    };
    clock.sleep(HOUR - 60_000);
    await first.getAccessToken('rdstation-marketing');
    assert.equal(first.snapshot('rdstation-marketing').problem?.kind, 'offline');
    await second.signOut('rdstation-marketing');
    await settle();
    const snapshot = first.snapshot('rdstation-marketing');
    assert.equal(snapshot.tokens, undefined, 'onDidChange brought the sign-out');
    assert.equal(snapshot.problem, undefined, 'no renewal problem is left for tokens that are gone');
    assert.equal(tokenStatus(RD, snapshot, clock.now), 'signed-out');
    assert.deepEqual(clock.pending(), [], 'and no retry timer');
  });

  it('clears an invalid refresh token and asks for sign-in', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const manager = open();
    endpoint.next = async () => {
      throw new OAuthError({ kind: 'provider', operation: 'refresh', host: 'x', status: 401, provider: { errorType: 'INVALID_REFRESH_TOKEN' } });
    };
    await assert.rejects(manager.refresh('rdstation-marketing'), OAuthError);
    const snapshot = manager.snapshot('rdstation-marketing');
    assert.equal(snapshot.problem?.kind, 'sign-in-required');
    assert.equal(tokenStatus(RD, snapshot, clock.now), 'sign-in-required');
    assert.equal(secrets.values.get('rdstation-marketing')?.tokens?.refreshToken, undefined, 'refresh token cleared');
    assert.equal(secrets.values.get('rdstation-marketing')?.clientSecret, 'app-secret', 'credentials kept');
    assert.deepEqual(clock.pending(), [], 'nothing left to retry');
    // Once the access token runs out, getting one says why.
    clock.sleep(HOUR);
    await assert.rejects(manager.getAccessToken('rdstation-marketing'), (error: unknown) => error instanceof TokenError && error.reason === 'not-renewable');
  });

  it('adopts a refresh token another window rotated instead of clearing it', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const manager = open();
    await manager.ready('rdstation-marketing');
    endpoint.next = async () => {
      // Meanwhile another window refreshed with the same token and stored the rotated one.
      secrets.values.set('rdstation-marketing', { ...CREDENTIALS, tokens: { ...rdTokens(HOUR, 'refresh-2'), accessToken: 'access-other' } });
      throw new OAuthError({ kind: 'provider', operation: 'refresh', host: 'x', status: 400, provider: { error: 'invalid_grant' } });
    };
    const tokens = await manager.refresh('rdstation-marketing');
    assert.equal(tokens.accessToken, 'access-other');
    assert.equal(secrets.values.get('rdstation-marketing')?.tokens?.refreshToken, 'refresh-2');
    assert.equal(manager.snapshot('rdstation-marketing').problem, undefined);
  });

  it('renews ahead of expiry on a timer, and re-checks after the machine slept', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const window = openWindow(secrets, endpoint, clock);
    windows.push(window);
    await window.manager.ready('rdstation-marketing');
    const [due] = clock.pending();
    // Five minutes before expiry, minus at most a few seconds of jitter between windows.
    assert.ok(due <= clock.now + HOUR - 300_000 && due >= clock.now + HOUR - 300_000 - 30_000, `due ${due - clock.now}`);
    await clock.advance(HOUR - 200_000);
    assert.equal(endpoint.calls.refresh, 1);
    // The laptop sleeps past the next renewal: nothing fires until the window has focus again.
    clock.sleep(2 * HOUR);
    await clock.advance(0);
    assert.equal(endpoint.calls.refresh, 1, 'the timer is late by the time slept');
    window.focus.fire(true);
    await clock.advance(0);
    assert.equal(endpoint.calls.refresh, 2);
    assert.equal(tokenStatus(RD, window.manager.snapshot('rdstation-marketing'), clock.now), 'valid');
  });

  it('requests client-credentials tokens on demand only, never on a timer', async () => {
    seed('consistem-whatsapp', { ...CREDENTIALS });
    const manager = open();
    await manager.requestClientCredentialsToken('consistem-whatsapp');
    assert.deepEqual(clock.pending(), []);
    clock.sleep(2 * HOUR);
    assert.equal(tokenStatus(CS, manager.snapshot('consistem-whatsapp'), clock.now), 'expired');
    await manager.getAccessToken('consistem-whatsapp');
    assert.equal(endpoint.calls.clientCredentials, 2);
    await assert.rejects(manager.requestClientCredentialsToken('rdstation-marketing'), (error: unknown) => error instanceof TokenError && error.reason === 'wrong-grant');
  });

  it('stops waiting for a cancelled caller, and aborts the request only when nobody waits', async () => {
    seed('consistem-whatsapp', { ...CREDENTIALS });
    const manager = open();
    await manager.ready('consistem-whatsapp');
    let release!: () => void;
    endpoint.next = (_p, _c, _t, signal) =>
      new Promise((resolve, reject) => {
        release = () => resolve(endpoint.issue());
        signal?.addEventListener('abort', () => reject(new OAuthError({ kind: 'cancelled', operation: 'client-credentials', host: 'x' })));
      });
    const first = new AbortController();
    const second = new AbortController();
    const a = manager.getAccessToken('consistem-whatsapp', { signal: first.signal });
    const b = manager.getAccessToken('consistem-whatsapp', { signal: second.signal });
    await settle();
    first.abort();
    await assert.rejects(a, (error: unknown) => error instanceof TokenError && error.reason === 'cancelled');
    assert.equal(endpoint.signals[0]?.aborted, false, 'the other caller still waits');
    second.abort();
    await assert.rejects(b);
    assert.equal(endpoint.signals[0]?.aborted, true, 'nobody waits: the request is aborted');
    await settle();
    assert.equal(manager.snapshot('consistem-whatsapp').problem, undefined, 'a cancellation is not a failure');
    release();
  });

  it('signs out: revokes where it can, keeps the credentials, and never brings tokens back', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR), sessionId: 's1' });
    seed('consistem-whatsapp', { ...CREDENTIALS, tokens: { accessToken: 'cs', issuedAt: clock.now, expiresAt: clock.now + HOUR } });
    const manager = open();
    assert.equal(await manager.signOut('rdstation-marketing'), 'revoked');
    assert.deepEqual(secrets.values.get('rdstation-marketing'), CREDENTIALS);
    // Consistem has no revocation endpoint: forgetting locally is all there is, and Revoke says so.
    await assert.rejects(manager.signOut('consistem-whatsapp', { requireRevoke: true }), (error: unknown) => error instanceof TokenError && error.reason === 'no-revoke-endpoint');
    assert.equal(await manager.signOut('consistem-whatsapp'), 'forgotten');
    assert.equal(endpoint.calls.revoke, 1);
    assert.equal(await manager.signOut('consistem-whatsapp'), 'no-tokens');

    // A refresh that returns after a sign-out does not resurrect the session.
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR) });
    const other = open();
    await other.ready('rdstation-marketing');
    let release!: () => void;
    endpoint.next = (_p, _c, tokens) => new Promise((resolve) => (release = () => resolve(endpoint.issue(tokens?.refreshToken))));
    const refreshing = other.refresh('rdstation-marketing');
    await settle();
    secrets.values.set('rdstation-marketing', { ...CREDENTIALS });
    release();
    await assert.rejects(refreshing, (error: unknown) => error instanceof TokenError && error.reason === 'signed-out');
    assert.equal(secrets.values.get('rdstation-marketing')?.tokens, undefined);
  });

  it('drops the tokens when the client id changes, keeps them when only the secret does', async () => {
    seed('rdstation-marketing', { ...CREDENTIALS, tokens: rdTokens(HOUR), sessionId: 's1' });
    const manager = open();
    assert.equal(await manager.setCredentials('rdstation-marketing', { clientId: 'app', clientSecret: 'rotated' }), false);
    assert.equal(secrets.values.get('rdstation-marketing')?.tokens?.accessToken, 'access-0');
    assert.equal(secrets.values.get('rdstation-marketing')?.sessionId, 's1');
    assert.equal(await manager.setCredentials('rdstation-marketing', { clientId: 'other-app', clientSecret: 'x' }), true);
    assert.deepEqual(secrets.values.get('rdstation-marketing'), { clientId: 'other-app', clientSecret: 'x' });
  });

  it('reports a keyring failure as a problem instead of pretending nothing is stored', async () => {
    secrets.failReads = true;
    const manager = open();
    await assert.rejects(manager.getAccessToken('consistem-whatsapp'), /no keyring/);
    const snapshot = manager.snapshot('consistem-whatsapp');
    assert.equal(snapshot.problem?.kind, 'storage');
    assert.equal(tokenStatus(CS, snapshot, clock.now), 'failed');
  });

  it('says what is missing: credentials, or a sign-in', async () => {
    const manager = open();
    await assert.rejects(manager.getAccessToken('consistem-whatsapp'), (error: unknown) => error instanceof TokenError && error.reason === 'no-credentials');
    await assert.rejects(manager.getAccessToken('rdstation-marketing'), (error: unknown) => error instanceof TokenError && error.reason === 'signed-out');
    await assert.rejects(manager.getAccessToken('nope'), (error: unknown) => error instanceof TokenError && error.reason === 'unknown-profile');
    const error = new TokenError('no-credentials', 'consistem-whatsapp', 'Consistem WhatsApp');
    assert.match(error.summary.en, /Consistem WhatsApp/);
    assert.match(error.summary['pt-BR'], /Consistem WhatsApp/);
  });
});

describe('token status', () => {
  const now = Date.UTC(2025, 0, 1);
  const base: TokenSnapshot = { profileId: 'rdstation-marketing', loaded: true, hasCredentials: true, refreshing: false };
  const tokens = (leftMs: number, lifetimeMs = 24 * HOUR, refreshToken: string | null = 'r'): TokenSet => ({
    accessToken: 'a',
    ...(refreshToken ? { refreshToken } : {}),
    issuedAt: now + leftMs - lifetimeMs,
    expiresAt: now + leftMs,
  });

  it('goes from valid to expiring to expired', () => {
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(HOUR) }, now), 'valid');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(200_000) }, now), 'expiring');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(-1) }, now), 'expired');
    // A short-lived token is not "expiring" for more than half its life.
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(70_000, 120_000) }, now), 'valid');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(50_000, 120_000) }, now), 'expiring');
  });

  it('names the states that are not about time', () => {
    assert.equal(tokenStatus(RD, { ...base, loaded: false }, now), 'loading');
    assert.equal(tokenStatus(RD, base, now), 'signed-out');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(HOUR), refreshing: true }, now), 'refreshing');
    const message = { en: 'x', 'pt-BR': 'x' };
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(HOUR), problem: { kind: 'offline', message } }, now), 'offline');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(HOUR), problem: { kind: 'failed', message } }, now), 'failed');
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(HOUR), problem: { kind: 'sign-in-required', message } }, now), 'sign-in-required');
    // An expired authorization-code token without a refresh token only comes back by signing in.
    assert.equal(tokenStatus(RD, { ...base, tokens: tokens(-1, HOUR, null) }, now), 'sign-in-required');
    assert.equal(tokenStatus(CS, { ...base, profileId: CS.id, tokens: tokens(-1, HOUR, null) }, now), 'expired');
  });
});
