import * as vscode from 'vscode';
import { TokenError } from '../auth/tokenState';
import type { Profile } from '../core/profiles';
import { formatDuration, needsRefresh, timeLeft, type TokenSet } from '../core/tokens';
import { withCancellableProgress } from '../ui/progress';
import { info, type CommandContext } from './context';

/** Token operations behind the commands. Each takes a resolved profile; errors go back to the caller. */

export function validFor(tokens: TokenSet): string {
  const left = timeLeft(tokens, Date.now());
  return left === undefined ? '' : ` ${vscode.l10n.t('Valid for {0}.', formatDuration(left))}`;
}

export async function requestToken(context: CommandContext, profile: Profile): Promise<void> {
  if (profile.grant !== 'client_credentials') throw new TokenError('wrong-grant', profile.id, profile.label);
  const tokens = await withCancellableProgress(vscode.l10n.t('Requesting a token for {0}…', profile.label), (signal) =>
    context.tokens.requestClientCredentialsToken(profile.id, { signal }),
  );
  info(vscode.l10n.t('New access token for {0}.', profile.label) + validFor(tokens));
}

export async function refreshToken(context: CommandContext, profile: Profile): Promise<void> {
  const tokens = await withCancellableProgress(vscode.l10n.t('Refreshing the access token of {0}…', profile.label), (signal) =>
    context.tokens.refresh(profile.id, { signal }),
  );
  info(vscode.l10n.t('Access token of {0} refreshed.', profile.label) + validFor(tokens));
}

export async function signOut(context: CommandContext, profile: Profile): Promise<void> {
  const outcome = await withCancellableProgress(vscode.l10n.t('Signing out of {0}…', profile.label), (signal) =>
    context.tokens.signOut(profile.id, { signal }),
  );
  switch (outcome) {
    case 'no-tokens':
      return info(vscode.l10n.t('There are no tokens of {0} to sign out of.', profile.label));
    case 'revoked':
      return info(vscode.l10n.t('Signed out of {0}: the token was revoked at the provider and removed from this computer.', profile.label));
    case 'forgotten':
      return info(
        profile.endpoints.revoke
          ? vscode.l10n.t('Signed out of {0}: the tokens were removed from this computer, but could not be revoked at the provider (see the log). They stay valid there until they expire.', profile.label)
          : vscode.l10n.t('Signed out of {0}: the tokens were removed from this computer. {0} has no revocation endpoint, so the access token stays valid at the provider until it expires.', profile.label),
      );
  }
}

export async function revokeToken(context: CommandContext, profile: Profile): Promise<void> {
  if (!profile.endpoints.revoke) throw new TokenError('no-revoke-endpoint', profile.id, profile.label);
  const outcome = await withCancellableProgress(vscode.l10n.t('Revoking the token of {0}…', profile.label), (signal) =>
    context.tokens.signOut(profile.id, { signal, requireRevoke: true }),
  );
  info(
    outcome === 'no-tokens'
      ? vscode.l10n.t('There is no token of {0} to revoke.', profile.label)
      : vscode.l10n.t('The token of {0} was revoked at the provider and removed from this computer.', profile.label),
  );
}

/** A valid token, renewed first when needed (a progress notification only when the network is involved). */
async function validTokens(context: CommandContext, profile: Profile): Promise<TokenSet> {
  const snapshot = await context.tokens.ready(profile.id);
  if (snapshot.tokens && !needsRefresh(snapshot.tokens, Date.now(), profile.refreshBeforeSeconds)) return snapshot.tokens;
  return withCancellableProgress(vscode.l10n.t('Getting a valid access token for {0}…', profile.label), (signal) =>
    context.tokens.getTokens(profile.id, { signal }),
  );
}

export async function copyAccessToken(context: CommandContext, profile: Profile): Promise<void> {
  const tokens = await validTokens(context, profile);
  await vscode.env.clipboard.writeText(tokens.accessToken);
  info(vscode.l10n.t('Access token of {0} copied to the clipboard.', profile.label) + validFor(tokens));
}

export async function copyAuthorizationHeader(context: CommandContext, profile: Profile): Promise<void> {
  const tokens = await validTokens(context, profile);
  // RFC 6750 names the scheme `Bearer`; a server's lower-case `bearer` token_type means the same.
  const scheme = !tokens.tokenType || /^bearer$/i.test(tokens.tokenType) ? 'Bearer' : tokens.tokenType;
  await vscode.env.clipboard.writeText(`Authorization: ${scheme} ${tokens.accessToken}`);
  info(vscode.l10n.t('Authorization header for {0} copied to the clipboard.', profile.label) + validFor(tokens));
}
