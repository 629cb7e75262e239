import { descriptionEntry, isRateLimitMessage, normalizeMessage, oauthEntry, PROBLEM_UNKNOWN, problemEntry, RATE_LIMIT, rdstationEntry } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { interpretHeader, knownHeader } from './headers';
import type { JsonObject, JsonPath, JsonValue, ReadonlyMembers } from './jsonRegion';
import type { Finding, FindingDetails } from './types';

/**
 * Decides what one JSON object is: an RD Station error (any envelope), an OAuth error, a rate-limit
 * body, RFC 9457 problem details, or response headers written as JSON (HAR). Success bodies,
 * schemas and prose that merely mention these words are none of them.
 */

const GATEWAY_RATE_LIMIT = normalizeMessage('API rate limit exceeded');

/** Appends what `object` is to `findings`: at most one payload, or the headers it holds. */
export function classifyObject(object: JsonObject, path: () => JsonPath, findings: Finding[]): void {
  const members = object.members;
  if (!members.has('error_type') && !members.has('error') && !members.has('error_description') && !members.has('error_message') && !members.has('message') && !members.has('title') && !members.has('detail')) {
    headersIn(members, findings);
    return;
  }
  const payload = payloadMeaning(members, path);
  if (payload) findings.push(finding(payload.entry, 'payload', object.start, object.end, payload.details));
  else headersIn(members, findings);
}

function finding(entry: CatalogEntry, kind: Finding['kind'], start: number, end: number, details: FindingDetails): Finding {
  return { entry, severity: entry.severity, kind, start, end, details };
}

/**
 * Details built in place, in the order they are listed (no spread of a temporary object per
 * optional field: this runs for every payload).
 */
type Details = { -readonly [K in keyof FindingDetails]: FindingDetails[K] };

function withMessage(details: Details, message: string | undefined): Details {
  if (message !== undefined) details.message = message;
  return details;
}

function withField(details: Details, field: string | undefined): Details {
  if (field) details.field = field;
  return details;
}

function withStatus(details: Details, status: number | undefined): Details {
  if (status !== undefined) details.status = status;
  return details;
}

function integer(members: ReadonlyMembers, key: string): number | undefined {
  const value = members.number(key);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

function payloadMeaning(members: ReadonlyMembers, path: () => JsonPath): { entry: CatalogEntry; details: FindingDetails } | undefined {
  // RD Station: {"error_type", "error_message"} in every envelope.
  const errorType = members.string('error_type');
  const rdMessage = members.string('error_message') ?? members.string('message') ?? members.string('error_description');
  if (errorType !== undefined) {
    const entry = rdstationEntry(errorType, rdMessage);
    if (entry) {
      const field = fieldOf(path(), members.string('path'));
      return {
        entry,
        details: withField(withMessage({ errorType: errorType.trim() }, rdMessage), field),
      };
    }
  }

  // OAuth (RFC 6749/6750) and RD Station's bodies that use `error`.
  const error = members.string('error');
  const description = members.string('error_description') ?? members.string('error_message') ?? members.string('message');
  const status = integer(members, 'status') ?? integer(members, 'status_code') ?? integer(members, 'statusCode');
  if (error !== undefined) {
    if (isRateLimitMessage(error)) {
      const remaining = integer(members, 'remaining_time');
      const details: Details = { message: error };
      if (remaining !== undefined && remaining >= 0) details.retryAfterSeconds = remaining;
      return { entry: RATE_LIMIT, details };
    }
    const entry = oauthEntry(error, description);
    if (entry) {
      return {
        entry,
        details: withStatus(withMessage({ oauthError: error.trim() }, description), status),
      };
    }
    return undefined;
  }

  // The auth errors RD Station names by their description alone.
  const ownDescription = members.string('error_description') ?? members.string('error_message');
  if (ownDescription !== undefined) {
    const entry = descriptionEntry(ownDescription);
    if (entry) return { entry, details: { message: ownDescription } };
  }

  // The API gateway's 429 body.
  const message = members.string('message');
  if (message !== undefined && normalizeMessage(message) === GATEWAY_RATE_LIMIT) {
    return { entry: RATE_LIMIT, details: { message } };
  }

  return problemMeaning(members);
}

/** RFC 9457: a title or detail, and a 4xx/5xx status or a URI-like type. Nothing else claims the object. */
function problemMeaning(members: ReadonlyMembers): { entry: CatalogEntry; details: FindingDetails } | undefined {
  const title = members.string('title');
  const detail = members.string('detail');
  if (title === undefined && detail === undefined) return undefined;
  if (members.has('error') || members.has('error_type') || members.has('errors')) return undefined;
  const message = detail ?? title;
  if (members.has('status')) {
    const status = integer(members, 'status');
    if (status === undefined) return undefined;
    const entry = problemEntry(status);
    return entry ? { entry, details: withMessage({ status }, message) } : undefined;
  }
  const type = members.string('type');
  if (type === undefined || !isUriReference(type)) return undefined;
  return { entry: PROBLEM_UNKNOWN, details: message !== undefined ? { message } : {} };
}

function isUriReference(value: string): boolean {
  return /^(?:about:|https?:\/\/|urn:|tag:|\/)/i.test(value);
}

/**
 * The field an RD Station validation error is about: the key right under `errors` (keyed by field,
 * or by field and then language), else the error's own `path`.
 */
function fieldOf(path: JsonPath, ownPath: string | undefined): string | undefined {
  let errors = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === 'errors') {
      errors = i;
      break;
    }
  }
  if (errors >= 0) {
    for (let i = errors + 1; i < path.length; i++) {
      const step = path[i];
      if (typeof step === 'string' && step.length > 0) return step;
    }
  }
  return ownPath !== undefined && ownPath.length > 0 ? ownPath : undefined;
}

/** HAR's `{"name": "WWW-Authenticate", "value": "…"}` and header maps `{"retry-after": "30"}`. */
function headersIn(members: ReadonlyMembers, findings: Finding[]): void {
  const name = members.string('name');
  if (name !== undefined && members.string('value') !== undefined) {
    const header = knownHeader(name);
    if (header) {
      pushHeader(header, members.get('value') as StringValue, findings);
      return;
    }
  }
  for (let i = 0; i < members.size; i++) {
    if (members.stringAt(i) === undefined) continue;
    const header = knownHeader(members.keyAt(i));
    if (header) pushHeader(header, members.valueAt(i) as StringValue, findings);
  }
}

type StringValue = Extract<JsonValue, { kind: 'string' }>;

function pushHeader(header: NonNullable<ReturnType<typeof knownHeader>>, value: StringValue, findings: Finding[]): void {
  const meaning = interpretHeader(header, value.value);
  if (!meaning) return;
  // The value's characters, without its quotes.
  const start = value.start + 1;
  const end = value.closed ? value.end - 1 : value.end;
  findings.push(finding(meaning.entry, 'header', start, Math.max(start, end), meaning.details));
}
