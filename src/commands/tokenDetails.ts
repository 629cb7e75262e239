import * as vscode from 'vscode';
import type { ProfileRegistry } from '../auth/profileRegistry';
import type { TokenManager } from '../auth/tokenManager';
import { tokenStatus, type TokenSnapshot } from '../auth/tokenState';
import { resolveLang } from '../core/catalog/lang';
import type { Lang } from '../core/catalog/types';
import type { Profile } from '../core/profiles';
import { fingerprint } from '../core/redact';
import { decodeJwt, formatDuration, timeLeft } from '../core/tokens';
import { Disposable } from '../util/lifecycle';

const SCHEME = 'tokenwise-details';

/**
 * Token details as a read-only JSON document (a virtual document: nothing is written to disk or the
 * workspace): expiry, issue time, scopes, JWT header and claims. Never the token or its signature:
 * a fingerprint tells tokens apart.
 */
export class TokenDetailsProvider extends Disposable implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly profiles: ProfileRegistry,
    private readonly tokens: TokenManager,
  ) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  /** Each show gets its own URI (the query): the host keeps a closed document's content for a while and would show that. */
  private shown = 0;

  async show(profile: Profile): Promise<void> {
    await this.tokens.ready(profile.id);
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${profile.id}/token-details.json`, query: `v=${++this.shown}` });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const profileId = uri.path.split('/')[1] ?? '';
    const profile = this.profiles.get(profileId);
    if (!profile) return '{}\n';
    return `${JSON.stringify(tokenDetails(profile, this.tokens.snapshot(profileId), Date.now(), resolveLang(vscode.env.language)), null, 2)}\n`;
  }
}

/** The details object; exported for tests. */
export function tokenDetails(profile: Profile, snapshot: TokenSnapshot, now: number, lang: Lang): Record<string, unknown> {
  const tokens = snapshot.tokens;
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const left = tokens ? timeLeft(tokens, now) : undefined;
  const jwt = tokens ? decodeJwt(tokens.accessToken) : undefined;
  const claimTimes = (payload: Record<string, unknown>) =>
    Object.fromEntries(
      ['iat', 'nbf', 'exp', 'auth_time']
        .filter((claim) => typeof payload[claim] === 'number')
        .map((claim) => [claim, new Date((payload[claim] as number) * 1000).toISOString()]),
    );
  return {
    profile: profile.id,
    label: profile.label,
    grant: profile.grant,
    status: tokenStatus(profile, snapshot, now),
    clientId: snapshot.clientId ?? null,
    ...(tokens
      ? {
          tokenType: tokens.tokenType ?? 'Bearer',
          issuedAt: iso(tokens.issuedAt),
          expiresAt: iso(tokens.expiresAt) ?? null,
          expiresIn: left === undefined ? null : left > 0 ? formatDuration(left) : `-${formatDuration(left)}`,
          scope: tokens.scope ?? null,
          refreshToken: tokens.refreshToken ? 'stored' : 'none',
          accessTokenFingerprint: fingerprint(tokens.accessToken),
          jwt: jwt ? { header: jwt.header, claims: jwt.payload, claimTimes: claimTimes(jwt.payload) } : null,
        }
      : { tokens: 'none' }),
    ...(snapshot.problem ? { lastProblem: snapshot.problem.message[lang] } : {}),
  };
}
