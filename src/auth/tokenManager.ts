/**
 * Hands out valid access tokens. Renews ahead of expiry, one renewal per profile at a time (single
 * flight), and stays in step with other windows through the shared secret storage: it re-reads
 * storage before renewing and adopts what another window stored. Keeps the stored tokens when the
 * network fails (and retries with backoff); clears the refresh token only when the provider says it
 * is invalid. No `vscode` at run time: it is unit-tested in plain Node with in-memory fakes.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import {
  exchangeCode,
  isOAuthError,
  isTransient,
  refreshAccessToken,
  requestClientCredentialsToken,
  requiresCredentials,
  requiresSignIn,
  revokeToken,
  type ClientCredentials,
  type CodeExchangeParams,
  type OAuthClientOptions,
} from '../core/oauth/index';
import type { Profile } from '../core/profiles';
import { fingerprint } from '../core/redact';
import { formatDuration, isExpired, needsRefresh, timeLeft, type TokenSet } from '../core/tokens';
import { Disposable } from '../util/lifecycle';
import { Emitter } from './emitter';
import { Flight } from './singleFlight';
import type { ProfileSecrets } from './secretStore';
import {
  canRenewInBackground,
  isCancellation,
  localizedMessage,
  renewalDueAt,
  TokenError,
  type TokenProblem,
  type TokenSnapshot,
} from './tokenState';

/** The secret store's surface the manager needs (SecretStore in the extension, a Map in tests). */
export interface TokenStorage {
  read(profileId: string): Promise<ProfileSecrets>;
  update(profileId: string, change: (current: ProfileSecrets) => ProfileSecrets): Promise<ProfileSecrets>;
  readonly onDidChange: vscode.Event<string>;
}

export interface ProfileSource {
  get(profileId: string): Profile | undefined;
  all(): readonly Profile[];
  readonly onDidChange: vscode.Event<void>;
}

export interface TokenLog {
  debug(component: string, message: string): void;
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
}

/** The token-endpoint operations, injectable so unit tests can count and script them. */
export interface OAuthOperations {
  readonly exchangeCode: typeof exchangeCode;
  readonly refreshAccessToken: typeof refreshAccessToken;
  readonly requestClientCredentialsToken: typeof requestClientCredentialsToken;
  readonly revokeToken: typeof revokeToken;
}

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TokenManagerOptions {
  readonly storage: TokenStorage;
  readonly profiles: ProfileSource;
  readonly log: TokenLog;
  /** Proxy and timeouts for each request (read at each call: settings may change). */
  readonly clientOptions?: () => OAuthClientOptions;
  /** Fires true when the window regains focus: timers may have slept with the laptop. */
  readonly onDidChangeWindowFocus?: vscode.Event<boolean>;
  readonly oauth?: OAuthOperations;
  readonly now?: () => number;
  readonly scheduler?: Scheduler;
  readonly random?: () => number;
}

export interface TokenChangeEvent {
  readonly profileId: string;
}

export interface OperationOptions {
  readonly signal?: AbortSignal;
}

export type SignOutOutcome = 'revoked' | 'forgotten' | 'no-tokens';

const COMPONENT = 'tokens';
/** Long timers are re-armed at least hourly, so a clock change or a suspend cannot strand them. */
const MAX_TIMER_MS = 60 * 60 * 1000;
const BACKOFF_MIN_MS = 15_000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;
/** Windows spread their renewals over up to this much, so the first one renews and the others adopt. */
const MAX_JITTER_MS = 30_000;

const DEFAULT_OAUTH: OAuthOperations = { exchangeCode, refreshAccessToken, requestClientCredentialsToken, revokeToken };

const DEFAULT_SCHEDULER: Scheduler = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Never keep a process (unit tests, the CLI) alive just for a renewal.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Entry {
  secrets?: ProfileSecrets;
  loading?: Promise<ProfileSecrets>;
  flight?: Flight<TokenSet>;
  problem?: TokenProblem;
  /** Consecutive transient failures, for the backoff. */
  failures: number;
  timer?: { readonly handle: unknown; readonly dueAt: number };
}

