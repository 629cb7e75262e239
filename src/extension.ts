import * as vscode from 'vscode';
import { ResponseCodeActionProvider } from './editor/codeActions';
import { DiagnosticsController } from './editor/diagnostics';
import { ResponseHoverProvider } from './editor/hoverProvider';
import { ResponseAnalyzer } from './editor/responseAnalyzer';
import { Log } from './log';

/** Builds the services and registers them; no network or disk work is awaited here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = new Log();
  const analyzer = new ResponseAnalyzer();
  context.subscriptions.push(
    log,
    analyzer,
    new DiagnosticsController(analyzer, log),
    new ResponseHoverProvider(analyzer),
    new ResponseCodeActionProvider(analyzer),
  );
  log.debug('extension', `activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
