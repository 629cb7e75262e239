import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import { fingerprint } from '../../src/core/redact';
import type { TokenwiseTestHooks } from '../../src/extension';
import type { ClientConfig, FaultSpec, RunningEmulator } from '../emulator/index';
import { clearSecrets, CS, emulatorWithProfiles, filesUnder, hooks, logFile, RD, resetSettings, SecretTracker, waitFor } from './tokenSupport';

/**
 * Promise 1 of issue 5 in one run: with client secrets known to the test, the whole cycle (set the
 * client credentials through the command's input boxes, sign in through the browser and the URI
 * handler, refresh, request a client-credentials token, copy the Authorization header, sign out,
 * revoke) and the failure paths of the emulator's faults, with the Tokenwise log at trace level.
 * Then every value (client secrets, codes, access and refresh tokens, and their ends) is searched
 * for in every place the extension writes or shows text, and in the URL of every request the
 * emulator received: a secret may travel only where the protocol puts it (a body field, the
 * Authorization header), never in a URL.
 */

const run = randomBytes(4).toString('hex');
const secret = (what: string) => `${what}-${run}-${randomBytes(16).toString('base64url')}`;
const RD_CLIENT = { clientId: `leaks-rd-${run}`, clientSecret: secret('rd-secret') };
const CS_CLIENT = { clientId: `leaks-cs-${run}`, clientSecret: secret('cs-secret') };
const WRONG_SECRET = secret('wrong-secret');
const CLIENTS: ClientConfig[] = [
  { api: 'rdstation', ...RD_CLIENT, redirectUris: ['*'] },
  { api: 'consistem', ...CS_CLIENT },
];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A text the extension put in front of the user: a notification, a progress title or message, a prompt. */
interface Shown {
  readonly kind: 'info' | 'warning' | 'error' | 'progress' | 'prompt';
  readonly text: string;
}

/**
 * Wraps the `vscode.window` functions that show text, and the global console (which is what the
 * extension's `console.*` calls reach in this host), recording what went through. The extension and
 * these tests share one `vscode` API object (the host hands one to each extension, and the tests live
 * in the extension's folder), so the extension's calls come through here.
 */
function captureShownText(): { readonly shown: Shown[]; readonly console: string[]; readonly muted: string[]; dispose(): void } {
  const shown: Shown[] = [];
  const lines: string[] = [];
  /** Lines with these texts are recorded but not printed (an error the test provokes on purpose). */
  const muted: string[] = [];
  const window = vscode.window as Writable<typeof vscode.window>;
  const originals = {
    showInformationMessage: window.showInformationMessage,
    showWarningMessage: window.showWarningMessage,
    showErrorMessage: window.showErrorMessage,
    withProgress: window.withProgress,
  };
  const record = (kind: Shown['kind'], text: string, rest: unknown[] = []) => shown.push({ kind, text: rest.length ? `${text} ${JSON.stringify(rest)}` : text });
  const message =
    (kind: 'info' | 'warning' | 'error', original: (...args: never[]) => unknown) =>
    (...args: unknown[]) => {
      record(kind, String(args[0]), args.slice(1));
      return (original as (...args: unknown[]) => unknown).apply(vscode.window, args);
    };
  window.showInformationMessage = message('info', originals.showInformationMessage) as typeof window.showInformationMessage;
  window.showWarningMessage = message('warning', originals.showWarningMessage) as typeof window.showWarningMessage;
  window.showErrorMessage = message('error', originals.showErrorMessage) as typeof window.showErrorMessage;
  window.withProgress = ((options, task) => {
    record('progress', String(options.title ?? ''));
    return originals.withProgress.call(vscode.window, options, (progress, token) =>
      task(
        {
          report: (value) => {
            if (value.message) record('progress', value.message);
            progress.report(value);
          },
        },
        token,
      ),
    );
  }) as typeof window.withProgress;

  const original = globalThis.console;
  const recording: Console = Object.create(original);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const write = original[method].bind(original);
    Object.defineProperty(recording, method, {
      value: (...args: unknown[]) => {
        const line = format(...args);
        lines.push(line);
        if (!muted.some((text) => line.includes(text))) write(...args);
      },
    });
  }
  globalThis.console = recording;
  return {
    shown,
    console: lines,
    muted,
    dispose() {
      Object.assign(window, originals);
      globalThis.console = original;
    },
  };
}