export class TokenManager extends Disposable {
  private readonly changed = this._register(new Emitter<TokenChangeEvent>());
  /** Fires when a profile's tokens, credentials, renewal activity or problem change. */
  readonly onDidChange = this.changed.event;

  private readonly entries = new Map<string, Entry>();
  private readonly storage: TokenStorage;
  private readonly profiles: ProfileSource;
  private readonly log: TokenLog;
  private readonly oauth: OAuthOperations;
  private readonly now: () => number;
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private readonly clientOptions: () => OAuthClientOptions;

  constructor(options: TokenManagerOptions) {
    super();
    this.storage = options.storage;
    this.profiles = options.profiles;
    this.log = options.log;
    this.oauth = options.oauth ?? DEFAULT_OAUTH;
    this.now = options.now ?? Date.now;
    this.scheduler = options.scheduler ?? DEFAULT_SCHEDULER;
    this.random = options.random ?? Math.random;
    this.clientOptions = options.clientOptions ?? (() => ({}));
    // Another window (or this one) wrote: take the stored value as the truth. A failed read is recorded as a problem.
    this._register(this.storage.onDidChange((profileId) => void this.reload(profileId).catch(() => undefined)));
    this._register(this.profiles.onDidChange(() => this.profilesChanged()));
    if (options.onDidChangeWindowFocus) {
      this._register(options.onDidChangeWindowFocus((focused) => focused && this.recheck()));
    }
    this._register({ dispose: () => this.stopAll() });
    // Read every profile's secrets in the background: nothing waits for this at activation.
    for (const profile of this.profiles.all()) void this.load(profile.id).catch(() => undefined);
  }

  // ---- reading

  snapshot(profileId: string): TokenSnapshot {
    const entry = this.entries.get(profileId);
    const secrets = entry?.secrets;
    return {
      profileId,
      loaded: secrets !== undefined,
      ...(secrets?.tokens ? { tokens: secrets.tokens } : {}),
      ...(secrets?.clientId ? { clientId: secrets.clientId } : {}),
      hasCredentials: Boolean(secrets?.clientId && secrets.clientSecret),
      ...(secrets?.sessionId ? { sessionId: secrets.sessionId } : {}),
      refreshing: entry?.flight !== undefined,
      ...(entry?.problem ? { problem: entry.problem } : {}),
    };
  }

  /** Resolves once the profile's secrets were read (rejects when the keyring fails). */
  async ready(profileId: string): Promise<TokenSnapshot> {
    await this.load(profileId);
    return this.snapshot(profileId);
  }

  /** The stored client credentials, for flows that need them (code exchange, revocation). */
  async credentials(profileId: string): Promise<ClientCredentials | undefined> {
    return credentialsOf(await this.load(profileId));
  }

  // ---- the main entry point

  /** A valid access token, renewed first when it is expired or about to be. */
  async getAccessToken(profileId: string, options: OperationOptions = {}): Promise<string> {
    return (await this.getTokens(profileId, options)).accessToken;
  }

  async getTokens(profileId: string, options: OperationOptions = {}): Promise<TokenSet> {
    const profile = this.profile(profileId);
    await this.load(profileId);
    const entry = this.entry(profileId);
    const tokens = entry.secrets?.tokens;
    const now = this.now();
    if (tokens && !needsRefresh(tokens, now, profile.refreshBeforeSeconds)) return tokens;
    const stillValid = tokens !== undefined && !isExpired(tokens, now);
    if (tokens && profile.grant === 'authorization_code' && !(profile.refresh && tokens.refreshToken)) {
      if (stillValid) return tokens; // cannot renew: use it to the end
      throw new TokenError('not-renewable', profileId, profile.label);
    }
    if (!tokens && profile.grant === 'authorization_code') throw new TokenError('signed-out', profileId, profile.label);
    // Offline with a token that still works: use it and leave the retry to the backoff timer.
    if (stillValid && entry.problem?.kind === 'offline' && (entry.problem.retryAt ?? 0) > now) return tokens;
    try {
      return await this.renew(profileId, options);
    } catch (error) {
      if (stillValid && retryLater(error) && !isExpired(tokens, this.now())) return tokens;
      throw error;
    }
  }

