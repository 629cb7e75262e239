import * as vscode from 'vscode';
import { explanation, resolveLang } from '../core/catalog';
import type { Finding } from '../core/scan/types';
import { Disposable } from '../util/lifecycle';
import { RESPONSE_DOCUMENT_SELECTOR } from './documentSelection';
import type { ResponseAnalyzer } from './responseAnalyzer';

/** Renders what a finding means, why it happens and how to fix it, in the user's language. */
export function renderExplanation(finding: Finding, language: string): vscode.MarkdownString {
  const parts = explanation(finding, resolveLang(language));
  // Payload text is the provider's (or an attacker's): it goes in as escaped text, never as Markdown.
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = false;
  markdown.appendMarkdown('**').appendText(parts.title).appendMarkdown('** · `').appendText(finding.entry.code).appendMarkdown('`\n\n');
  for (const line of parts.details) {
    markdown.appendMarkdown('> ').appendText(line).appendMarkdown('\n>\n');
  }
  markdown.appendMarkdown('\n');
  markdown.appendMarkdown(`**${vscode.l10n.t('What it means')}:** `).appendText(parts.meaning).appendMarkdown('\n\n');
  markdown.appendMarkdown(`**${vscode.l10n.t('Why it happens')}:** `).appendText(parts.cause).appendMarkdown('\n\n');
  markdown.appendMarkdown(`**${vscode.l10n.t('How to fix it')}:** `).appendText(parts.fix).appendMarkdown('\n\n');
  markdown.appendMarkdown(`[${vscode.l10n.t('Documentation')}](${encodeURI(parts.docUrl)})`);
  return markdown;
}

export class ResponseHoverProvider extends Disposable implements vscode.HoverProvider {
  constructor(private readonly analyzer: ResponseAnalyzer) {
    super();
    this._register(vscode.languages.registerHoverProvider(RESPONSE_DOCUMENT_SELECTOR, this));
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = document.offsetAt(position);
    // Innermost first: a status line hover must not hide the payload under the cursor.
    const hits = this.analyzer
      .findings(document)
      .filter((finding) => finding.start <= offset && offset <= finding.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start));
    if (hits.length === 0) return undefined;
    const finding = hits[0];
    const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
    return new vscode.Hover(renderExplanation(finding, vscode.env.language), range);
  }
}
