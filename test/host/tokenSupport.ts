import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseTestHooks } from '../../src/extension';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index';

/**
 * Shared by the token, status bar and Accounts host tests: the extension's test hooks, an emulator
 * the built-in profiles point at, and the check that nothing secret was left anywhere.
 */

export const DEMO = { clientId: 'tokenwise-demo', clientSecret: 'tokenwise-demo-secret' };
export const RD = 'rdstation-marketing';
export const CS = 'consistem-whatsapp';
export const CALLBACK = 'http://127.0.0.1:1/callback';

export async function hooks(): Promise<TokenwiseTestHooks> {
  const extension = vscode.extensions.getExtension<{ testHooks?: TokenwiseTestHooks } | undefined>('tokenwise.tokenwise');
  if (!extension) throw new Error('tokenwise.tokenwise is not installed in this host');
  const exports = await extension.activate();
  if (!exports?.testHooks) throw new Error('activate() returned no test hooks: is the host in ExtensionMode.Test?');
  return exports.testHooks;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const config = () => vscode.workspace.getConfiguration('tokenwise');

/** Starts an emulator and points both built-in profiles at it through the user settings. */
export async function emulatorWithProfiles(h: TokenwiseTestHooks, options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator(options);
  await config().update('profiles', [{ id: RD, baseUrl: emulator.baseUrl }, { id: CS, baseUrl: emulator.baseUrl }], vscode.ConfigurationTarget.Global);
  await waitFor('the profiles to follow the settings', () => h.profiles.get(RD)?.baseUrl === emulator.baseUrl && h.profiles.get(CS)?.baseUrl === emulator.baseUrl);
  return emulator;
}

export async function resetSettings(h: TokenwiseTestHooks): Promise<void> {
  for (const key of ['profiles', 'activeProfile', 'refreshBeforeExpirySeconds']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  await waitFor('the built-in profiles', () => h.profiles.get(RD)?.baseUrl === 'https://api.rd.services');
}

/** Forgets everything stored for the built-in profiles, and waits until the manager saw it. */
export async function clearSecrets(h: TokenwiseTestHooks): Promise<void> {
  for (const id of [RD, CS]) {
    await h.secrets.update(id, () => ({}));
    await waitFor(`${id} to be empty`, () => {
      const snapshot = h.tokens.snapshot(id);
      return snapshot.loaded && !snapshot.tokens && !snapshot.hasCredentials && !snapshot.refreshing;
    });
  }
}

/** Real authorization-code tokens: a code from the emulator, exchanged through the manager's real path. */
export async function signInWithCode(h: TokenwiseTestHooks, emulator: RunningEmulator): Promise<void> {
  await h.tokens.setCredentials(RD, DEMO);
  const code = emulator.control.issueCode('rdstation', DEMO.clientId, CALLBACK);
  await h.tokens.exchangeCode(RD, { code, redirectUri: CALLBACK });
}

export async function setActiveProfile(h: TokenwiseTestHooks, profileId: string): Promise<void> {
  await config().update('activeProfile', profileId, vscode.ConfigurationTarget.Global);
  await waitFor(`the status bar to show ${profileId}`, () => h.statusBar.current()?.profileId === profileId);
}

/** Every value a test saw that must never be written anywhere but the keyring. */
export class SecretTracker {
  private readonly values = new Set<string>([DEMO.clientSecret]);

  /**
   * `fragments`: also look for the first and last 12 characters of each value (of a JWT: of its
   * signature, the part that is secret), which finds a token cut short for display as well.
   */
  constructor(private readonly options: { readonly fragments?: boolean } = {}) {}

  /** Records the current tokens of the profiles. */
  track(h: TokenwiseTestHooks): void {
    for (const id of [RD, CS]) {
      const tokens = h.tokens.snapshot(id).tokens;
      if (tokens?.accessToken) this.values.add(tokens.accessToken);
      if (tokens?.refreshToken) this.values.add(tokens.refreshToken);
    }
  }

  /** Records every token the manager holds from now on, including those replaced within a test. */
  watch(h: TokenwiseTestHooks): vscode.Disposable {
    return h.tokens.onDidChange(() => this.track(h));
  }

  add(value: string): void {
    this.values.add(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** What is searched for: each value, and with `fragments` its ends. */
  needles(): string[] {
    const needles = new Set(this.values);
    if (this.options.fragments) for (const value of this.values) for (const fragment of fragmentsOf(value)) needles.add(fragment);
    return [...needles];
  }

  /**
   * Nothing secret in the settings (the user settings file and every tokenwise setting), the
   * extension's globalState, the Tokenwise log file, or any file of the workspace; nor in the
   * `extra` places a test collected (name and text).
   */
  assertNotLeaked(h: TokenwiseTestHooks, extra: readonly (readonly [string, string])[] = []): string[] {
    const places: (readonly [string, string])[] = [
      ['tokenwise settings', JSON.stringify(vscode.workspace.getConfiguration('tokenwise'))],
      ['globalState', JSON.stringify(h.globalState.keys().map((key) => [key, h.globalState.get(key)]))],
      ['workspaceState', JSON.stringify(h.workspaceState.keys().map((key) => [key, h.workspaceState.get(key)]))],
    ];
    const userSettings = path.join(path.dirname(path.dirname(h.globalStorageUri.fsPath)), 'settings.json');
    if (existsSync(userSettings)) places.push([userSettings, readFileSync(userSettings, 'utf8')]);
    const log = logFile(h);
    assert.ok(log, `no Tokenwise log file found near ${h.logUri.fsPath}`);
    const logText = readFileSync(log, 'utf8');
    places.push([log, logText]);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const file of filesUnder(folder.uri.fsPath)) places.push([file, readFileSync(file, 'utf8')]);
    }
    places.push(...extra);
    const needles = this.needles();
    for (const [where, text] of places) {
      for (const secret of needles) assert.ok(!text.includes(secret), `a secret (${secret.length} characters) appears in ${where}`);
    }
    return places.map(([where]) => where);
  }
}

/** The ends of a secret; of a JWT, of its signature (header and claims are not secret, and alike). */
function fragmentsOf(value: string): string[] {
  const parts = value.split('.');
  const secret = parts.length === 3 && value.startsWith('eyJ') ? parts[2] : value;
  return secret.length > 24 ? [secret.slice(0, 12), secret.slice(-12)] : [secret];
}

/** The Tokenwise output channel's file: VS Code writes log channels under the window's log folder. */
export function logFile(h: TokenwiseTestHooks): string | undefined {
  const windowLogs = path.dirname(path.dirname(h.logUri.fsPath));
  const candidates = filesUnder(windowLogs, 4).filter((file) => /Tokenwise\.log$/.test(path.basename(file)));
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** Files under `dir` (at most `depth` levels, no node_modules or .git, none over 5 MB). */
export function filesUnder(dir: string, depth = 6): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.git')) files.push(...filesUnder(full, depth - 1));
    else if (entry.isFile() && statSync(full).size < 5_000_000) files.push(full);
  }
  return files;
}
