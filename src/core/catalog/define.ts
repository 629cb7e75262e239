import type { CatalogEntry, FixId, Localized, ProfileId, Severity } from './types';

/** Small builders that keep the catalogue rows short and uniform. */

export function l(en: string, ptBR: string): Localized {
  return { en, 'pt-BR': ptBR };
}

export interface EntryTexts {
  readonly title: Localized;
  readonly meaning: Localized;
  readonly cause: Localized;
  readonly fix: Localized;
}

export interface EntryFacts {
  readonly code: string;
  readonly severity: Severity | undefined;
  readonly docUrl: string;
  readonly fixes?: readonly FixId[];
  readonly httpStatus?: number;
  readonly profile?: ProfileId;
}

export function defineEntry(facts: EntryFacts, texts: EntryTexts): CatalogEntry {
  const entry: CatalogEntry = {
    code: facts.code,
    severity: facts.severity,
    title: texts.title,
    meaning: texts.meaning,
    cause: texts.cause,
    fix: texts.fix,
    docUrl: facts.docUrl,
    fixes: facts.fixes ?? [],
    ...(facts.httpStatus !== undefined ? { httpStatus: facts.httpStatus } : {}),
    ...(facts.profile !== undefined ? { profile: facts.profile } : {}),
  };
  return Object.freeze(entry);
}

/**
 * Compares payload messages the way people read them: Unicode NFC (a decomposed "ã" equals the
 * composed one), surrounding and repeated white space ignored, case ignored, one trailing period
 * optional.
 */
export function normalizeMessage(message: string): string {
  let text = message;
  // Most messages are plain ASCII with single spaces: skip the costly Unicode and white-space passes then.
  if (/[^\x21-\x7e ]| {2}/.test(text)) text = text.normalize('NFC').replace(/\s+/g, ' ');
  text = text.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1).trimEnd();
  return text;
}
