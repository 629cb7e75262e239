import * as vscode from 'vscode';
import { resolveLang } from '../core/catalog/lang';
import type { Profile } from '../core/profiles';
import { formatDuration, timeLeft } from '../core/tokens';
import type { ProfileRegistry } from '../auth/profileRegistry';
import type { TokenManager } from '../auth/tokenManager';
import { canRenewInBackground, tokenStatus, type TokenSnapshot, type TokenStatus } from '../auth/tokenState';
import { Commands, type CommandId } from '../commands/ids';

/** How one profile's token state looks: icon, short text, sentence, colour. Shared by the status bar and quick picks. */
export interface StatusView {
  readonly status: TokenStatus;
  /** Codicon id, e.g. `key` or `sync~spin`. */
  readonly icon: string;
  /** A few words for the status bar: `23h 59m`, `Expired`. */
  readonly short: string;
  /** A sentence for tooltips, quick picks and screen readers. */
  readonly sentence: string;
  /** `statusBarItem.warningBackground` / `statusBarItem.errorBackground`, or none. */
  readonly background?: string;
}

const ICONS: Record<TokenStatus, string> = {
  loading: 'loading~spin',
  'signed-out': 'account',
  valid: 'key',
  expiring: 'watch',
  refreshing: 'sync~spin',
  expired: 'clock',
  offline: 'debug-disconnect',
  failed: 'error',
  'sign-in-required': 'sign-in',
};

/** The profile the status bar shows and quick picks offer first (see ProfileRegistry.active). */
export function activeProfile(profiles: ProfileRegistry, tokens: TokenManager): Profile {
  return profiles.active((id) => {
    const snapshot = tokens.snapshot(id);
    return snapshot.tokens !== undefined || snapshot.hasCredentials;
  });
}

const WARNING = 'statusBarItem.warningBackground';
const ERROR = 'statusBarItem.errorBackground';

export function statusView(profile: Profile, snapshot: TokenSnapshot, now: number): StatusView {
  const status = tokenStatus(profile, snapshot, now);
  const left = snapshot.tokens ? timeLeft(snapshot.tokens, now) : undefined;
  const duration = left !== undefined ? formatDuration(left) : undefined;
  const problem = snapshot.problem ? snapshot.problem.message[resolveLang(vscode.env.language)] : undefined;
  const icon = ICONS[status];
  switch (status) {
    case 'loading':
      return { status, icon, short: vscode.l10n.t('Loading…'), sentence: vscode.l10n.t('Reading the stored tokens…') };
    case 'signed-out':
      return {
        status,
        icon,
        short: vscode.l10n.t('Signed out'),
        sentence: snapshot.hasCredentials ? vscode.l10n.t('No token yet.') : vscode.l10n.t('No client credentials or token yet.'),
      };
    case 'valid':
      return duration
        ? { status, icon, short: duration, sentence: vscode.l10n.t('Valid for {0}.', duration) }
        : { status, icon, short: vscode.l10n.t('Valid'), sentence: vscode.l10n.t('Valid; the server did not say for how long.') };
    case 'expiring':
      return { status, icon, short: duration ?? '', sentence: vscode.l10n.t('Expires soon: in {0}.', duration ?? '?'), background: WARNING };
    case 'refreshing':
      return { status, icon, short: vscode.l10n.t('Refreshing…'), sentence: vscode.l10n.t('Getting a new access token…') };
    case 'expired':
      return { status, icon, short: vscode.l10n.t('Expired'), sentence: vscode.l10n.t('Expired {0} ago.', duration ?? '?'), background: ERROR };
    case 'offline': {
      // Only a background-renewable profile retries by itself; a client-credentials token waits to be asked for.
      const retryAt = canRenewInBackground(profile, snapshot) ? snapshot.problem?.retryAt : undefined;
      const retry = retryAt !== undefined ? formatDuration(Math.max(0, retryAt - now)) : undefined;
      const validity = left !== undefined && left > 0 ? ` ${vscode.l10n.t('The current token is valid for {0}.', duration!)}` : '';
      return {
        status,
        icon,
        short: left !== undefined && left > 0 ? vscode.l10n.t('Offline ({0})', duration!) : vscode.l10n.t('Offline'),
        sentence: (retry ? vscode.l10n.t('Could not reach the token server; next try in {0}.', retry) : vscode.l10n.t('Could not reach the token server.')) + validity,
        background: WARNING,
      };
    }
    case 'failed':
      return { status, icon, short: vscode.l10n.t('Failed'), sentence: problem ?? vscode.l10n.t('The last renewal failed.'), background: ERROR };
    case 'sign-in-required':
      return {
        status,
        icon,
        short: vscode.l10n.t('Sign-in required'),
        sentence: problem ?? vscode.l10n.t('The token cannot be renewed: sign in again.'),
        background: ERROR,
      };
  }
}

