import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(log);
  log.debug('[extension] activated');
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
