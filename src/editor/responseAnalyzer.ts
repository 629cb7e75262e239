import * as vscode from 'vscode';
import type { Finding } from '../core/scan/types';
import { diagnosticsSettings } from '../config';
import { analysis } from '../core/lazyAnalysis';
import { Disposable } from '../util/lifecycle';
import { isResponseDocument } from './documentSelection';

export type Analysis =
  | { readonly state: 'scanned'; readonly version: number; readonly findings: readonly Finding[] }
  | { readonly state: 'tooLarge'; readonly version: number; readonly size: number; readonly limit: number }
  | { readonly state: 'excluded' };

/**
 * Scans response documents and remembers the findings of each document's current version, so
 * diagnostics, hovers and quick fixes share one scan instead of rescanning per request.
 */
export class ResponseAnalyzer extends Disposable {
  private readonly cache = new Map<string, Analysis & { version?: number }>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
  }

  /** The analysis of the document as it is now; scans only if the cached one is for an older version. */
  analyze(document: vscode.TextDocument): Analysis {
    if (!isResponseDocument(document)) {
      this.forget(document.uri);
      return { state: 'excluded' };
    }
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.state !== 'excluded' && cached.version === document.version) return cached;

    const analysis = this.scanDocument(document);
    this.cache.set(key, analysis);
    return analysis;
  }

  /** Findings of the current version, or none when the document is not analysed. */
  findings(document: vscode.TextDocument): readonly Finding[] {
    const analysis = this.analyze(document);
    return analysis.state === 'scanned' ? analysis.findings : [];
  }

  /**
   * The findings of the document's current version if it has been scanned already, without
   * scanning: undefined while an edit waits for its debounced scan.
   */
  scanned(document: vscode.TextDocument): readonly Finding[] | undefined {
    const cached = this.cache.get(document.uri.toString());
    return cached?.state === 'scanned' && cached.version === document.version ? cached.findings : undefined;
  }

  /** Drops cached results when settings change, since inclusion and size limits may differ. */
  invalidate(): void {
    this.cache.clear();
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  private scanDocument(document: vscode.TextDocument): Analysis {
    const { maxFileSizeBytes } = diagnosticsSettings(document.uri);
    const text = document.getText();
    // UTF-16 length is a lower bound of the UTF-8 size and close enough for a limit users set in MB.
    if (text.length > maxFileSizeBytes) {
      return { state: 'tooLarge', version: document.version, size: text.length, limit: maxFileSizeBytes };
    }
    return { state: 'scanned', version: document.version, findings: analysis().scan(text).findings };
  }
}
