import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import type { FixId } from '../core/catalog/types';
import { findHeader, requestFor, setHeaderEdit } from '../core/httpRequest';
import type { Finding } from '../core/scan/types';
import { Disposable } from '../util/lifecycle';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { isRequestFile, RESPONSE_DOCUMENT_SELECTOR } from './documentSelection';
import type { ResponseAnalyzer } from './responseAnalyzer';

/** What a request file gets instead of a pasted token: a REST Client variable the user defines once. */
export const ACCESS_TOKEN_VARIABLE = '{{accessToken}}';
export const REDACTED = '<redacted>';

/**
 * Quick fixes for Tokenwise diagnostics. Only fixes that act are offered: an edit fix appears
 * only where its edit exists (a request to add the header to, a token to redact).
 */
export class ResponseCodeActionProvider extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyzer: ResponseAnalyzer) {
    super();
    this._register(
      vscode.languages.registerCodeActionsProvider(RESPONSE_DOCUMENT_SELECTOR, this, {
        providedCodeActionKinds: ResponseCodeActionProvider.providedCodeActionKinds,
      }),
    );
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    // VS Code asks on its own (the light bulb) at every keystroke next to a diagnostic: those
    // requests use only a scan already done, since a scan of a large file per keystroke is what
    // the debounce prevents. Right after an edit that leaves them empty-handed until the debounced
    // scan has run. A request the user makes (Ctrl+.) gets the current version, scanned if need be.
    const findings = context.triggerKind === vscode.CodeActionTriggerKind.Invoke ? this.analyzer.findings(document) : this.analyzer.scanned(document);
    if (!findings) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findings.find(
        (candidate) =>
          codeOf(diagnostic) === candidate.entry.code &&
          document.offsetAt(diagnostic.range.start) === candidate.start &&
          document.offsetAt(diagnostic.range.end) === candidate.end,
      );
      if (!finding) continue;
      let preferred = true;
      for (const fix of finding.entry.fixes) {
        const action = this.actionFor(fix, document, finding, diagnostic);
        if (!action) continue;
        action.diagnostics = [diagnostic];
        action.isPreferred = preferred;
        preferred = false;
        actions.push(action);
      }
    }
    return actions;
  }

  private actionFor(fix: FixId, document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic) {
    switch (fix) {
      case 'addAuthorizationHeader':
        return this.headerAction(document, finding, 'Authorization', `Bearer ${ACCESS_TOKEN_VARIABLE}`, vscode.l10n.t('Add the Authorization: Bearer header to the request'));
      case 'addContentTypeHeader':
        return this.headerAction(document, finding, 'Content-Type', 'application/json', vscode.l10n.t('Set Content-Type: application/json on the request'));
      case 'redactToken':
        return this.redactAction(document, finding, diagnostic);
      case 'refreshToken':
        return commandAction(vscode.l10n.t('Refresh the access token'), Commands.refreshAccessToken, finding);
      case 'updateClientCredentials':
        return commandAction(vscode.l10n.t('Update the client credentials'), Commands.setClientCredentials, finding);
      case 'requestClientCredentialsToken':
        return commandAction(vscode.l10n.t('Request a new client-credentials token'), Commands.requestClientCredentialsToken, finding);
      case 'signIn':
        return commandAction(vscode.l10n.t('Sign in again'), Commands.signIn, finding);
      case 'copyCallbackUrl':
        return commandAction(vscode.l10n.t('Copy the callback URL to register'), Commands.showCallbackUrl, finding);
    }
  }

  private headerAction(document: vscode.TextDocument, finding: Finding, name: string, value: string, title: string) {
    if (!isRequestFile(document)) return undefined;
    const text = document.getText();
    const request = requestFor(text, finding.start);
    if (!request) return undefined;
    // An Authorization header that is present but wrong is not "missing": do not add a second one.
    if (name === 'Authorization' && findHeader(request, name)) return undefined;
    const edit = setHeaderEdit(request, name, value, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
    if (!edit) return undefined;
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
    return action;
  }

  private redactAction(document: vscode.TextDocument, _finding: Finding, diagnostic: vscode.Diagnostic) {
    const replacement = isRequestFile(document) ? ACCESS_TOKEN_VARIABLE : REDACTED;
    // A range over a whole JSON string literal keeps its quotes, so the file stays valid JSON.
    const quoted = /^".*"$/s.test(document.getText(diagnostic.range));
    const action = new vscode.CodeAction(vscode.l10n.t('Redact the stored token'), vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, diagnostic.range, quoted ? `"${replacement}"` : replacement);
    return action;
  }
}

/** A fix that runs a token command, for the finding's profile when the catalogue names one (the command asks otherwise). */
function commandAction(title: string, command: string, finding: Finding): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { command, title, arguments: finding.entry.profile ? [finding.entry.profile] : [] };
  return action;
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