  // ---- explicit operations (commands, the Accounts menu)

  /** Renews now (refresh, or a new client-credentials token), joining a renewal already under way. */
  refresh(profileId: string, options: OperationOptions = {}): Promise<TokenSet> {
    this.profile(profileId);
    return this.renew(profileId, { ...options, force: true });
  }

  requestClientCredentialsToken(profileId: string, options: OperationOptions = {}): Promise<TokenSet> {
    const profile = this.profile(profileId);
    if (profile.grant !== 'client_credentials') return Promise.reject(new TokenError('wrong-grant', profileId, profile.label));
    return this.renew(profileId, { ...options, force: true });
  }

  /**
   * Stores client credentials. A different client id means another app: its tokens belong to the
   * old one and are dropped. Returns whether tokens were dropped.
   */
  async setCredentials(profileId: string, credentials: ClientCredentials): Promise<boolean> {
    const profile = this.profile(profileId);
    let dropped = false;
    const saved = await this.storage.update(profileId, (current) => {
      dropped = current.tokens !== undefined && current.clientId !== undefined && current.clientId !== credentials.clientId;
      return {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        ...(current.tokens && !dropped ? { tokens: current.tokens, ...(current.sessionId ? { sessionId: current.sessionId } : {}) } : {}),
      };
    });
    const entry = this.entry(profileId);
    if (entry.problem?.credentials || entry.problem?.kind === 'storage') entry.problem = undefined;
    this.apply(profileId, saved);
    this.log.info(COMPONENT, `client credentials of ${profile.id} stored${dropped ? '; tokens of the previous client id dropped' : ''}`);
    return dropped;
  }

  /** Exchanges an authorization code and stores the tokens as a new session (the sign-in flow's last step). */
  async exchangeCode(profileId: string, params: CodeExchangeParams, options: OperationOptions = {}): Promise<TokenSet> {
    const profile = this.profile(profileId);
    const credentials = credentialsOf(await this.load(profileId));
    if (!credentials) throw new TokenError('no-credentials', profileId, profile.label);
    const tokens = await this.oauth.exchangeCode(profile, credentials, params, this.requestOptions(options.signal));
    const saved = await this.storage.update(profileId, (current) => ({ ...current, tokens, sessionId: randomUUID() }));
    const entry = this.entry(profileId);
    entry.problem = undefined;
    entry.failures = 0;
    this.apply(profileId, saved);
    this.log.info(COMPONENT, `${profile.id}: signed in (${describeTokens(tokens, this.now())})`);
    return tokens;
  }

  /**
   * Forgets the tokens (keeping the client credentials), revoking them first where the profile has a
   * revocation endpoint. `requireRevoke`: fail instead of only forgetting (the Revoke Token command);
   * otherwise a failed revocation is logged and the tokens are forgotten anyway (Sign Out).
   */
  async signOut(profileId: string, options: OperationOptions & { readonly requireRevoke?: boolean } = {}): Promise<SignOutOutcome> {
    const profile = this.profile(profileId);
    const stored = await this.load(profileId);
    if (!stored.tokens) return 'no-tokens';
    const credentials = credentialsOf(stored);
    let outcome: SignOutOutcome = 'forgotten';
    if (!profile.endpoints.revoke || !credentials) {
      if (options.requireRevoke) throw new TokenError(profile.endpoints.revoke ? 'no-credentials' : 'no-revoke-endpoint', profileId, profile.label);
    } else {
      try {
        outcome = (await this.oauth.revokeToken(profile, credentials, stored.tokens, this.requestOptions(options.signal))) === 'revoked' ? 'revoked' : 'forgotten';
      } catch (error) {
        if (options.requireRevoke || isCancellation(error)) throw error;
        this.log.warn(COMPONENT, `${profile.id}: revocation failed, forgetting the tokens locally: ${localizedMessage(error).en}`);
      }
    }
    await this.forget(profileId);
    this.log.info(COMPONENT, `${profile.id}: signed out (${outcome})`);
    return outcome;
  }

