/**
 * What the token manager knows about one profile, and the status derived from it. Plain TypeScript
 * (no `vscode` at run time): the status bar, the Accounts menu and the unit tests read the same rules.
 */
import type { Localized } from '../core/catalog/types';
import { isOAuthError } from '../core/oauth/errors';
import type { Profile } from '../core/profiles';
import { isExpired, needsRefresh, type TokenSet } from '../core/tokens';

export type TokenStatus =
  | 'loading' // secrets not read yet
  | 'signed-out' // no tokens
  | 'valid'
  | 'expiring' // inside the renewal margin
  | 'refreshing'
  | 'expired'
  | 'offline' // the last renewal could not reach the server; a retry is scheduled
  | 'failed' // the last renewal was refused, or the keyring failed
  | 'sign-in-required'; // the refresh token is gone or invalid

export type ProblemKind = 'offline' | 'failed' | 'sign-in-required' | 'storage';

/** Why the last renewal (or the secret storage) failed, for the status bar and the error messages. */
export interface TokenProblem {
  readonly kind: ProblemKind;
  readonly message: Localized;
  /** Epoch ms of the next automatic attempt (offline only). */
  readonly retryAt?: number;
  /** The client id or secret was refused: updating the credentials is the fix. */
  readonly credentials?: boolean;
}

/** One profile's state as the rest of the extension sees it. Holds tokens: never log or show it as is. */
export interface TokenSnapshot {
  readonly profileId: string;
  /** False until the secrets were read once. */
  readonly loaded: boolean;
  readonly tokens?: TokenSet;
  readonly clientId?: string;
  readonly hasCredentials: boolean;
  readonly sessionId?: string;
  readonly refreshing: boolean;
  readonly problem?: TokenProblem;
}

/** True when the access token can be renewed in the background, without the user. */
export function canRenewInBackground(profile: Profile, snapshot: TokenSnapshot): boolean {
  return (
    profile.grant === 'authorization_code' &&
    profile.refresh &&
    snapshot.hasCredentials &&
    snapshot.tokens?.refreshToken !== undefined &&
    snapshot.problem?.kind !== 'sign-in-required'
  );
}

export function tokenStatus(profile: Profile, snapshot: TokenSnapshot, now: number): TokenStatus {
  const problem = snapshot.problem?.kind;
  if (problem === 'storage') return 'failed';
  if (!snapshot.loaded) return 'loading';
  if (snapshot.refreshing) return 'refreshing';
  if (problem === 'sign-in-required') return 'sign-in-required';
  const tokens = snapshot.tokens;
  if (!tokens) return problem === 'offline' || problem === 'failed' ? problem : 'signed-out';
  if (problem === 'offline' || problem === 'failed') return problem;
  if (isExpired(tokens, now)) {
    // An authorization-code token that cannot be refreshed only comes back through a new sign-in.
    const refreshable = profile.grant === 'client_credentials' || (profile.refresh && tokens.refreshToken !== undefined);
    return refreshable ? 'expired' : 'sign-in-required';
  }
  return needsRefresh(tokens, now, profile.refreshBeforeSeconds) ? 'expiring' : 'valid';
}

/** The moment the status would change by itself (expiring, expired), for the status bar's timer. */
export function nextStatusChange(profile: Profile, tokens: TokenSet, now: number): number | undefined {
  if (tokens.expiresAt === undefined) return undefined;
  const due = renewalDueAt(profile, tokens);
  if (due !== undefined && now < due) return due;
  return now < tokens.expiresAt ? tokens.expiresAt : undefined;
}

/** When `needsRefresh` turns true: the margin, capped at half the lifetime (see core/tokens). */
export function renewalDueAt(profile: Profile, tokens: TokenSet): number | undefined {
  if (tokens.expiresAt === undefined) return undefined;
  const lifetime = tokens.expiresAt - tokens.issuedAt;
  return tokens.expiresAt - Math.min(profile.refreshBeforeSeconds * 1000, Math.max(0, lifetime / 2));
}

// ---- errors the manager raises itself (the network's are OAuthErrors)

export type TokenErrorReason =
  | 'unknown-profile'
  | 'no-credentials'
  | 'signed-out'
  | 'not-renewable'
  | 'sign-in-required'
  | 'no-revoke-endpoint'
  | 'wrong-grant'
  | 'cancelled';

const MESSAGES: Record<TokenErrorReason, Localized> = {
  'unknown-profile': { en: 'There is no Tokenwise profile "{0}".', 'pt-BR': 'Não existe um perfil do Tokenwise "{0}".' },
  'no-credentials': {
    en: 'No client credentials are stored for {0}: set the client ID and secret first.',
    'pt-BR': 'Não há credenciais de cliente guardadas para {0}: defina primeiro o client ID e o secret.',
  },
  'signed-out': { en: 'You are not signed in to {0}.', 'pt-BR': 'Você não está conectado a {0}.' },
  'not-renewable': {
    en: '{0} has no refresh token: its access token cannot be renewed without signing in again.',
    'pt-BR': '{0} não tem refresh token: o access token não pode ser renovado sem entrar de novo.',
  },
  'sign-in-required': {
    en: 'The refresh token of {0} is invalid or was revoked: sign in again.',
    'pt-BR': 'O refresh token de {0} é inválido ou foi revogado: entre de novo.',
  },
  'no-revoke-endpoint': {
    en: '{0} has no revocation endpoint: the token can only be forgotten on this computer, and stays valid at the provider until it expires.',
    'pt-BR': '{0} não tem endpoint de revogação: o token só pode ser esquecido neste computador e continua válido no provedor até expirar.',
  },
  'wrong-grant': {
    en: '{0} uses the authorization-code grant: it cannot request client-credentials tokens.',
    'pt-BR': '{0} usa o grant authorization code: não pode solicitar tokens client credentials.',
  },
  cancelled: { en: 'Cancelled.', 'pt-BR': 'Cancelado.' },
};

/** A token operation that cannot go on, with a message in every shipped language. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly summary: Localized;

  constructor(
    readonly reason: TokenErrorReason,
    readonly profileId: string,
    label: string = profileId,
  ) {
    const fill = (text: string) => text.replace('{0}', label);
    const summary = { en: fill(MESSAGES[reason].en), 'pt-BR': fill(MESSAGES[reason]['pt-BR']) };
    super(summary.en);
    this.summary = summary;
  }
}

export function isCancellation(error: unknown): boolean {
  return (error instanceof TokenError && error.reason === 'cancelled') || (isOAuthError(error) && error.kind === 'cancelled');
}

/** The message of any error in both languages: the catalogue's summary where there is one. */
export function localizedMessage(error: unknown): Localized {
  if (error instanceof TokenError || isOAuthError(error)) return error.summary;
  const text = error instanceof Error ? error.message : String(error);
  return { en: text, 'pt-BR': text };
}
