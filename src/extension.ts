import * as vscode from 'vscode';
import { AuthenticationProviders } from './auth/authProvider';
import { ProfileRegistry } from './auth/profileRegistry';
import { SecretStore } from './auth/secretStore';
import { SignInService } from './auth/signIn';
import { SignInRegistry } from './auth/signInRegistry';
import { TokenManager } from './auth/tokenManager';
import { CallbackUriHandler } from './auth/uriHandler';
import { TokenwiseCommands } from './commands/tokenwiseCommands';
import { promptCredentials } from './commands/credentials';
import { proxySettings, signInTimeoutMs } from './config';
import type { CodeCacheState } from './codeCache';
import { closeNet } from './core/oauth/transport';
import { ResponseCodeActionProvider } from './editor/codeActions';
import { DiagnosticsController } from './editor/diagnostics';
import { ResponseHoverProvider } from './editor/hoverProvider';
import { ResponseAnalyzer } from './editor/responseAnalyzer';
import { Log } from './log';
import { StatusBarController } from './ui/statusBar';
import { StorageProblemNotice } from './ui/storageNotice';
import { statusView } from './ui/tokenStatusView';
import { WalkthroughProgress } from './ui/walkthrough';

/** Handles for the extension-host tests; returned by `activate()` only in `ExtensionMode.Test`. */
export interface TokenwiseTestHooks {
  readonly tokens: TokenManager;
  readonly secrets: SecretStore;
  readonly profiles: ProfileRegistry;
  readonly statusBar: StatusBarController;
  readonly authProviders: AuthenticationProviders;
  readonly signIn: SignInService;
  readonly signInRegistry: SignInRegistry;
  /** A second store over the same SecretStorage, as a new window (or a reload) would build. */
  newSecretStore(): SecretStore;
  /** Another window's sign-in registry over the same SecretStorage. */
  newSignInRegistry(windowName: string): SignInRegistry;
  /** The extension's log folder; the Tokenwise output channel writes its file near it. */
  readonly logUri: vscode.Uri;
  /** The Tokenwise output channel's current level (tests search the log at trace level). */
  logLevel(): vscode.LogLevel;
  /** Where the tests look for secrets that must not be there. */
  readonly globalState: vscode.Memento;
  readonly workspaceState: vscode.Memento;
  readonly globalStorageUri: vscode.Uri;
  /** What boot.ts found of the V8 code cache when it loaded this bundle. */
  readonly codeCache: CodeCacheState | undefined;
}

/** What boot.ts, which loads this bundle, tells it. */
export interface Startup {
  readonly codeCache: CodeCacheState;
}

/** Builds the services and registers them; no network or disk work is awaited here. */
export function activate(context: vscode.ExtensionContext, startup?: Startup): { testHooks: TokenwiseTestHooks } | undefined {
  const started = performance.now();
  const log = new Log();
  const analyzer = new ResponseAnalyzer();
  const secrets = new SecretStore(context.secrets);
  const profiles = new ProfileRegistry(log);
  const tokens = new TokenManager({
    storage: secrets,
    profiles,
    log,
    clientOptions: () => ({ proxy: proxySettings() }),
    onDidChangeWindowFocus: (listener, thisArgs, disposables) =>
      vscode.window.onDidChangeWindowState((state) => listener.call(thisArgs, state.focused), undefined, disposables),
  });
  // Registered now: a callback that starts the extension must find its handler.
  const uriHandler = new CallbackUriHandler();
  const windowName = () => vscode.workspace.name ?? vscode.l10n.t('(no folder open)');
  const signInRegistry = new SignInRegistry(context.secrets, windowName, log);
  const signIn: SignInService = new SignInService({
    tokens,
    registry: signInRegistry,
    uriHandler,
    log,
    extensionId: context.extension.id,
    promptCredentials: (profile) => promptCredentials(commandContext, profile),
    timeoutMs: signInTimeoutMs,
  });
  const commandContext = { profiles, tokens, signIn, log };
  const commands = new TokenwiseCommands(commandContext);
  const authProviders = new AuthenticationProviders(profiles, tokens, (profile) => promptCredentials(commandContext, profile), (profile) => signIn.signIn(profile), log);
  const statusBar = new StatusBarController(profiles, tokens);
  context.subscriptions.push(
    log,
    analyzer,
    secrets,
    profiles,
    tokens,
    uriHandler,
    signInRegistry,
    signIn,
    commands,
    authProviders,
    statusBar,
    new StorageProblemNotice(tokens, () => log.show()),
    new WalkthroughProgress(profiles, tokens),
    new DiagnosticsController(analyzer, log),
    new ResponseHoverProvider(analyzer, (profileId) => {
      const profile = profiles.get(profileId);
      return profile && { label: profile.label, sentence: statusView(profile, tokens.snapshot(profileId), Date.now()).sentence };
    }),
    new ResponseCodeActionProvider(analyzer),
  );
  log.debug('extension', `activated in ${(performance.now() - started).toFixed(1)} ms (code cache: ${startup?.codeCache ?? 'not loaded by boot.ts'})`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    testHooks: {
      tokens,
      secrets,
      profiles,
      statusBar,
      authProviders,
      signIn,
      signInRegistry,
      newSecretStore: () => new SecretStore(context.secrets),
      newSignInRegistry: (name) => new SignInRegistry(context.secrets, () => name, log),
      logUri: context.logUri,
      logLevel: () => log.level,
      globalState: context.globalState,
      workspaceState: context.workspaceState,
      globalStorageUri: context.globalStorageUri,
      codeCache: startup?.codeCache,
    },
  };
}

export function deactivate(): Promise<void> {
  // Everything else is owned by context.subscriptions; pooled connections are closed here.
  return closeNet();
}
