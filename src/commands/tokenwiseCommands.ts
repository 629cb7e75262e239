import * as vscode from 'vscode';
import { SecretStorageUnavailableError } from '../auth/secretStore';
import type { TokenSnapshot } from '../auth/tokenState';
import type { Profile } from '../core/profiles';
import { Disposable } from '../util/lifecycle';
import { pickProfile, reportError, type CommandContext } from './context';
import { promptCredentials } from './credentials';
import { Commands } from './ids';
import { addProfile, showLog, switchActiveProfile } from './profileCommands';
import { showCallbackUrl, signIn } from './signInCommands';
import { copyAccessToken, copyAuthorizationHeader, refreshToken, requestToken, revokeToken, signOut } from './tokenCommands';
import { TokenDetailsProvider } from './tokenDetails';

interface ProfileCommand {
  readonly id: string;
  readonly title: () => string;
  /** Which profiles the quick pick offers when no profile id is given. */
  readonly fits?: (profile: Profile, snapshot: TokenSnapshot) => boolean;
  /** Said when no profile fits. */
  readonly none?: () => string;
  readonly run: (profile: Profile) => Promise<unknown>;
}

const hasTokens = (_profile: Profile, snapshot: TokenSnapshot) => snapshot.tokens !== undefined;
const canGetToken = (profile: Profile, snapshot: TokenSnapshot) => snapshot.tokens !== undefined || (profile.grant === 'client_credentials' && snapshot.hasCredentials);

/**
 * Registers the Tokenwise commands. Each takes an optional profile id (quick fixes and other
 * extensions pass one); without it the user picks, or the only profile that fits is used. Errors are
 * shown here, in the user's language, and never escape as the workbench's generic failure.
 */
export class TokenwiseCommands extends Disposable {
  private readonly details: TokenDetailsProvider;

  constructor(private readonly context: CommandContext) {
    super();
    this.details = this._register(new TokenDetailsProvider(context.profiles, context.tokens));
    const noTokens = () => vscode.l10n.t('No API profile has tokens yet.');
    const authorizationCode = (profile: Profile) => profile.grant === 'authorization_code';
    const noAuthorizationCode = () => vscode.l10n.t('No API profile uses the authorization-code grant: sign-in is not needed.');
    const commands: ProfileCommand[] = [
      { id: Commands.signIn, title: () => vscode.l10n.t('Sign In'), fits: authorizationCode, none: noAuthorizationCode, run: (profile) => signIn(context, profile) },
      {
        id: Commands.showCallbackUrl,
        title: () => vscode.l10n.t('Show Callback URL'),
        fits: authorizationCode,
        none: noAuthorizationCode,
        run: (profile) => showCallbackUrl(context, profile),
      },
      { id: Commands.setClientCredentials, title: () => vscode.l10n.t('Set Client Credentials'), run: (profile) => promptCredentials(context, profile) },
      {
        id: Commands.requestClientCredentialsToken,
        title: () => vscode.l10n.t('Request Client-Credentials Token'),
        fits: (profile) => profile.grant === 'client_credentials',
        none: () => vscode.l10n.t('No API profile uses the client-credentials grant.'),
        run: async (profile) => {
          // First use: ask for the credentials, then request the token.
          if (!(await context.tokens.ready(profile.id)).hasCredentials && !(await promptCredentials(context, profile))) return;
          await requestToken(context, profile);
        },
      },
      { id: Commands.refreshAccessToken, title: () => vscode.l10n.t('Refresh Access Token'), fits: canGetToken, none: noTokens, run: (profile) => refreshToken(context, profile) },
      { id: Commands.signOut, title: () => vscode.l10n.t('Sign Out'), fits: hasTokens, none: noTokens, run: (profile) => signOut(context, profile) },
      {
        id: Commands.revokeToken,
        title: () => vscode.l10n.t('Revoke Token'),
        fits: (profile, snapshot) => hasTokens(profile, snapshot) && profile.endpoints.revoke !== undefined,
        none: () => vscode.l10n.t('No API profile has a token that can be revoked.'),
        run: (profile) => revokeToken(context, profile),
      },
      { id: Commands.copyAccessToken, title: () => vscode.l10n.t('Copy Access Token'), fits: canGetToken, none: noTokens, run: (profile) => copyAccessToken(context, profile) },
      {
        id: Commands.copyAuthorizationHeader,
        title: () => vscode.l10n.t('Copy Authorization Header'),
        fits: canGetToken,
        none: noTokens,
        run: (profile) => copyAuthorizationHeader(context, profile),
      },
      { id: Commands.showTokenDetails, title: () => vscode.l10n.t('Show Token Details'), fits: hasTokens, none: noTokens, run: (profile) => this.details.show(profile) },
    ];
    for (const command of commands) {
      this._register(vscode.commands.registerCommand(command.id, (argument?: unknown) => this.runForProfile(command, argument)));
    }
    this._register(vscode.commands.registerCommand(Commands.switchActiveProfile, (argument?: unknown) => this.guard(() => switchActiveProfile(context, argument))));
    this._register(vscode.commands.registerCommand(Commands.addProfile, (argument?: unknown) => this.guard(() => addProfile(context, argument))));
    this._register(vscode.commands.registerCommand(Commands.showLog, () => showLog(context)));
    this._register(
      vscode.commands.registerCommand(Commands.switchSignInMethod, (method?: unknown) => {
        if (method === 'uri' || method === 'loopback' || method === 'paste') context.signIn.switchMethod(method);
      }),
    );
  }

  private async runForProfile(command: ProfileCommand, argument: unknown): Promise<void> {
    let profile: Profile | undefined;
    try {
      if (argument === undefined || argument === '') {
        // The pick filters on stored state: read it first (at once unless the window just opened).
        const failures = await Promise.all(this.context.profiles.all().map((candidate) => this.context.tokens.ready(candidate.id).then(() => undefined, (error: unknown) => error)));
        const unreadable = failures.find((error) => error instanceof SecretStorageUnavailableError);
        // Without the keyring nothing is known about stored tokens: say that, not "no profile has tokens".
        if (unreadable && command.fits && !this.context.profiles.all().some((candidate) => command.fits!(candidate, this.context.tokens.snapshot(candidate.id)))) {
          throw unreadable;
        }
      }
      profile = await pickProfile(this.context, argument, {
        title: command.title(),
        ...(command.fits ? { fits: (candidate: Profile) => command.fits!(candidate, this.context.tokens.snapshot(candidate.id)) } : {}),
        ...(command.none ? { none: command.none() } : {}),
      });
      if (profile) await command.run(profile);
    } catch (error) {
      reportError(this.context, error, profile);
    }
  }

  private async guard(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      reportError(this.context, error);
    }
  }
}
