import * as vscode from 'vscode';
import type { SignInMethod } from '../auth/signIn';
import type { Profile } from '../core/profiles';
import { info, type CommandContext } from './context';
import { validFor } from './tokenCommands';

/** Sign In and Show Callback URL. Errors go back to the caller, which reports them. */

export async function signIn(context: CommandContext, profile: Profile, method?: SignInMethod): Promise<void> {
  const tokens = await context.signIn.signIn(profile, method ? { method } : {});
  if (tokens) info(vscode.l10n.t('Signed in to {0}.', profile.label) + validFor(tokens));
}

/** Copies the URL to register at the provider, and says what to do with it. */
export async function showCallbackUrl(context: CommandContext, profile: Profile): Promise<void> {
  const url = await context.signIn.callbackUrl(profile);
  await vscode.env.clipboard.writeText(url);
  const rdStation = profile.preset === 'rdstation-marketing' ? ` ${vscode.l10n.t('RD Station can take up to an hour to accept a changed callback URL: if sign-in fails with an invalid redirect URI right after the change, wait and try again.')}` : '';
  // vscode:// (desktop) and http:// (web, remote) alike: RD Station's App Store takes https only.
  const web = !url.startsWith('https://') && !profile.redirectUri
    ? ` ${vscode.l10n.t('Providers that accept only https callbacks need the relay page (media/relay.html in the extension) hosted at an https URL, set as the profile\'s "redirectUri".')}`
    : '';
  info(vscode.l10n.t('Callback URL of {0} copied: {1}. Register it as the redirect URL of your app at {0}.', profile.label, url) + rdStation + web);
}
