import * as vscode from 'vscode';
import { resolveLang } from '../core/catalog/lang';
import { analysis } from '../core/lazyAnalysis';
import type { Localized, ProfileId } from '../core/catalog/types';
import type { Finding } from '../core/scan/types';
import { Disposable } from '../util/lifecycle';
import { RESPONSE_DOCUMENT_SELECTOR } from './documentSelection';
import type { ResponseAnalyzer } from './responseAnalyzer';

/** The hover's headings: in the same language as the catalogue text under them, whatever l10n bundle is loaded. */
const LABELS = {
  meaning: { en: 'What it means', 'pt-BR': 'O que significa' },
  cause: { en: 'Why it happens', 'pt-BR': 'Por que acontece' },
  fix: { en: 'How to fix it', 'pt-BR': 'Como corrigir' },
  docs: { en: 'Documentation', 'pt-BR': 'Documentação' },
  now: { en: 'now', 'pt-BR': 'agora' },
} satisfies Record<string, Localized>;

/** The live state of the profile a finding belongs to: its label and a sentence ("Expired 3m ago."). */
export interface ProfileLiveState {
  readonly label: string;
  readonly sentence: string;
}

export type LiveStateLookup = (profileId: ProfileId) => ProfileLiveState | undefined;

/**
 * Appends text that must show as typed. `appendText` escapes Markdown syntax but leaves `<` and `&`,
 * which the renderer would read as HTML or entities; as entities they display as themselves.
 */
function appendPlain(markdown: vscode.MarkdownString, text: string): vscode.MarkdownString {
  return markdown.appendText(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/**
 * Renders what a finding means, why it happens and how to fix it, in the given VS Code display
 * language, and where the finding belongs to a profile, that profile's state right now.
 */
export function renderExplanation(finding: Finding, language: string, live?: ProfileLiveState): vscode.MarkdownString {
  const lang = resolveLang(language);
  const parts = analysis().explanation(finding, lang);
  // Payload text is the provider's (or an attacker's): it goes in as escaped text, never as Markdown.
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.isTrusted = false;
  appendPlain(markdown.appendMarkdown('**'), parts.title).appendMarkdown(`** · \`${finding.entry.code}\`\n\n`);
  for (const line of parts.details) {
    appendPlain(markdown.appendMarkdown('> '), line).appendMarkdown('\n>\n');
  }
  markdown.appendMarkdown('\n');
  // Right under the payload, where a short hover still shows it. The label may be the user's own
  // (a profile's "label" setting): text, like the payload.
  if (live) {
    appendPlain(markdown.appendMarkdown('**'), `${live.label}, ${LABELS.now[lang]}:`).appendMarkdown('** ');
    appendPlain(markdown, live.sentence).appendMarkdown('\n\n');
  }
  appendPlain(markdown.appendMarkdown(`**${LABELS.meaning[lang]}:** `), parts.meaning).appendMarkdown('\n\n');
  appendPlain(markdown.appendMarkdown(`**${LABELS.cause[lang]}:** `), parts.cause).appendMarkdown('\n\n');
  appendPlain(markdown.appendMarkdown(`**${LABELS.fix[lang]}:** `), parts.fix).appendMarkdown('\n\n');
  markdown.appendMarkdown(`[${LABELS.docs[lang]}](${encodeURI(parts.docUrl)})`);
  return markdown;
}

export class ResponseHoverProvider extends Disposable implements vscode.HoverProvider {
  constructor(
    private readonly analyzer: ResponseAnalyzer,
    private readonly liveState: LiveStateLookup = () => undefined,
  ) {
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
    const live = finding.entry.profile ? this.liveState(finding.entry.profile) : undefined;
    return new vscode.Hover(renderExplanation(finding, vscode.env.language, live), range);
  }
}
