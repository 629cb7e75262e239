import * as vscode from 'vscode';
import type { Profile } from '../core/profiles';
import { needsRefresh, type TokenSet } from '../core/tokens';
import type { Log } from '../log';
import { withCancellableProgress } from '../ui/progress';
import { Disposable } from '../util/lifecycle';
import type { ProfileRegistry } from './profileRegistry';
import type { TokenManager } from './tokenManager';
import type { TokenSnapshot } from './tokenState';

export const AUTH_PROVIDER_PREFIX = 'tokenwise-';

export function authProviderId(profileId: string): string {
  return AUTH_PROVIDER_PREFIX + profileId;
}

/** Asks for client credentials (the Set Client Credentials flow); true when they were stored. */
export type CredentialsPrompt = (profile: Profile) => Promise<boolean>;

/** Runs the browser sign-in of an authorization-code profile; undefined when the user gave up at a prompt. */
export type SignInFlow = (profile: Profile) => Promise<TokenSet | undefined>;

/**
 * One profile as a `vscode.AuthenticationProvider`: its stored tokens are its one session, so the
 * Accounts menu lists and signs out sessions and other extensions can `getSession` them.
 */
export class ProfileAuthenticationProvider extends Disposable implements vscode.AuthenticationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>());
  readonly onDidChangeSessions = this.changed.event;
  /** The session last announced, to tell added, removed and changed apart. */
  private announced: vscode.AuthenticationSession | undefined;

  constructor(
    private profile: Profile,
    private readonly tokens: TokenManager,
    private readonly promptCredentials: CredentialsPrompt,
    private readonly signIn: SignInFlow,
    private readonly log: Log,
  ) {
    super();
    this.announced = this.sessionOf(tokens.snapshot(profile.id));
    this._register(tokens.onDidChange((event) => event.profileId === this.profile.id && this.update()));
  }

  setProfile(profile: Profile): void {
    this.profile = profile;
    this.update();
  }

  async getSessions(scopes: readonly string[] | undefined, _options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    let snapshot = await this.tokens.ready(this.profile.id);
    const tokens = snapshot.tokens;
    if (tokens && needsRefresh(tokens, Date.now(), this.profile.refreshBeforeSeconds)) {
      // Hand out a token that works where it can be renewed; the stored one otherwise.
      await this.tokens.getAccessToken(this.profile.id).catch(() => undefined);
      snapshot = this.tokens.snapshot(this.profile.id);
    }
    const session = this.sessionOf(snapshot);
    return session && covers(session.scopes, scopes) ? [session] : [];
  }

  async createSession(scopes: readonly string[], _options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const profile = this.profile;
    if (profile.grant === 'authorization_code') {
      if (!(await this.signIn(profile))) throw new Error(vscode.l10n.t('The sign-in to {0} was not completed.', profile.label));
    } else {
      if (!(await this.tokens.ready(profile.id)).hasCredentials && !(await this.promptCredentials(profile))) {
        throw new Error(vscode.l10n.t('No client credentials were entered for {0}.', profile.label));
      }
      await withCancellableProgress(vscode.l10n.t('Requesting a token for {0}…', profile.label), (signal) =>
        this.tokens.requestClientCredentialsToken(profile.id, { signal }),
      );
    }
    const session = this.sessionOf(this.tokens.snapshot(profile.id));
    if (!session) throw new Error(vscode.l10n.t('{0} returned no token.', profile.label));
    if (!covers(session.scopes, scopes)) this.log.warn('accounts', `${profile.id}: the token's scopes do not cover the requested ones`);
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const current = this.sessionOf(this.tokens.snapshot(this.profile.id));
    if (!current || current.id !== sessionId) return;
    await withCancellableProgress(vscode.l10n.t('Signing out of {0}…', this.profile.label), (signal) => this.tokens.signOut(this.profile.id, { signal }));
  }

  private update(): void {
    const next = this.sessionOf(this.tokens.snapshot(this.profile.id));
    const previous = this.announced;
    this.announced = next;
    if (!previous && !next) return;
    if (previous && next && previous.id === next.id) {
      if (previous.accessToken !== next.accessToken || previous.account.label !== next.account.label) this.changed.fire({ added: [], removed: [], changed: [next] });
      return;
    }
    this.changed.fire({ added: next ? [next] : [], removed: previous ? [previous] : [], changed: [] });
  }

  private sessionOf(snapshot: TokenSnapshot): vscode.AuthenticationSession | undefined {
    const tokens = snapshot.tokens;
    if (!tokens) return undefined;
    const scopes = tokens.scope !== undefined ? tokens.scope.split(/\s+/).filter(Boolean) : [...this.profile.scopes];
    return {
      id: snapshot.sessionId ?? this.profile.id,
      accessToken: tokens.accessToken,
      // The client id names the app the token was issued to; it is not a secret.
      account: { id: snapshot.clientId ?? this.profile.id, label: snapshot.clientId ?? this.profile.label },
      scopes,
    };
  }
}

/** Every requested scope is granted (no scopes requested: any session will do). */
function covers(granted: readonly string[], requested: readonly string[] | undefined): boolean {
  return !requested || requested.every((scope) => granted.includes(scope));
}

/**
 * Registers one provider per profile and follows the profile list. Custom profiles are registered
 * too; VS Code only logs that they are not declared in package.json, which cannot list user profiles.
 */
export class AuthenticationProviders extends Disposable {
  private readonly registered = new Map<string, { provider: ProfileAuthenticationProvider; registration: vscode.Disposable; label: string }>();

  constructor(
    private readonly profiles: ProfileRegistry,
    private readonly tokens: TokenManager,
    private readonly promptCredentials: CredentialsPrompt,
    private readonly signIn: SignInFlow,
    private readonly log: Log,
  ) {
    super();
    this.sync();
    this._register(profiles.onDidChange(() => this.sync()));
    this._register({ dispose: () => this.unregisterAll() });
  }

  provider(profileId: string): ProfileAuthenticationProvider | undefined {
    return this.registered.get(profileId)?.provider;
  }

  private sync(): void {
    const wanted = new Map(this.profiles.all().map((profile) => [profile.id, profile]));
    for (const [profileId, entry] of this.registered) {
      const profile = wanted.get(profileId);
      if (profile && profile.label === entry.label) continue;
      this.unregister(profileId);
    }
    for (const profile of wanted.values()) {
      const existing = this.registered.get(profile.id);
      if (existing) {
        existing.provider.setProfile(profile);
        continue;
      }
      const provider = new ProfileAuthenticationProvider(profile, this.tokens, this.promptCredentials, this.signIn, this.log);
      const registration = vscode.authentication.registerAuthenticationProvider(authProviderId(profile.id), profile.label, provider, {
        supportsMultipleAccounts: false,
      });
      this.registered.set(profile.id, { provider, registration, label: profile.label });
    }
  }

  private unregister(profileId: string): void {
    const entry = this.registered.get(profileId);
    if (!entry) return;
    this.registered.delete(profileId);
    entry.registration.dispose();
    entry.provider.dispose();
  }

  private unregisterAll(): void {
    for (const profileId of [...this.registered.keys()]) this.unregister(profileId);
  }
}
