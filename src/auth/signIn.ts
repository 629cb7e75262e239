import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import { buildAuthorizeUrl } from '../core/oauth/authorize';
import { createPkcePair, createState } from '../core/oauth/pkce';
import type { Profile } from '../core/profiles';
import { plainText } from '../core/text/plainText';
import type { TokenSet } from '../core/tokens';
import type { Log } from '../log';
import { Disposable } from '../util/lifecycle';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';
import type { CallbackOutcome, Delivery, SignInRegistry } from './signInRegistry';
import type { TokenManager } from './tokenManager';
import { internalCallbackUri, type CallbackUriHandler } from './uriHandler';

/**
 * The authorization-code sign-in (DESIGN.md §1): opens the provider's authorize page with a fresh
 * `state` (and PKCE where the profile enables it), waits in a cancellable notification for the
 * redirect, and exchanges the code. The redirect comes back one of three ways, each a method the
 * user can switch to from the same notification:
 * - `uri`: the extension's URI handler, at `env.asExternalUri(<scheme>://tokenwise.tokenwise/callback)`
 *   (desktop, remote and web), or the profile's fixed `redirectUri` (a hosted relay page);
 * - `loopback`: `http://127.0.0.1:<port>/callback` (RFC 8252), for providers that allow it;
 * - `paste`: the user pastes the URL the browser was redirected to (or just the code).
 */
export type SignInMethod = 'uri' | 'loopback' | 'paste';

export interface SignInOptions {
  readonly method?: SignInMethod;
}

/** A sign-in that cannot go on; `actions` are the next steps offered with the message. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    message: string,
    readonly actions: readonly SignInAction[] = [],
  ) {
    super(message);
  }
}

export interface SignInAction {
  readonly title: string;
  readonly run: () => unknown;
}

export interface SignInDependencies {
  readonly tokens: TokenManager;
  readonly registry: SignInRegistry;
  readonly uriHandler: CallbackUriHandler;
  readonly log: Log;
  readonly extensionId: string;
  /** Asks for the client credentials; true when they were stored. */
  readonly promptCredentials: (profile: Profile) => Promise<boolean>;
  /** How long to wait for the redirect, in ms (the `tokenwise.signIn.timeoutSeconds` setting). */
  readonly timeoutMs: () => number;
}

/** Ends one attempt so the same sign-in goes on with another method. */
class SwitchMethod extends Error {
  constructor(readonly method: SignInMethod) {
    super(`switch to ${method}`);
  }
}

class Timeout extends Error {}

/** Provider-supplied text shown in a notification (see core/text/plainText). */
export { plainText };

export class SignInService extends Disposable {
  /** The sign-in in progress in this window, for the notification's links. */
  private current: { readonly profileId: string; readonly switchTo: (method: SignInMethod) => void } | undefined;
  private readonly running = new Map<string, Promise<TokenSet>>();

  constructor(private readonly deps: SignInDependencies) {
    super();
    this._register(deps.uriHandler.onDidReceiveUri((uri) => void this.receive(uri.toString(true))));
  }

  /** The URL to register at the provider for the `uri` method. */
  async callbackUrl(profile: Profile): Promise<string> {
    if (profile.redirectUri) return profile.redirectUri;
    const external = await vscode.env.asExternalUri(internalCallbackUri(this.deps.extensionId));
    return external.toString(true);
  }

  /** True while a sign-in waits in this window (optionally: for this profile). */
  isSigningIn(profileId?: string): boolean {
    return this.current !== undefined && (profileId === undefined || this.current.profileId === profileId);
  }

  /** Switches the waiting sign-in to another method (the notification's links). */
  switchMethod(method: SignInMethod): boolean {
    if (!this.current) return false;
    this.current.switchTo(method);
    return true;
  }