  /** Re-arms every timer from the wall clock, renewing at once what fell due while the machine slept. */
  recheck(): void {
    for (const profileId of this.entries.keys()) this.schedule(profileId);
  }

  // ---- renewal

  private renew(profileId: string, options: OperationOptions & { readonly force?: boolean }): Promise<TokenSet> {
    const entry = this.entry(profileId);
    if (!entry.flight) {
      const flight = new Flight<TokenSet>(() => new TokenError('cancelled', profileId));
      entry.flight = flight;
      this.clearTimer(entry);
      flight.promise = this.doRenew(profileId, flight.controller.signal, options.force ?? false).finally(() => {
        if (entry.flight === flight) entry.flight = undefined;
        this.fire(profileId);
        this.schedule(profileId);
      });
      // The outcome is recorded as the entry's problem; a background renewal has no one to tell.
      flight.promise.catch(() => undefined);
      this.fire(profileId);
    }
    return entry.flight.join(options.signal);
  }

  private async doRenew(profileId: string, signal: AbortSignal, force: boolean): Promise<TokenSet> {
    const profile = this.profile(profileId);
    const seen = this.entry(profileId).secrets?.tokens;
    const loadedBefore = this.entry(profileId).secrets !== undefined;
    // SecretStorage is the only state windows share: another window may have renewed already.
    const stored = await this.reload(profileId);
    const current = stored.tokens;
    const now = this.now();
    if (current && !needsRefresh(current, now, profile.refreshBeforeSeconds) && (!force || (loadedBefore && current.accessToken !== seen?.accessToken))) {
      this.log.debug(COMPONENT, `${profile.id}: adopted tokens renewed elsewhere`);
      return current;
    }
    const credentials = credentialsOf(stored);
    if (!credentials) throw new TokenError('no-credentials', profileId, profile.label);
    let next: TokenSet;
    try {
      if (profile.grant === 'client_credentials') {
        // No refresh token in this grant: a new token is requested instead.
        next = await this.oauth.requestClientCredentialsToken(profile, credentials, this.requestOptions(signal));
      } else {
        if (!current) throw new TokenError('signed-out', profileId, profile.label);
        if (!profile.refresh || !current.refreshToken) throw new TokenError('not-renewable', profileId, profile.label);
        next = await this.oauth.refreshAccessToken(profile, credentials, current, this.requestOptions(signal));
      }
    } catch (error) {
      return this.renewalFailed(profile, current, error);
    }
    const saved = await this.storage.update(profileId, (latest) => {
      // Signed out meanwhile (here or in another window): the new tokens must not bring the session back.
      if (current && !latest.tokens) return latest;
      return { ...latest, tokens: next, sessionId: latest.tokens && latest.sessionId ? latest.sessionId : randomUUID() };
    });
    if (current && !saved.tokens) throw new TokenError('signed-out', profileId, profile.label);
    const entry = this.entry(profileId);
    entry.problem = undefined;
    entry.failures = 0;
    this.apply(profileId, saved);
    this.log.info(COMPONENT, `${profile.id}: ${profile.grant === 'client_credentials' ? 'new token' : 'refreshed'} (${describeTokens(next, this.now())})`);
    return next;
  }

