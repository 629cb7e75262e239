import * as vscode from 'vscode';
import { resolveLang } from '../core/catalog/lang';
import { analysis } from '../core/lazyAnalysis';
import type { Severity } from '../core/catalog/types';
import type { Finding } from '../core/scan/types';
import { affects, SettingKeys } from '../config';
import type { Log } from '../log';
import { Disposable } from '../util/lifecycle';
import type { ResponseAnalyzer } from './responseAnalyzer';

/** VS Code's JSON server waits 500 ms after the last change, TypeScript 300 ms: stay in that range. */
export const VALIDATION_DELAY_MS = 300;
export const DIAGNOSTIC_SOURCE = 'Tokenwise';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(document: vscode.TextDocument, finding: Finding & { severity: Severity }): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const diagnostic = new vscode.Diagnostic(
    range,
    analysis().diagnosticMessage(finding, resolveLang(vscode.env.language)),
    SEVERITY[finding.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  // The code is the link between a diagnostic and its quick fixes, and its target opens the docs.
  diagnostic.code = { value: finding.entry.code, target: vscode.Uri.parse(finding.entry.docUrl) };
  return diagnostic;
}

/**
 * Publishes diagnostics for response documents: at once on open, debounced on edit, cleared on
 * close. A document over the size limit is skipped with one notice.
 */
export class DiagnosticsController extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('tokenwise'));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly noticedTooLarge = new Set<string>();

  constructor(
    private readonly analyzer: ResponseAnalyzer,
    private readonly log: Log,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.validate(document)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects(event, SettingKeys.diagnosticsEnabled, SettingKeys.diagnosticsInclude, SettingKeys.diagnosticsMaxFileSizeMB)) {
          this.analyzer.invalidate();
          this.validateAll();
        }
      }),
    );
    this._register({ dispose: () => this.pending.forEach((timer) => clearTimeout(timer)) });
    // The documents already open are checked right after activation, not inside it: a large log
    // open at startup must not hold up activate(), nor load the analysis bundle during it.
    const initial = setTimeout(() => this.validateAll(), 0);
    this._register({ dispose: () => clearTimeout(initial) });
  }

  validateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.validate(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        // The document may have been closed while waiting: its work is dropped, not done.
        if (!document.isClosed) this.validate(document);
      }, VALIDATION_DELAY_MS),
    );
  }

  private validate(document: vscode.TextDocument): void {
    try {
      const analysis = this.analyzer.analyze(document);
      switch (analysis.state) {
        case 'excluded':
          this.collection.delete(document.uri);
          return;
        case 'tooLarge':
          this.collection.delete(document.uri);
          this.noticeTooLarge(document, analysis.size, analysis.limit);
          return;
        case 'scanned': {
          const diagnostics = analysis.findings
            .filter((finding): finding is Finding & { severity: Severity } => finding.severity !== undefined)
            .map((finding) => toDiagnostic(document, finding));
          this.collection.set(document.uri, diagnostics);
          return;
        }
      }
    } catch (error) {
      // The scanner is built never to throw; should it, one document loses its squiggles, not the host.
      this.log.error('diagnostics', `could not analyse ${document.uri.toString(true)}`, error);
    }
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(uri);
  }

  private noticeTooLarge(document: vscode.TextDocument, size: number, limit: number): void {
    const key = document.uri.toString();
    if (this.noticedTooLarge.has(key)) return;
    this.noticedTooLarge.add(key);
    const name = vscode.workspace.asRelativePath(document.uri);
    const sizeMB = (size / (1024 * 1024)).toFixed(1);
    const limitMB = (limit / (1024 * 1024)).toFixed(1);
    this.log.info('diagnostics', `skipped ${name}: ${sizeMB} MB is over the ${limitMB} MB limit`);
    const openSettings = vscode.l10n.t('Change Limit');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Tokenwise did not check {0} for API errors: it is {1} MB, over the limit of {2} MB (setting tokenwise.diagnostics.maxFileSizeMB).',
          name,
          sizeMB,
          limitMB,
        ),
        openSettings,
      )
      .then((choice) => {
        if (choice === openSettings) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'tokenwise.diagnostics.maxFileSizeMB');
        }
      });
  }
}