describe('secrets stay in SecretStorage: the whole cycle and its failures, searched everywhere', function () {
  this.timeout(240_000);
  let h: TokenwiseTestHooks;
  let emulator: RunningEmulator;
  const secrets = new SecretTracker({ fragments: true });
  let watching: vscode.Disposable;
  let capture: ReturnType<typeof captureShownText>;
  let statusBar: string[];
  let statusWatch: vscode.Disposable;
  let levelBefore: string | undefined;

  before(async () => {
    h = await hooks();
    for (const value of [RD_CLIENT.clientSecret, CS_CLIENT.clientSecret, WRONG_SECRET]) secrets.add(value);
    levelBefore = await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel');
    // The command the test runners use: the level of every logger of the window, ours included.
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    await waitFor('the Tokenwise log at trace level', () => h.logLevel() === vscode.LogLevel.Trace);
    emulator = await emulatorWithProfiles(h, { autoApprove: true, clients: CLIENTS });
    await clearSecrets(h);
    capture = captureShownText();
    watching = secrets.watch(h);
    statusBar = [];
    statusWatch = h.tokens.onDidChange(() => statusBar.push(JSON.stringify(h.statusBar.current())));
  });

  after(async () => {
    statusWatch?.dispose();
    watching?.dispose();
    capture?.dispose();
    await vscode.env.clipboard.writeText('');
    await clearSecrets(h);
    await resetSettings(h);
    await emulator?.close();
    if (levelBefore) await vscode.commands.executeCommand('_extensionTests.setLogLevel', levelBefore);
  });

  const requests = (endpoint: string) => emulator.control.stats().requests[endpoint] ?? 0;
  /** What the extension showed since `from` (an index into the capture). */
  const shownSince = (from: number, kind?: Shown['kind']) => capture.shown.slice(from).filter((entry) => !kind || entry.kind === kind);

  /** Set Client Credentials as a user runs it: the command's two input boxes, answered here. */
  async function setCredentials(profileId: string, credentials: { clientId: string; clientSecret: string }): Promise<void> {
    const window = vscode.window as Writable<typeof vscode.window>;
    const showInputBox = window.showInputBox;
    const answers = [credentials.clientId, credentials.clientSecret];
    const asked: vscode.InputBoxOptions[] = [];
    window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
      asked.push(options ?? {});
      for (const text of [options?.title, options?.prompt, options?.placeHolder]) if (text) capture.shown.push({ kind: 'prompt', text });
      const answer = answers.shift();
      assert.equal(await options?.validateInput?.(answer ?? ''), undefined, 'the prompt accepts the value');
      return answer;
    }) as typeof window.showInputBox;
    try {
      await vscode.commands.executeCommand('tokenwise.setClientCredentials', profileId);
    } finally {
      window.showInputBox = showInputBox;
    }
    assert.equal(asked.length, 2, 'client id, then client secret');
    assert.equal(asked[1].password, true, 'the secret is typed into a password box');
    await waitFor(`the credentials of ${profileId}`, () => h.tokens.snapshot(profileId).clientId === credentials.clientId && h.tokens.snapshot(profileId).hasCredentials);
    assert.deepEqual(
      await h.secrets.read(profileId).then(({ clientId, clientSecret }) => ({ clientId, clientSecret })),
      credentials,
      'stored in SecretStorage as typed',
    );
  }

  /** Sign In from the command, through the browser and the URI handler; the code is remembered as a secret. */
  async function signIn(): Promise<void> {
    const before = emulator.control.lastAuthorization();
    await vscode.commands.executeCommand('tokenwise.signIn', RD);
    const authorization = emulator.control.lastAuthorization();
    assert.ok(authorization && authorization !== before, 'the authorize page was opened');
    if (authorization.code) secrets.add(authorization.code);
  }

  /** Runs a command under a fault and expects exactly one new error notification. */
  async function failsWithError(command: string, profileId: string, faults: FaultSpec[] = []): Promise<string> {
    emulator.control.injectFault(...faults);
    const from = capture.shown.length;
    try {
      await vscode.commands.executeCommand(command, profileId);
    } finally {
      emulator.control.clearFaults();
    }
    const errors = shownSince(from, 'error');
    failures++;
    assert.equal(errors.length, 1, `one error notification for ${command} ${JSON.stringify(faults)}; shown: ${JSON.stringify(shownSince(from))}`);
    return errors[0].text;
  }

  let failures = 0;
  let firstRdToken = '';
  let csToken = '';

  it('hears the extension: its notifications and its console come through the capture', async () => {
    // The token manager reports a listener that throws on the console (src/auth/emitter.ts).
    const probe = `console probe ${run}`;
    capture.muted.push(probe);
    const throwing = h.tokens.onDidChange(() => {
      throw new Error(probe);
    });
    try {
      await vscode.commands.executeCommand('tokenwise.signOut', CS);
      await h.tokens.setCredentials(CS, { clientId: 'probe', clientSecret: 'probe' });
    } finally {
      throwing.dispose();
    }
    assert.ok(capture.console.some((line) => line.includes(probe)), `the extension's console.error reached the capture: ${JSON.stringify(capture.console)}`);
    assert.ok(shownSince(0, 'info').length > 0, 'the extension showed a notification through the capture');
    await clearSecrets(h);
  });

  it('runs the whole cycle: credentials, sign-in, refresh, client credentials, copy, sign out, revoke', async () => {
    await setCredentials(RD, RD_CLIENT);
    await signIn();
    const signedIn = h.tokens.snapshot(RD).tokens;
    assert.ok(signedIn?.accessToken && signedIn.refreshToken, 'signed in through the browser');
    firstRdToken = signedIn.accessToken;
    assert.equal(requests('rdstation.token.code'), 1);

    await vscode.commands.executeCommand('tokenwise.refreshAccessToken', RD);
    const refreshed = h.tokens.snapshot(RD).tokens;
    assert.ok(refreshed && refreshed.accessToken !== signedIn.accessToken, 'a new access token');
    assert.equal(requests('rdstation.token.refresh'), 1);

    await setCredentials(CS, CS_CLIENT);
    await vscode.commands.executeCommand('tokenwise.requestClientCredentialsToken', CS);
    csToken = h.tokens.snapshot(CS).tokens?.accessToken ?? '';
    assert.ok(csToken, 'a client-credentials token');
    assert.equal(requests('consistem.token'), 1);

    await vscode.commands.executeCommand('tokenwise.copyAuthorizationHeader', CS);
    assert.equal(await vscode.env.clipboard.readText(), `Authorization: Bearer ${csToken}`);
    await vscode.commands.executeCommand('tokenwise.copyAuthorizationHeader', RD);
    assert.equal(await vscode.env.clipboard.readText(), `Authorization: Bearer ${refreshed.accessToken}`);
    // What the user asked for, and only there; emptied so that nothing is found in it later by chance.
    await vscode.env.clipboard.writeText('');

    const from = capture.shown.length;
    await vscode.commands.executeCommand('tokenwise.signOut', RD);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
    assert.equal(requests('rdstation.revoke'), 1, 'sign-out revokes at the provider');
    assert.ok(
      shownSince(from, 'info').some(
        (entry) => entry.text === vscode.l10n.t('Signed out of {0}: the token was revoked at the provider and removed from this computer.', h.profiles.get(RD)!.label),
      ),
      `the extension's own notification reached the capture: ${JSON.stringify(shownSince(from))}`,
    );

    await signIn();
    assert.ok(h.tokens.snapshot(RD).tokens, 'signed in again');
    await vscode.commands.executeCommand('tokenwise.revokeToken', RD);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined, 'revoked and forgotten');
    assert.equal(requests('rdstation.revoke'), 2);

    await vscode.commands.executeCommand('tokenwise.signOut', CS);
    assert.equal(h.tokens.snapshot(CS).tokens, undefined);
  });

  it('goes through the failure paths: wrong credentials, 500, HTML pages, malformed JSON, a dropped revoke, a revoked refresh token', async () => {
    // Wrong client secret: at the code exchange, and for a client-credentials token.
    await setCredentials(RD, { clientId: RD_CLIENT.clientId, clientSecret: WRONG_SECRET });
    await failsWithError('tokenwise.signIn', RD);
    if (emulator.control.lastAuthorization()?.code) secrets.add(emulator.control.lastAuthorization()!.code!);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);
    await setCredentials(CS, { clientId: CS_CLIENT.clientId, clientSecret: WRONG_SECRET });
    await failsWithError('tokenwise.requestClientCredentialsToken', CS);
    assert.equal(h.tokens.snapshot(CS).tokens, undefined);

    // The code exchange answered by a gateway's HTML page.
    await setCredentials(RD, RD_CLIENT);
    await failsWithError('tokenwise.signIn', RD, [{ endpoint: 'rdstation.token.code', type: 'html' }]);
    if (emulator.control.lastAuthorization()?.code) secrets.add(emulator.control.lastAuthorization()!.code!);
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);

    // Signed in; the refresh fails with 500 (every try), then with an HTML page sent as 200; the tokens stay.
    await signIn();
    const kept = h.tokens.snapshot(RD).tokens!;
    await failsWithError('tokenwise.refreshAccessToken', RD, [{ endpoint: 'rdstation.token.refresh', type: 'status', status: 500, count: 3 }]);
    await failsWithError('tokenwise.refreshAccessToken', RD, [{ endpoint: 'rdstation.token.refresh', type: 'html', status: 200 }]);
    assert.equal(h.tokens.snapshot(RD).tokens?.accessToken, kept.accessToken, 'the tokens are kept');

    // A client-credentials answer cut short: the JSON does not parse.
    await setCredentials(CS, CS_CLIENT);
    await failsWithError('tokenwise.requestClientCredentialsToken', CS, [{ endpoint: 'consistem.token', type: 'malformed-json' }]);

    // Revoke Token under a 500 keeps the tokens; Sign Out with the connection dropped forgets them locally.
    await failsWithError('tokenwise.revokeToken', RD, [{ endpoint: 'rdstation.revoke', type: 'status', status: 500, count: 3 }]);
    assert.equal(h.tokens.snapshot(RD).tokens?.accessToken, kept.accessToken);
    emulator.control.injectFault({ endpoint: 'rdstation.revoke', type: 'drop', count: 3 });
    const from = capture.shown.length;
    await vscode.commands.executeCommand('tokenwise.signOut', RD);
    emulator.control.clearFaults();
    const forgotten = vscode.l10n.t(
      'Signed out of {0}: the tokens were removed from this computer, but could not be revoked at the provider (see the log). They stay valid there until they expire.',
      h.profiles.get(RD)!.label,
    );
    assert.ok(shownSince(from, 'info').some((entry) => entry.text === forgotten), JSON.stringify(shownSince(from)));
    assert.equal(h.tokens.snapshot(RD).tokens, undefined);

    // A refresh token the provider revoked: sign-in required, the refresh token cleared.
    await signIn();
    const { refreshToken } = h.tokens.snapshot(RD).tokens!;
    const revoked = await fetch(`${emulator.baseUrl}/auth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken!, token_type_hint: 'refresh_token' }).toString(),
    });
    assert.equal(revoked.status, 200);
    await failsWithError('tokenwise.refreshAccessToken', RD);
    assert.equal(h.tokens.snapshot(RD).problem?.kind, 'sign-in-required');
    assert.equal(h.tokens.snapshot(RD).tokens?.refreshToken, undefined, 'the refused refresh token is cleared');
    await vscode.commands.executeCommand('tokenwise.signOut', RD);
  });

  it('finds no secret in settings, state, the logs, notifications, the console, documents, the workspace or a request URL', async () => {
    const log = logFile(h);
    assert.ok(log, 'the Tokenwise log file');
    const logText = readFileSync(log, 'utf8');
    // Tokens appear in the log as their fingerprint, and only so.
    assert.ok(logText.includes(fingerprint(firstRdToken)), 'the sign-in is logged with the access token fingerprint');
    assert.ok(logText.includes(fingerprint(csToken)), 'the client-credentials token is logged by its fingerprint');
    for (const mark of logText.match(/‹sha256:[^›]*›/g) ?? []) assert.match(mark, /^‹sha256:[0-9a-f]{8}›$/);

    // Every log file of the window (the extension host's own log among them), not only ours.
    const logsRoot = path.dirname(path.dirname(h.logUri.fsPath));
    const logFiles = filesUnder(logsRoot, 5).filter((file) => file !== log);
    const requestLog = emulator.control.requests();
    assert.ok(requestLog.length >= 20, `the emulator recorded the requests (${requestLog.length})`);
    const extra: [string, string][] = [
      // Places are named without their text: a failure must not print the secret it found.
      ...capture.shown.map((entry, index): [string, string] => [`shown text #${index} (${entry.kind})`, entry.text]),
      ['the extension host console', capture.console.join('\n')],
      ['the status bar item', statusBar.join('\n')],
      ...logFiles.map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
      ...vscode.workspace.textDocuments.map((document): [string, string] => [`open document ${document.uri.toString()}`, document.getText()]),
      // The emulator keeps each URL with the values of secret-named query parameters replaced by ***;
      // every other value is kept, URL-encoded and decoded.
      ...requestLog.map((request, index): [string, string] => [`the URL of request #${index} (${request.method} ${request.endpoint})`, `${request.path}\n${safeDecode(request.path)}`]),
    ];
    const places = secrets.assertNotLeaked(h, extra);
    const secretInQuery = requestLog.filter((request) => request.path.includes('***'));
    assert.deepEqual(
      secretInQuery.map((request) => request.path),
      [],
      'no request carried a secret-named query parameter (code, token, client_secret, …)',
    );
    assert.equal(failures, 8, 'every failure path ran');
    assert.equal(capture.shown.filter((entry) => entry.kind === 'error').length, failures, 'one error notification each');

    const endpoints = [...new Set(requestLog.map((request) => request.endpoint))].sort();
    console.log(
      `      searched ${secrets.needles().length} values (${secrets.size} secrets and their ends) in ${places.length} places: ` +
        `${capture.shown.length} notification texts, ${logFiles.length + 1} log files, ${capture.console.length} console lines, ` +
        `${vscode.workspace.textDocuments.length} open documents, ${requestLog.length} request URLs (${endpoints.join(', ')}); leaks: 0`,
    );
    console.log(`      log files: ${[log, ...logFiles].map((file) => path.relative(logsRoot, file)).join(', ')}`);
  });
});

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