  private async renewalFailed(profile: Profile, used: TokenSet | undefined, error: unknown): Promise<TokenSet> {
    if (error instanceof TokenError || isCancellation(error)) throw error;
    const entry = this.entry(profile.id);
    const message = localizedMessage(error);
    if (profile.grant === 'authorization_code' && used?.refreshToken && requiresSignIn(error)) {
      // With rotating refresh tokens, another window may have used ours a moment ago: take its result.
      const latest = await this.reload(profile.id);
      if (latest.tokens?.refreshToken && latest.tokens.refreshToken !== used.refreshToken) return latest.tokens;
      const saved = await this.storage.update(profile.id, (current) =>
        current.tokens && current.tokens.refreshToken === used.refreshToken ? { ...current, tokens: withoutRefreshToken(current.tokens) } : current,
      );
      entry.problem = { kind: 'sign-in-required', message };
      this.apply(profile.id, saved);
      this.log.warn(COMPONENT, `${profile.id}: the refresh token was refused and is cleared; sign-in required: ${message.en}`);
    } else if (retryLater(error)) {
      entry.failures++;
      const retryAfterMs = ((error as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0) * 1000;
      const retryAt = this.now() + Math.max(retryAfterMs, this.backoff(entry.failures));
      entry.problem = { kind: 'offline', message, retryAt };
      this.log.warn(COMPONENT, `${profile.id}: renewal failed, tokens kept, next try in ${formatDuration(retryAt - this.now())}: ${message.en}`);
    } else {
      entry.problem = { kind: 'failed', message, ...(requiresCredentials(error) ? { credentials: true } : {}) };
      this.log.warn(COMPONENT, `${profile.id}: renewal failed: ${message.en}`);
    }
    throw error;
  }

  private backoff(failures: number): number {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (failures - 1));
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  private requestOptions(signal: AbortSignal | undefined): OAuthClientOptions {
    return { ...this.clientOptions(), ...(signal ? { signal } : {}), now: this.now };
  }

  // ---- storage

  private load(profileId: string): Promise<ProfileSecrets> {
    const entry = this.entry(profileId);
    if (entry.secrets) return Promise.resolve(entry.secrets);
    entry.loading ??= this.reload(profileId).finally(() => {
      entry.loading = undefined;
    });
    return entry.loading;
  }

  /** Reads the profile's secrets from storage and takes them as the truth. */
  private async reload(profileId: string): Promise<ProfileSecrets> {
    if (this.isDisposed || !this.profiles.get(profileId)) return {};
    const entry = this.entry(profileId);
    let secrets: ProfileSecrets;
    try {
      secrets = await this.storage.read(profileId);
    } catch (error) {
      entry.problem = { kind: 'storage', message: localizedMessage(error) };
      this.log.warn(COMPONENT, `${profileId}: cannot read the secret storage: ${localizedMessage(error).en}`);
      this.fire(profileId);
      throw error;
    }
    if (entry.problem?.kind === 'storage') entry.problem = undefined;
    this.apply(profileId, secrets);
    return secrets;
  }

  /** Drops the tokens, whoever stored them last: the user asked to sign out. Credentials stay. */
  private async forget(profileId: string): Promise<void> {
    const saved = await this.storage.update(profileId, (current) =>
      current.tokens
        ? {
            ...(current.clientId ? { clientId: current.clientId } : {}),
            ...(current.clientSecret ? { clientSecret: current.clientSecret } : {}),
          }
        : current,
    );
    const entry = this.entry(profileId);
    entry.problem = undefined;
    entry.failures = 0;
    this.apply(profileId, saved);
  }

  /** Takes new secrets: clears a problem that new tokens resolved, re-arms the timer, tells listeners. */
  private apply(profileId: string, secrets: ProfileSecrets): void {
    const entry = this.entry(profileId);
    const before = entry.secrets;
    entry.secrets = secrets;
    const newTokens = secrets.tokens !== undefined && secrets.tokens.accessToken !== before?.tokens?.accessToken;
    // Tokens or credentials gone (a sign-out, possibly in another window): nothing is left to renew.
    const gone = (before?.tokens !== undefined && !secrets.tokens) || (before?.clientSecret !== undefined && !secrets.clientSecret);
    if ((newTokens || gone) && entry.problem?.kind !== 'storage') {
      // The old failure no longer describes what is stored.
      entry.problem = undefined;
      entry.failures = 0;
    }
    if (!sameSecrets(before, secrets)) this.fire(profileId);
    this.schedule(profileId);
  }

  // ---- timers

  private schedule(profileId: string): void {
    const entry = this.entries.get(profileId);
    const profile = this.profiles.get(profileId);
    if (!entry) return;
    this.clearTimer(entry);
    if (this.isDisposed || !profile || !entry.secrets?.tokens || entry.flight) return;
    const snapshot = this.snapshot(profileId);
    // Only refresh tokens are renewed unprompted. A client-credentials token is requested when
    // someone needs one: renewing it forever in the background would call the API for nothing.
    if (!canRenewInBackground(profile, snapshot) || entry.problem?.kind === 'failed') return;
    let dueAt: number | undefined;
    if (entry.problem?.kind === 'offline') {
      dueAt = entry.problem.retryAt;
    } else {
      const due = renewalDueAt(profile, entry.secrets.tokens);
      if (due !== undefined) {
        const margin = entry.secrets.tokens.expiresAt! - due;
        dueAt = due - this.random() * Math.min(MAX_JITTER_MS, margin / 10);
      }
    }
    if (dueAt === undefined) return;
    const target = dueAt;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, target - this.now()));
    const handle = this.scheduler.setTimeout(() => {
      entry.timer = undefined;
      if (this.now() < target) return this.schedule(profileId);
      void this.renew(profileId, { force: true }).catch(() => undefined);
    }, delay);
    entry.timer = { handle, dueAt: target };
  }

  private clearTimer(entry: Entry): void {
    if (entry.timer) this.scheduler.clearTimeout(entry.timer.handle);
    entry.timer = undefined;
  }

  private stopAll(): void {
    for (const entry of this.entries.values()) {
      this.clearTimer(entry);
      entry.flight?.controller.abort();
    }
  }

  private profilesChanged(): void {
    for (const [profileId, entry] of this.entries) {
      if (this.profiles.get(profileId)) continue;
      this.clearTimer(entry);
      this.entries.delete(profileId);
    }
    for (const profile of this.profiles.all()) {
      if (this.entries.get(profile.id)?.secrets) this.schedule(profile.id);
      else void this.load(profile.id).catch(() => undefined);
      this.fire(profile.id);
    }
  }

  // ---- helpers

  private profile(profileId: string): Profile {
    const profile = this.profiles.get(profileId);
    if (!profile) throw new TokenError('unknown-profile', profileId);
    return profile;
  }

  private entry(profileId: string): Entry {
    let entry = this.entries.get(profileId);
    if (!entry) {
      entry = { failures: 0 };
      this.entries.set(profileId, entry);
    }
    return entry;
  }

  private fire(profileId: string): void {
    if (!this.isDisposed) this.changed.fire({ profileId });
  }
}

