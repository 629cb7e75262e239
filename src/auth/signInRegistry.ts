import * as vscode from 'vscode';
import { parseCallback, type CallbackResult } from '../core/oauth/authorize';
import type { Log } from '../log';
import { Disposable } from '../util/lifecycle';

/**
 * The sign-ins waiting for their redirect, keyed by `state`, and the one place a callback is checked:
 * from the URI handler, the loopback server or the paste box alike. A callback whose sign-in waits in
 * another window is handed to it through SecretStorage (whose change event reaches every window).
 */

/** What a waiting sign-in receives. */
export type CallbackOutcome =
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'error'; readonly error: string; readonly description?: string };

export type RefusalReason = 'invalid' | 'missing-state' | 'unknown-state' | 'reused-state' | 'expired-state';

export type Delivery =
  | { readonly kind: 'accepted'; readonly profileId: string }
  | { readonly kind: 'handed-over'; readonly window: string }
  /** Waits in another window that did not take it: the user is told which window to use. */
  | { readonly kind: 'other-window'; readonly window: string }
  | {
      readonly kind: 'refused';
      readonly reason: RefusalReason;
      /** The provider's own error, when the refused callback carried one (shown as plain text). */
      readonly providerError?: { readonly error: string; readonly description?: string };
    };

interface Waiting {
  readonly profileId: string;
  readonly expiresAt: number;
  readonly settle: (outcome: CallbackOutcome) => void;
}

/** What every window knows of a sign-in, in SecretStorage: never the PKCE verifier, never a code. */
interface SharedEntry {
  readonly profileId: string;
  readonly window: string;
  readonly expiresAt: number;
  readonly used?: boolean;
}

interface Handoff {
  readonly state: string;
  readonly url: string;
}

const PENDING_KEY = 'tokenwise.signIn.pending';
const HANDOFF_KEY = 'tokenwise.signIn.handoff';
/** How long a window waits for another to take a handed-over callback. */
const HANDOFF_WAIT_MS = 3000;
/** Used and expired states are remembered this long, to tell "used" and "expired" from "unknown". */
const REMEMBER_MS = 60 * 60 * 1000;
/** A callback URL longer than this is not a redirect from a provider. */
const MAX_CALLBACK_LENGTH = 16 * 1024;

