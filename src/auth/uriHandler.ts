import * as vscode from 'vscode';
import { Disposable } from '../util/lifecycle';

/** The path of the sign-in callback under the extension's URI: `<scheme>://tokenwise.tokenwise/callback`. */
export const CALLBACK_PATH = '/callback';

/**
 * The extension's one URI handler (VS Code allows one per extension), registered in `activate()` so a
 * callback that starts the extension is not lost. It only fires an event: flows wait on it and check
 * the state themselves (microsoft-authentication `UriEventHandler.ts`).
 */
export class CallbackUriHandler extends Disposable implements vscode.UriHandler {
  private readonly received = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidReceiveUri = this.received.event;

  constructor() {
    super();
    this._register(vscode.window.registerUriHandler(this));
  }

  handleUri(uri: vscode.Uri): void {
    this.received.fire(uri);
  }
}

/** `vscode://tokenwise.tokenwise/callback` in this editor's own scheme (`code-oss`, `vscode-insiders`, …). */
export function internalCallbackUri(extensionId: string): vscode.Uri {
  return vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}${CALLBACK_PATH}`);
}