  /**
   * Signs in; resolves with the stored tokens, or undefined when the user gave up at a prompt.
   * Rejects with a SignInError, an OAuthError of the code exchange, or a cancellation.
   */
  async signIn(profile: Profile, options: SignInOptions = {}): Promise<TokenSet | undefined> {
    if (profile.grant !== 'authorization_code') {
      throw new SignInError(vscode.l10n.t('{0} uses the client-credentials grant: request a token instead of signing in.', profile.label));
    }
    if (!(await this.deps.tokens.ready(profile.id)).hasCredentials && !(await this.deps.promptCredentials(profile))) return undefined;
    const running = this.running.get(profile.id);
    if (running) {
      // Sign In again while waiting: the user may have closed the tab. Reopen it, in the same notification.
      this.current?.switchTo(options.method ?? 'uri');
      return running;
    }
    const signingIn = this.run(profile, options.method ?? 'uri').finally(() => this.running.delete(profile.id));
    this.running.set(profile.id, signingIn);
    return signingIn;
  }

  private run(profile: Profile, initialMethod: SignInMethod): Promise<TokenSet> {
    let method = initialMethod;
    const progressed = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}', profile.label), cancellable: true },
      async (progress, token) => {
        const cancelled = new AbortController();
        const subscription = token.onCancellationRequested(() => cancelled.abort(new vscode.CancellationError()));
        try {
          for (;;) {
            const attempt = new AbortController();
            const abortAttempt = () => attempt.abort(cancelled.signal.reason);
            cancelled.signal.addEventListener('abort', abortAttempt, { once: true });
            const current = { profileId: profile.id, switchTo: (next: SignInMethod) => attempt.abort(new SwitchMethod(next)) };
            this.current = current;
            try {
              const { outcome, redirectUri, codeVerifier } = await this.attempt(profile, method, attempt.signal, (message) => progress.report({ message }));
              if (outcome.kind === 'error') {
                const description = outcome.description ? ` (${plainText(outcome.description)})` : '';
                throw new SignInError(vscode.l10n.t('{0} did not authorize the sign-in: {1}{2}. Nothing was stored.', profile.label, plainText(outcome.error, 80), description));
              }
              progress.report({ message: vscode.l10n.t('Exchanging the authorization code…') });
              return await this.deps.tokens.exchangeCode(
                profile.id,
                { code: outcome.code, redirectUri, ...(codeVerifier ? { codeVerifier } : {}) },
                { signal: cancelled.signal },
              );
            } catch (error) {
              if (error instanceof SwitchMethod && !cancelled.signal.aborted) {
                this.deps.log.info('sign-in', `${profile.id}: switching to the ${error.method} method`);
                method = error.method;
                continue;
              }
              if (error instanceof Timeout) throw this.timedOut(profile, method);
              throw error;
            } finally {
              cancelled.signal.removeEventListener('abort', abortAttempt);
              if (this.current === current) this.current = undefined;
            }
          }
        } finally {
          subscription.dispose();
        }
      },
    );
    return Promise.resolve(progressed);
  }

  /** One authorize round trip with one redirect method: resolves with what came back. */
  private async attempt(profile: Profile, method: SignInMethod, signal: AbortSignal, report: (message: string) => void) {
    const credentials = await this.deps.tokens.credentials(profile.id);
    if (!credentials) throw new SignInError(vscode.l10n.t('No client credentials are stored for {0}.', profile.label));
    const state = createState();
    const pkce = profile.pkce ? createPkcePair() : undefined;
    let loopback: LoopbackServer | undefined;
    const timeoutMs = this.deps.timeoutMs();
    // The attempt ends on its own timeout as well as on the caller's signal.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Timeout()), timeoutMs);
    const forward = () => controller.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    try {
      let redirectUri: string;
      if (method === 'loopback') {
        loopback = await startLoopbackServer({
          received: {
            lang: vscode.env.language,
            title: vscode.l10n.t('Tokenwise received the redirect'),
            body: vscode.l10n.t('You can close this tab and go back to VS Code, which shows whether the sign-in to {0} worked.', profile.label),
          },
        });
        loopback.onCallback((url) => void this.receive(url));
        redirectUri = loopback.redirectUri;
      } else {
        redirectUri = await this.callbackUrl(profile);
      }
      const authorizeUrl = buildAuthorizeUrl(profile, { clientId: credentials.clientId, redirectUri, state, ...(pkce ? { codeChallenge: pkce.challenge } : {}) });
      const callback = this.deps.registry.wait(state, profile.id, Date.now() + timeoutMs, controller.signal);
      callback.catch(() => undefined); // settled through the race below
      this.deps.log.info('sign-in', `${profile.id}: opening the authorize page (${method} redirect)`);
      report(this.waitingMessage(method));
      const opened = await openExactly(authorizeUrl);
      if (!opened) this.deps.log.warn('sign-in', `${profile.id}: the browser did not open; the authorize URL can be opened by hand`);
      if (method === 'paste') void this.promptPaste(profile, state, controller.signal);
      const outcome: CallbackOutcome = await callback;
      return { outcome, redirectUri, ...(pkce ? { codeVerifier: pkce.verifier } : {}) };
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', forward);
      await loopback?.close();
    }
  }

  private waitingMessage(method: SignInMethod): string {
    const link = (title: string, target: SignInMethod) =>
      `[${title}](command:${Commands.switchSignInMethod}?${encodeURIComponent(JSON.stringify([target]))})`;
    const loopback = link(vscode.l10n.t('Use a loopback redirect'), 'loopback');
    const paste = link(vscode.l10n.t('Paste the redirected URL'), 'paste');
    const browser = link(vscode.l10n.t('Back to the VS Code redirect'), 'uri');
    switch (method) {
      case 'uri':
        return vscode.l10n.t('Approve the access in your browser. Redirect not arriving? {0} · {1}', loopback, paste);
      case 'loopback':
        return vscode.l10n.t('Approve the access in your browser; it redirects to 127.0.0.1. {0} · {1}', paste, browser);
      case 'paste':
        return vscode.l10n.t('Approve the access in your browser, then paste the URL it was redirected to. {0} · {1}', loopback, browser);
    }
  }

  /** The paste box of the `paste` method; stays open while the user copies from the browser. */
  private async promptPaste(profile: Profile, state: string, signal: AbortSignal): Promise<void> {
    const source = new vscode.CancellationTokenSource();
    signal.addEventListener('abort', () => source.cancel(), { once: true });
    try {
      for (;;) {
        const value = await vscode.window.showInputBox(
          {
            title: vscode.l10n.t('Sign in to {0}: paste the redirected URL', profile.label),
            prompt: vscode.l10n.t('The whole URL from the browser address bar after you approved (it contains code= and state=), or just the code.'),
            ignoreFocusOut: true,
            validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('Paste the URL or the code.') : undefined),
          },
          source.token,
        );
        if (value === undefined || signal.aborted) return;
        const delivery = await this.deps.registry.deliver(value.trim(), state);
        if (delivery.kind === 'accepted') return;
        this.showDelivery(delivery);
      }
    } finally {
      source.dispose();
    }
  }

  /** Every callback, whichever way it came: checked by the registry, refusals explained. */
  async receive(url: string): Promise<Delivery> {
    const delivery = await this.deps.registry.deliver(url);
    this.deps.log.info('sign-in', `callback ${delivery.kind}${delivery.kind === 'refused' ? ` (${delivery.reason})` : ''}`);
    this.showDelivery(delivery);
    return delivery;
  }

  private showDelivery(delivery: Delivery): void {
    switch (delivery.kind) {
      case 'accepted':
        return;
      case 'handed-over':
        void vscode.window.showInformationMessage(vscode.l10n.t('The sign-in continues in the window "{0}", where it was started.', delivery.window));
        return;
      case 'other-window':
        void vscode.window.showWarningMessage(
          vscode.l10n.t('This sign-in was started in the window "{0}", which did not take the callback. Nothing was stored. Switch to that window and sign in again there.', delivery.window),
        );
        return;
      case 'refused': {
        const provider = delivery.providerError
          ? ` ${vscode.l10n.t('The provider said: {0}', plainText(`${delivery.providerError.error}${delivery.providerError.description ? ` (${delivery.providerError.description})` : ''}`))}`
          : '';
        void vscode.window.showErrorMessage(refusalMessage(delivery.reason) + provider);
      }
    }
  }

  private timedOut(profile: Profile, method: SignInMethod): SignInError {
    const seconds = Math.round(this.deps.timeoutMs() / 1000);
    const waited = seconds < 120 ? vscode.l10n.t('{0} s', seconds) : vscode.l10n.t('{0} min', Math.round(seconds / 60));
    const actions: SignInAction[] = [];
    if (method !== 'loopback') actions.push({ title: vscode.l10n.t('Use a Loopback Redirect'), run: () => this.signIn(profile, { method: 'loopback' }) });
    if (method !== 'paste') actions.push({ title: vscode.l10n.t('Paste the Redirected URL'), run: () => this.signIn(profile, { method: 'paste' }) });
    // A desktop whose browser never handed the vscode:// link over: the OS has no handler registered.
    const desktopLink = method === 'uri' && !profile.redirectUri && vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
    const message = desktopLink
      ? vscode.l10n.t(
          'No redirect reached VS Code within {0}. If the browser showed the {1} approval and then nothing, this system has no handler registered for {2}:// links (VS Code unpacked from an archive, or a sandboxed browser). Use a loopback redirect or paste the redirected URL instead. Nothing was stored.',
          waited,
          profile.label,
          vscode.env.uriScheme,
        )
      : vscode.l10n.t('No redirect reached VS Code within {0}, so the sign-in to {1} was stopped. Nothing was stored.', waited, profile.label);
    return new SignInError(message, actions);
  }
}

