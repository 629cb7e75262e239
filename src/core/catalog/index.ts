import { normalizeMessage } from './define';
import { documentedStatuses, httpStatusEntry, problemEntry, PROBLEM_UNKNOWN, RETRY_AFTER } from './http';
import { OAUTH_ENTRIES } from './oauth';
import {
  EXPIRED_ACCESS_TOKEN,
  EXPIRED_ACCESS_TOKEN_MESSAGE,
  MISSING_ACCESS_TOKEN,
  MISSING_ACCESS_TOKEN_MESSAGE,
  RDSTATION_ROWS,
  unknownRdStationEntry,
  type RdStationRow,
} from './rdstation';
import { STORED_SECRET } from './secrets';
import type { CatalogEntry } from './types';

/** The error knowledge base: lookups from what a payload says to the entry that explains it. */

export { diagnosticMessage, explanation, resolveLang, type Explanation } from './explain';
export { httpStatusEntry, problemEntry } from './http';
export { normalizeMessage } from './define';
export { RETRY_AFTER, STORED_SECRET, EXPIRED_ACCESS_TOKEN, MISSING_ACCESS_TOKEN, PROBLEM_UNKNOWN };

const EXPIRED = normalizeMessage(EXPIRED_ACCESS_TOKEN_MESSAGE);
const MISSING = normalizeMessage(MISSING_ACCESS_TOKEN_MESSAGE);

interface TypeRows {
  readonly byMessage: ReadonlyMap<string, CatalogEntry>;
  readonly fallback: CatalogEntry;
}

/** Rows grouped by `error_type` (and alias); a type's fallback is its row without documented messages. */
const RD_TYPES: ReadonlyMap<string, TypeRows> = (() => {
  const grouped = new Map<string, RdStationRow[]>();
  for (const row of RDSTATION_ROWS) {
    for (const type of [row.type, ...(row.aliases ?? [])]) {
      const rows = grouped.get(type) ?? [];
      rows.push(row);
      grouped.set(type, rows);
    }
  }
  const result = new Map<string, TypeRows>();
  for (const [type, rows] of grouped) {
    const byMessage = new Map<string, CatalogEntry>();
    for (const row of rows) for (const message of row.messages ?? []) byMessage.set(normalizeMessage(message), row.entry);
    result.set(type, { byMessage, fallback: (rows.find((row) => !row.messages) ?? rows[0]).entry });
  }
  return result;
})();

export const RATE_LIMIT: CatalogEntry = RD_TYPES.get('RATE_LIMIT_EXCEDDED')!.fallback;

/** Upper snake case, as RD Station spells `error_type`. */
const RD_TYPE_SHAPE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const MAX_TYPE_LENGTH = 64;

const unknownTypes = new Map<string, CatalogEntry>();

export function isRdStationErrorType(value: string): boolean {
  return value.length <= MAX_TYPE_LENGTH && RD_TYPE_SHAPE.test(value);
}

/**
 * Classifies an RD Station error by `error_type` and message. Documented messages pick their row;
 * an undocumented message falls back to the type's entry; an unknown upper-snake type gets a generic
 * information entry. Returns `undefined` for values that are not RD Station-shaped.
 */
export function rdstationEntry(errorType: string, message?: string): CatalogEntry | undefined {
  const type = errorType.trim();
  if (!isRdStationErrorType(type)) return undefined;
  const normalized = message === undefined ? undefined : normalizeMessage(message);
  const byMessage = normalized === undefined ? undefined : messageEntry(normalized);
  if (byMessage) return byMessage;
  const rows = RD_TYPES.get(type);
  if (rows) return (normalized !== undefined && rows.byMessage.get(normalized)) || rows.fallback;
  let entry = unknownTypes.get(type);
  if (!entry) {
    entry = unknownRdStationEntry(type);
    // Types come from user text: keep the cache small whatever a file contains.
    if (unknownTypes.size < 256) unknownTypes.set(type, entry);
  }
  return entry;
}

/** The auth errors that RD Station identifies by their description alone. */
function messageEntry(normalized: string): CatalogEntry | undefined {
  if (normalized === EXPIRED) return EXPIRED_ACCESS_TOKEN;
  if (normalized === MISSING) return MISSING_ACCESS_TOKEN;
  return undefined;
}

/** A body's `error_description` (or `error_message`) that names an RD Station auth error by itself. */
export function descriptionEntry(description: string): CatalogEntry | undefined {
  return messageEntry(normalizeMessage(description));
}

/**
 * Classifies an OAuth `error` value from a body: RD Station's documented descriptions first, then
 * the standard codes (`oauth/<error>`). Unknown values get nothing.
 */
export function oauthEntry(error: string, description?: string): CatalogEntry | undefined {
  if (description !== undefined) {
    const byDescription = descriptionEntry(description);
    if (byDescription) return byDescription;
  }
  return OAUTH_ENTRIES.get(error.trim());
}

/**
 * Classifies the `error` of a `WWW-Authenticate` challenge: RD Station signals an expired access
 * token with `error="expired_token"`, everything else is read as RFC 6750.
 */
export function challengeEntry(error: string, description?: string): CatalogEntry | undefined {
  if (error.trim() === 'expired_token') return EXPIRED_ACCESS_TOKEN;
  return oauthEntry(error, description);
}

/** RD Station's other 429 bodies: `'lead_limiter' rate limit exceeded …` and the gateway's message. */
export function isRateLimitMessage(text: string): boolean {
  return normalizeMessage(text).includes('rate limit exceeded');
}

const STATIC_ENTRIES: readonly CatalogEntry[] = (() => {
  const entries = new Map<string, CatalogEntry>();
  const add = (entry: CatalogEntry | undefined) => entry && entries.set(entry.code, entry);
  for (const row of RDSTATION_ROWS) add(row.entry);
  add(EXPIRED_ACCESS_TOKEN);
  add(MISSING_ACCESS_TOKEN);
  for (const entry of OAUTH_ENTRIES.values()) add(entry);
  for (const status of documentedStatuses()) {
    add(httpStatusEntry(status));
    add(problemEntry(status));
  }
  add(PROBLEM_UNKNOWN);
  add(RETRY_AFTER);
  add(STORED_SECRET);
  return [...entries.values()];
})();

const BY_CODE = new Map(STATIC_ENTRIES.map((entry) => [entry.code, entry]));

/** Every documented entry (generated entries for other statuses and unknown types excluded). */
export function allEntries(): readonly CatalogEntry[] {
  return STATIC_ENTRIES;
}

/** The entry with this diagnostic code, including the generated ones (`http/418`, `rdstation/new-type`). */
export function entryByCode(code: string): CatalogEntry | undefined {
  const known = BY_CODE.get(code);
  if (known) return known;
  const match = /^(http|problem|rdstation)\/([a-z0-9-]+)$/.exec(code);
  if (!match) return undefined;
  const [, family, rest] = match;
  if (family === 'rdstation') return rdstationEntry(rest.toUpperCase().replace(/-/g, '_'));
  if (!/^\d{3}$/.test(rest)) return undefined;
  return family === 'http' ? httpStatusEntry(Number(rest)) : problemEntry(Number(rest));
}