export class SignInRegistry extends Disposable {
  private readonly waiting = new Map<string, Waiting>();
  /** States this window used or gave up, with when they stop being remembered. */
  private readonly finished = new Map<string, { readonly reason: 'reused-state' | 'expired-state'; readonly until: number }>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly windowName: () => string,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this._register(secrets.onDidChange((event) => event.key === HANDOFF_KEY && void this.takeHandoff()));
  }

  /**
   * Registers a sign-in and resolves with its callback. The signal ends the wait (cancel, timeout,
   * another method); the state is then remembered as expired and refused if it still arrives.
   */
  wait(state: string, profileId: string, expiresAt: number, signal: AbortSignal): Promise<CallbackOutcome> {
    return new Promise<CallbackOutcome>((resolve, reject) => {
      const abandon = () => {
        if (!this.waiting.has(state)) return;
        this.finish(state, 'expired-state');
        reject(signal.reason instanceof Error ? signal.reason : new vscode.CancellationError());
      };
      this.waiting.set(state, {
        profileId,
        expiresAt,
        settle: (outcome) => {
          signal.removeEventListener('abort', abandon);
          resolve(outcome);
        },
      });
      void this.share(state, { profileId, window: this.windowName(), expiresAt });
      if (signal.aborted) abandon();
      else signal.addEventListener('abort', abandon, { once: true });
    });
  }

  isWaiting(profileId?: string): boolean {
    for (const entry of this.waiting.values()) if (profileId === undefined || entry.profileId === profileId) return true;
    return false;
  }

  /**
   * Checks a redirect (a URL, a query string, or just a code for `pasteFor`) and hands it to the
   * sign-in it belongs to. Never throws; nothing is stored here, whatever the input.
   */
  async deliver(url: string, pasteFor?: string): Promise<Delivery> {
    if (url.length > MAX_CALLBACK_LENGTH) return { kind: 'refused', reason: 'invalid' };
    // A pasted bare code (no query, no scheme) belongs to the sign-in the paste box was opened for.
    const bareCode = pasteFor !== undefined && url !== '' && !/[?=&#\s]/.test(url) && !/^[a-z][a-z0-9+.-]*:/i.test(url);
    const parsed: CallbackResult = bareCode ? { kind: 'code', code: url, state: pasteFor } : parseCallback(url);
    if (parsed.kind === 'invalid') return { kind: 'refused', reason: 'invalid' };
    const providerError = parsed.kind === 'error' ? { error: parsed.error, ...(parsed.description ? { description: parsed.description } : {}) } : undefined;
    const refused = (reason: RefusalReason): Delivery => ({
      kind: 'refused',
      reason,
      ...(providerError ? { providerError } : {}),
    });
    const state = parsed.state;
    if (state === undefined) return refused('missing-state');
    const outcome: CallbackOutcome = parsed.kind === 'code' ? { kind: 'code', code: parsed.code } : { kind: 'error', ...providerError! };

    const local = this.waiting.get(state);
    if (local) {
      if (local.expiresAt <= this.now()) {
        this.finish(state, 'expired-state');
        return refused('expired-state');
      }
      this.finish(state, 'reused-state');
      local.settle(outcome);
      return { kind: 'accepted', profileId: local.profileId };
    }
    const remembered = this.finished.get(state);
    if (remembered) return refused(remembered.reason);

    // Own, well-formed entries only: `constructor` or `__proto__` must not find Object.prototype's.
    const entries = await this.readShared();
    const shared = Object.hasOwn(entries, state) ? entries[state] : undefined;
    if (!isSharedEntry(shared)) return refused('unknown-state');
    if (shared.used) return refused('reused-state');
    if (shared.expiresAt <= this.now()) return refused('expired-state');
    return (await this.handOver({ state, url })) ? { kind: 'handed-over', window: shared.window } : { kind: 'other-window', window: shared.window };
  }

  /** Marks a state done: its callback can no longer be accepted here or in another window. */
  private finish(state: string, reason: 'reused-state' | 'expired-state'): void {
    this.waiting.delete(state);
    const now = this.now();
    this.finished.set(state, { reason, until: now + REMEMBER_MS });
    for (const [old, entry] of this.finished) if (entry.until <= now) this.finished.delete(old);
    void this.updateShared((entries) => {
      const entry = entries[state];
      if (entry) entries[state] = reason === 'reused-state' ? { ...entry, used: true } : { ...entry, expiresAt: Math.min(entry.expiresAt, now) };
    });
  }

  private share(state: string, entry: SharedEntry): Promise<void> {
    return this.updateShared((entries) => {
      entries[state] = entry;
    });
  }

  private async readShared(): Promise<Record<string, SharedEntry>> {
    try {
      const raw = await this.secrets.get(PENDING_KEY);
      const value: unknown = raw ? JSON.parse(raw) : {};
      // Without a prototype: a state is only ever looked up among the entries written here.
      const entries: Record<string, SharedEntry> = Object.create(null);
      return value && typeof value === 'object' && !Array.isArray(value) ? Object.assign(entries, value) : entries;
    } catch (error) {
      this.log.warn('sign-in', `cannot read the shared sign-in list: ${(error as Error).message}`);
      return {};
    }
  }

  /** Best effort: a window that cannot write here still completes its own sign-ins. */
  private async updateShared(change: (entries: Record<string, SharedEntry>) => void): Promise<void> {
    try {
      const entries = await this.readShared();
      change(entries);
      const now = this.now();
      for (const [state, entry] of Object.entries(entries)) if (entry.expiresAt + REMEMBER_MS <= now) delete entries[state];
      await this.secrets.store(PENDING_KEY, JSON.stringify(entries));
    } catch (error) {
      this.log.warn('sign-in', `cannot update the shared sign-in list: ${(error as Error).message}`);
    }
  }

  /** Writes the callback for the window that waits for it; true when that window took it in time. */
  private async handOver(handoff: Handoff): Promise<boolean> {
    try {
      await this.secrets.store(HANDOFF_KEY, JSON.stringify(handoff));
    } catch {
      return false;
    }
    const deadline = this.now() + HANDOFF_WAIT_MS;
    while (this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const current = await this.secrets.get(HANDOFF_KEY).then(
        (raw) => raw,
        () => undefined,
      );
      if (current !== JSON.stringify(handoff)) return true;
    }
    // Nobody took it: the code must not stay in storage.
    await Promise.resolve(this.secrets.delete(HANDOFF_KEY)).catch(() => undefined);
    return false;
  }

  /** Another window wrote a callback: take it when its sign-in waits here. */
  private async takeHandoff(): Promise<void> {
    let handoff: Handoff | undefined;
    try {
      const raw = await this.secrets.get(HANDOFF_KEY);
      handoff = raw ? (JSON.parse(raw) as Handoff) : undefined;
    } catch {
      return;
    }
    if (!handoff || typeof handoff.state !== 'string' || typeof handoff.url !== 'string' || !this.waiting.has(handoff.state)) return;
    await Promise.resolve(this.secrets.delete(HANDOFF_KEY)).catch(() => undefined);
    const delivery = await this.deliver(handoff.url);
    this.log.info('sign-in', `a callback received by another window was ${delivery.kind === 'accepted' ? 'taken over' : 'refused'} here`);
  }
}

function isSharedEntry(value: unknown): value is SharedEntry {
  const entry = value as Partial<SharedEntry> | undefined;
  return typeof entry === 'object' && entry !== null && typeof entry.profileId === 'string' && typeof entry.window === 'string' && typeof entry.expiresAt === 'number';
}
