import { readFile } from 'node:fs/promises';
import type { Lang, Severity } from '../core/catalog/types';
import { analysis } from '../core/lazyAnalysis';
import { LineIndex, stripBom, type Position } from '../core/text/lineIndex';

/** One finding as `--format json` prints it: the shape of an LSP diagnostic, plus its file. */
export interface LintRecord {
  readonly file: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: { readonly start: Position; readonly end: Position };
}

export type FileOutcome =
  | { readonly file: string; readonly records: LintRecord[] }
  | { readonly file: string; readonly error: string };

/** Lints text as the editor sees it: without a BOM, positions in UTF-16 code units. */
export function lintText(file: string, rawText: string, lang: Lang): LintRecord[] {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const records: LintRecord[] = [];
  const { scan, diagnosticMessage } = analysis();
  for (const finding of scan(text).findings) {
    if (finding.severity === undefined) continue; // explain-only findings are hovers, not problems
    records.push({
      file,
      code: finding.entry.code,
      severity: finding.severity,
      message: diagnosticMessage(finding, lang),
      range: { start: lines.positionAt(finding.start), end: lines.positionAt(finding.end) },
    });
  }
  return records;
}

export async function lintFile(file: string, lang: Lang): Promise<FileOutcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, error: code ?? (error instanceof Error ? error.message : String(error)) };
  }
  return { file, records: lintText(file, text, lang) };
}
