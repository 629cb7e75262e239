import * as vscode from 'vscode';
import type { ProfileRegistry } from '../auth/profileRegistry';
import { SignInError, type SignInService } from '../auth/signIn';
import { SecretStorageUnavailableError } from '../auth/secretStore';
import type { TokenManager } from '../auth/tokenManager';
import { isCancellation, localizedMessage, TokenError } from '../auth/tokenState';
import { resolveLang } from '../core/catalog/lang';
import type { Lang } from '../core/catalog/types';
import { isOAuthError, requiresCredentials, requiresSignIn } from '../core/oauth/errors';
import type { Profile } from '../core/profiles';
import type { Log } from '../log';
import { activeProfile, statusView } from '../ui/tokenStatusView';
import { Commands } from './ids';

/** What every command handler needs. */
export interface CommandContext {
  readonly profiles: ProfileRegistry;
  readonly tokens: TokenManager;
  readonly signIn: SignInService;
  readonly log: Log;
}

export function displayLang(): Lang {
  return resolveLang(vscode.env.language);
}

/**
 * The profile a command acts on: the argument when one is given (quick fixes, other extensions),
 * the only profile that fits, or the user's pick with the active profile first. Undefined when the
 * user dismissed the pick or nothing fits (already said).
 */
export async function pickProfile(
  context: CommandContext,
  argument: unknown,
  options: { readonly title: string; readonly fits?: (profile: Profile) => boolean; readonly none?: string },
): Promise<Profile | undefined> {
  if (typeof argument === 'string' && argument !== '') {
    const profile = context.profiles.get(argument);
    if (!profile) throw new TokenError('unknown-profile', argument);
    return profile;
  }
  const candidates = context.profiles.all().filter((profile) => options.fits?.(profile) ?? true);
  if (candidates.length === 0) {
    if (options.none) void vscode.window.showInformationMessage(options.none);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const active = activeProfile(context.profiles, context.tokens);
  const now = Date.now();
  const items = candidates
    .sort((a, b) => Number(b.id === active.id) - Number(a.id === active.id))
    .map((profile) => {
      const view = statusView(profile, context.tokens.snapshot(profile.id), now);
      return { label: `$(${view.icon}) ${profile.label}`, description: profile.id, detail: view.sentence, profile };
    });
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: vscode.l10n.t('Choose an API profile'), matchOnDescription: true });
  return picked?.profile;
}

/**
 * Tells the user what went wrong, in their language, with the step that fixes it as a button.
 * Cancellation is silent. Messages come from the catalogue or the error's own summary: never a token.
 */
export function reportError(context: CommandContext, error: unknown, profile?: Profile): void {
  if (isCancellation(error)) return;
  const lang = displayLang();
  const message = error instanceof SecretStorageUnavailableError ? error.message : localizedMessage(error)[lang];
  context.log.warn('commands', localizedMessage(error).en);
  const buttons: { title: string; run: () => unknown }[] = [];
  const needsCredentials = (error instanceof TokenError && error.reason === 'no-credentials') || requiresCredentials(error);
  if (needsCredentials && profile) {
    buttons.push({ title: vscode.l10n.t('Set Client Credentials'), run: () => vscode.commands.executeCommand(Commands.setClientCredentials, profile.id) });
  }
  if (error instanceof SignInError) buttons.push(...error.actions);
  const fixes = isOAuthError(error) ? (error.entry?.fixes ?? []) : [];
  if (profile && (fixes.includes('signIn') || requiresSignIn(error)) && profile.grant === 'authorization_code') {
    buttons.push({ title: vscode.l10n.t('Sign In Again'), run: () => vscode.commands.executeCommand(Commands.signIn, profile.id) });
  }
  if (profile && fixes.includes('copyCallbackUrl')) {
    buttons.push({ title: vscode.l10n.t('Copy Callback URL'), run: () => vscode.commands.executeCommand(Commands.showCallbackUrl, profile.id) });
  }
  const fix = isOAuthError(error) && error.entry ? ` ${error.entry.fix[lang]}` : '';
  buttons.push({ title: vscode.l10n.t('Show Log'), run: () => context.log.show() });
  // Not awaited: a command must not wait for the user to dismiss a notification.
  void vscode.window.showErrorMessage(`${message}${fix}`, ...buttons.map((button) => button.title)).then((choice) => {
    void buttons.find((button) => button.title === choice)?.run();
  });
}

export function info(message: string): void {
  void vscode.window.showInformationMessage(message);
}