/**
 * Opens the authorize URL with its query byte for byte. The workbench re-encodes a URL it has to
 * map first (a localhost URL in a remote or web window goes through a port forward), which turns the
 * `?`/`&` of an encoded `redirect_uri` into separators. So the mapping is asked for here, on the URL
 * without its query, and the query is put back as it was; the extension host's `openUri` takes the
 * string itself and opens it as given when there is nothing left to map.
 */
async function openExactly(url: string): Promise<boolean> {
  const parsed = new URL(url);
  const query = parsed.search;
  parsed.search = '';
  const external = new URL((await vscode.env.asExternalUri(vscode.Uri.parse(parsed.toString()))).toString(true));
  external.search = query;
  return vscode.env.openExternal(external.toString() as unknown as vscode.Uri);
}

function refusalMessage(reason: Exclude<Delivery, { kind: 'accepted' | 'handed-over' | 'other-window' }>['reason']): string {
  switch (reason) {
    case 'invalid':
      return vscode.l10n.t('Tokenwise refused a sign-in callback: it carries neither an authorization code nor an error. Nothing was stored.');
    case 'missing-state':
      return vscode.l10n.t('Tokenwise refused a sign-in callback without a state parameter: it cannot be matched to a sign-in you started. Nothing was stored.');
    case 'unknown-state':
      return vscode.l10n.t('Tokenwise refused a sign-in callback: no sign-in waiting in VS Code matches its state. Nothing was stored. If you started one, run Tokenwise: Sign In… again.');
    case 'reused-state':
      return vscode.l10n.t('Tokenwise refused a sign-in callback that was already used. Nothing was stored. Each sign-in link works once: run Tokenwise: Sign In… again.');
    case 'expired-state':
      return vscode.l10n.t('Tokenwise refused a sign-in callback that arrived after its sign-in ended (cancelled or timed out). Nothing was stored. Run Tokenwise: Sign In… again.');
  }
}
