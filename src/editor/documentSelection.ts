import * as vscode from 'vscode';
import { diagnosticsSettings } from '../config';

/**
 * Which documents are response files. Saved files match `tokenwise.diagnostics.include`;
 * untitled documents (where REST clients show responses) are analysed by language.
 */
const UNTITLED_LANGUAGES = new Set(['json', 'jsonc', 'http', 'log', 'plaintext']);

/** Schemes of documents backed by real text the user reads (not output panes or git views). */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

/** Providers are registered for these; `isResponseDocument` narrows it per document and setting. */
export const RESPONSE_DOCUMENT_SELECTOR: vscode.DocumentSelector = [...SCHEMES].map((scheme) => ({ scheme }));

export function isResponseDocument(document: vscode.TextDocument): boolean {
  if (!SCHEMES.has(document.uri.scheme)) return false;
  const settings = diagnosticsSettings(document.uri);
  if (!settings.enabled) return false;
  if (document.isUntitled) return UNTITLED_LANGUAGES.has(document.languageId);
  return settings.include.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}

/** Request files can receive header edits; other response files cannot. */
export function isRequestFile(document: vscode.TextDocument): boolean {
  return document.languageId === 'http' || /\.(http|rest)$/i.test(document.uri.path);
}