export interface ProfileAction {
  readonly command: CommandId;
  readonly icon: string;
  readonly label: string;
}

/** The actions that make sense in a state, most useful first: the status bar's quick pick and tooltip links. */
export function actionsFor(profile: Profile, snapshot: TokenSnapshot, status: TokenStatus): ProfileAction[] {
  const cc = profile.grant === 'client_credentials';
  const hasTokens = snapshot.tokens !== undefined;
  const renew: ProfileAction = cc
    ? { command: Commands.requestClientCredentialsToken, icon: 'cloud-download', label: vscode.l10n.t('Request New Token') }
    : { command: Commands.refreshAccessToken, icon: 'refresh', label: vscode.l10n.t('Refresh Now') };
  const canRenew = snapshot.hasCredentials && (cc || (profile.refresh && snapshot.tokens?.refreshToken !== undefined));
  const credentials: ProfileAction = { command: Commands.setClientCredentials, icon: 'key', label: vscode.l10n.t('Set Client Credentials…') };
  const actions: ProfileAction[] = [];
  if (status === 'failed' && snapshot.problem?.credentials) actions.push(credentials);
  // An authorization-code profile without a usable token: signing in is the one thing to do.
  const signInFirst = !cc && (status === 'signed-out' || status === 'sign-in-required' || (status === 'expired' && !canRenew));
  if (signInFirst) actions.push({ command: Commands.signIn, icon: 'sign-in', label: vscode.l10n.t('Sign In…') });
  if (canRenew && status !== 'refreshing' && status !== 'sign-in-required') actions.push(renew);
  if (hasTokens && status !== 'expired' && status !== 'sign-in-required') {
    actions.push(
      { command: Commands.copyAccessToken, icon: 'copy', label: vscode.l10n.t('Copy Access Token') },
      { command: Commands.copyAuthorizationHeader, icon: 'copy', label: vscode.l10n.t('Copy Authorization Header') },
    );
  }
  if (hasTokens) actions.push({ command: Commands.showTokenDetails, icon: 'info', label: vscode.l10n.t('Show Token Details') });
  if (!actions.includes(credentials)) actions.push(credentials);
  if (!cc && !signInFirst) actions.push({ command: Commands.signIn, icon: 'sign-in', label: vscode.l10n.t('Sign In Again…') });
  if (!cc) actions.push({ command: Commands.showCallbackUrl, icon: 'link', label: vscode.l10n.t('Show Callback URL') });
  if (hasTokens) {
    if (profile.endpoints.revoke) actions.push({ command: Commands.revokeToken, icon: 'circle-slash', label: vscode.l10n.t('Revoke Token') });
    actions.push({ command: Commands.signOut, icon: 'sign-out', label: vscode.l10n.t('Sign Out') });
  }
  actions.push(
    { command: Commands.switchActiveProfile, icon: 'arrow-swap', label: vscode.l10n.t('Switch Active Profile…') },
    { command: Commands.showLog, icon: 'output', label: vscode.l10n.t('Show Log') },
  );
  return actions;
}
