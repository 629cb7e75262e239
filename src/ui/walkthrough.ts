import * as vscode from 'vscode';
import type { ProfileRegistry } from '../auth/profileRegistry';
import type { TokenManager } from '../auth/tokenManager';
import { DIAGNOSTIC_SOURCE } from '../editor/diagnostics';
import { Disposable } from '../util/lifecycle';

/**
 * What the Getting Started walkthrough (`contributes.walkthroughs` in package.json) needs from the
 * extension: context keys that say which step is done, so each step completes by itself when the
 * user has really done it (a cancelled input box does not count), and the sample the last step opens.
 * The keys are set whether or not the walkthrough is open; VS Code checks them when it shows it.
 */
export const WalkthroughContextKeys = {
  /** Some profile has a client id and secret in SecretStorage. */
  hasClientCredentials: 'tokenwise.walkthrough.hasClientCredentials',
  /** Some profile has an access token (signed in, or a client-credentials token). */
  hasToken: 'tokenwise.walkthrough.hasToken',
  /** A Tokenwise diagnostic was shown in a visible editor during this session. */
  sawExplanation: 'tokenwise.walkthrough.sawExplanation',
} as const;

/** Opens a response with a documented error, for a user without one at hand (walkthrough, palette). */
export const OPEN_SAMPLE_RESPONSE_COMMAND = 'tokenwise.openSampleResponse';

/** RD Station's answer to an expired access token, as a REST client saves it (test/fixtures/rdstation/auth). */
const SAMPLE_RESPONSE = [
  'HTTP/1.1 401 Unauthorized',
  'Content-Type: application/json; charset=utf-8',
  'WWW-Authenticate: Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"',
  '',
  '{"error":"invalid_token","error_description":"The access token is invalid or has expired"}',
  '',
].join('\n');

export class WalkthroughProgress extends Disposable {
  private readonly values = new Map<string, boolean>();

  constructor(
    private readonly profiles: ProfileRegistry,
    private readonly tokens: TokenManager,
  ) {
    super();
    this._register(tokens.onDidChange(() => this.updateTokenKeys()));
    this._register(profiles.onDidChange(() => this.updateTokenKeys()));
    this.updateTokenKeys();

    // An explanation is seen when a Tokenwise diagnostic and its editor are both there, in either
    // order. Once seen, the step stays done: the listeners are not needed any more.
    const seen = (uris: readonly vscode.Uri[]) => {
      if (!uris.some((uri) => isVisible(uri) && hasTokenwiseDiagnostic(uri))) return;
      this.set(WalkthroughContextKeys.sawExplanation, true);
      diagnostics.dispose();
      editors.dispose();
    };
    const diagnostics = this._register(vscode.languages.onDidChangeDiagnostics((event) => seen(event.uris)));
    const editors = this._register(vscode.window.onDidChangeVisibleTextEditors((visible) => seen(visible.map((editor) => editor.document.uri))));

    this._register(vscode.commands.registerCommand(OPEN_SAMPLE_RESPONSE_COMMAND, () => openSampleResponse()));
  }

  private updateTokenKeys(): void {
    const snapshots = this.profiles.all().map((profile) => this.tokens.snapshot(profile.id));
    this.set(WalkthroughContextKeys.hasClientCredentials, snapshots.some((snapshot) => snapshot.hasCredentials));
    this.set(WalkthroughContextKeys.hasToken, snapshots.some((snapshot) => snapshot.tokens !== undefined));
  }

  /**
   * Sets a context key when its value changes (each call is a round trip to the workbench). A key
   * never set reads as false in `when` clauses, so activation, when nothing is loaded yet, sends none.
   */
  private set(key: string, value: boolean): void {
    if ((this.values.get(key) ?? false) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}

function isVisible(uri: vscode.Uri): boolean {
  return vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === uri.toString());
}

function hasTokenwiseDiagnostic(uri: vscode.Uri): boolean {
  return vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

async function openSampleResponse(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'http', content: SAMPLE_RESPONSE });
  await vscode.window.showTextDocument(document);
}