/**
 * Worth another try later, with the stored tokens kept: what `isTransient` says (the network, a
 * timeout, 429, 5xx), and a success status whose body arrived unusable: an HTML page (a captive
 * portal or a proxy's login page) or JSON cut short. The client does not retry those itself (the
 * server may have processed the request), but nothing in them says the grant is gone.
 */
function retryLater(error: unknown): boolean {
  if (isTransient(error)) return true;
  return isOAuthError(error) && error.kind === 'invalid-response' && (error.reason === 'html' || error.reason === 'malformed-json' || error.reason === 'not-json');
}

function credentialsOf(secrets: ProfileSecrets): ClientCredentials | undefined {
  return secrets.clientId && secrets.clientSecret ? { clientId: secrets.clientId, clientSecret: secrets.clientSecret } : undefined;
}

function withoutRefreshToken(tokens: TokenSet): TokenSet {
  const rest: { -readonly [K in keyof TokenSet]?: TokenSet[K] } = { ...tokens };
  delete rest.refreshToken;
  return rest as TokenSet;
}

function sameSecrets(a: ProfileSecrets | undefined, b: ProfileSecrets): boolean {
  return (
    a !== undefined &&
    a.clientId === b.clientId &&
    a.clientSecret === b.clientSecret &&
    a.sessionId === b.sessionId &&
    a.tokens?.accessToken === b.tokens?.accessToken &&
    a.tokens?.refreshToken === b.tokens?.refreshToken &&
    a.tokens?.expiresAt === b.tokens?.expiresAt
  );
}

/** For the log: fingerprints and lifetimes, never a token. */
function describeTokens(tokens: TokenSet, now: number): string {
  const left = timeLeft(tokens, now);
  return `access ${fingerprint(tokens.accessToken)}${tokens.refreshToken ? `, refresh ${fingerprint(tokens.refreshToken)}` : ''}${left !== undefined ? `, expires in ${formatDuration(left)}` : ''}`;
}
