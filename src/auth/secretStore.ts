import * as vscode from 'vscode';
import { parseStoredTokens, type TokenSet } from '../core/tokens';
import { Disposable } from '../util/lifecycle';

/** What is kept per profile, as one SecretStorage value: credentials and tokens never drift apart. */
export interface ProfileSecrets {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly tokens?: TokenSet;
  /** Names the grant behind `tokens` for the AuthenticationProvider: kept across refreshes, new at each sign-in. */
  readonly sessionId?: string;
}

const KEY_PREFIX = 'tokenwise.profile.';

/** SecretStorage itself failed (on Linux: no keyring). Nothing is written elsewhere instead. */
export class SecretStorageUnavailableError extends Error {
  constructor(readonly operation: 'read' | 'write', cause: unknown) {
    super(
      vscode.l10n.t(
        'Tokenwise cannot use the system keyring to keep your tokens ({0}). Nothing was stored elsewhere. On Linux, install and unlock a keyring (for example gnome-keyring) or start VS Code with --password-store=basic, then try again.',
        cause instanceof Error ? cause.message : String(cause),
      ),
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

/**
 * Client credentials and tokens per profile, in `context.secrets` only, as JSON. Writes of one
 * profile are serialised in this window; other windows see them through `onDidChange`.
 */
export class SecretStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with the profile id whose secrets changed, in this window or another. */
  readonly onDidChange = this.changed.event;
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((event) => {
        if (event.key.startsWith(KEY_PREFIX)) this.changed.fire(event.key.slice(KEY_PREFIX.length));
      }),
    );
  }

  async read(profileId: string): Promise<ProfileSecrets> {
    let raw: string | undefined;
    try {
      raw = await this.secrets.get(KEY_PREFIX + profileId);
    } catch (error) {
      throw new SecretStorageUnavailableError('read', error);
    }
    return parseProfileSecrets(raw);
  }

  /** Reads, changes and writes back one profile's secrets; concurrent updates in this window queue. */
  update(profileId: string, change: (current: ProfileSecrets) => ProfileSecrets): Promise<ProfileSecrets> {
    const previous = this.writes.get(profileId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const current = await this.read(profileId);
      const updated = change(current);
      // Nothing changed: no write, so other windows are not woken for nothing.
      if (updated === current) return current;
      try {
        if (isEmpty(updated)) await this.secrets.delete(KEY_PREFIX + profileId);
        else await this.secrets.store(KEY_PREFIX + profileId, JSON.stringify({ v: 1, ...updated }));
      } catch (error) {
        throw new SecretStorageUnavailableError('write', error);
      }
      return updated;
    });
    this.writes.set(profileId, next);
    void next.finally(() => {
      if (this.writes.get(profileId) === next) this.writes.delete(profileId);
    }).catch(() => undefined);
    return next;
  }
}

function isEmpty(secrets: ProfileSecrets): boolean {
  return !secrets.clientId && !secrets.clientSecret && !secrets.tokens;
}

/** Parses a stored value; anything unreadable counts as nothing stored (never throws). */
export function parseProfileSecrets(raw: string | undefined): ProfileSecrets {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!value || typeof value !== 'object') return {};
  const record = value as Record<string, unknown>;
  const tokens = record.tokens ? parseStoredTokens(JSON.stringify(record.tokens)) : undefined;
  return {
    ...(typeof record.clientId === 'string' ? { clientId: record.clientId } : {}),
    ...(typeof record.clientSecret === 'string' ? { clientSecret: record.clientSecret } : {}),
    ...(tokens ? { tokens } : {}),
    ...(tokens && typeof record.sessionId === 'string' ? { sessionId: record.sessionId } : {}),
  };
}
