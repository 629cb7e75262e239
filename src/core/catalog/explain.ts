import type { Finding } from '../scan/types';
import type { Lang } from './types';

/** Turns a finding into the texts the editor and the CLI show, in English or Brazilian Portuguese. */

export interface Explanation {
  readonly title: string;
  readonly meaning: string;
  readonly cause: string;
  readonly fix: string;
  readonly docUrl: string;
  /** What this payload said: type, message, field, status, wait time. Plain text, one fact a line. */
  readonly details: readonly string[];
}

export { resolveLang } from './lang';

const LABELS = {
  errorType: { en: 'Error type', 'pt-BR': 'Tipo de erro' },
  oauthError: { en: 'OAuth error', 'pt-BR': 'Erro OAuth' },
  message: { en: 'Message', 'pt-BR': 'Mensagem' },
  status: { en: 'HTTP status', 'pt-BR': 'Status HTTP' },
  field: { en: 'Field', 'pt-BR': 'Campo' },
  token: { en: 'Token', 'pt-BR': 'Token' },
  retryAfter: { en: 'Retry after', 'pt-BR': 'Tente de novo em' },
} as const;

const MAX_QUOTED = 120;

/** One line: the title, what the payload said, and the first step of the fix. */
export function diagnosticMessage(finding: Finding, lang: Lang): string {
  const { entry } = finding;
  const summary = summarize(finding, lang);
  const title = entry.title[lang];
  const fix = lowerFirst(firstSentence(entry.fix[lang]));
  return `${title}${summary ? ` (${summary})` : ''} — ${fix}`;
}

/** The structured parts of a hover. */
export function explanation(finding: Finding, lang: Lang): Explanation {
  const { entry, details } = finding;
  const lines: string[] = [];
  if (details.errorType) lines.push(`${LABELS.errorType[lang]}: ${details.errorType}`);
  if (details.oauthError) lines.push(`${LABELS.oauthError[lang]}: ${details.oauthError}`);
  if (details.message) lines.push(`${LABELS.message[lang]}: "${quote(details.message)}"`);
  if (details.status !== undefined) lines.push(`${LABELS.status[lang]}: ${details.status}`);
  if (details.field) lines.push(`${LABELS.field[lang]}: ${quote(details.field)}`);
  if (details.retryAfterSeconds !== undefined) lines.push(`${LABELS.retryAfter[lang]} ${duration(details.retryAfterSeconds)}`);
  if (details.secretKind) lines.push(`${LABELS.token[lang]}: ${secretName(details.secretKind)}`);
  return {
    title: entry.title[lang],
    meaning: entry.meaning[lang],
    cause: entry.cause[lang],
    fix: entry.fix[lang],
    docUrl: entry.docUrl,
    details: lines,
  };
}

function summarize(finding: Finding, lang: Lang): string {
  const { details } = finding;
  const parts: string[] = [];
  switch (finding.kind) {
    case 'status':
      break; // the title already is the status line
    case 'secret':
      if (details.secretKind) parts.push(secretName(details.secretKind));
      break;
    default: {
      const head = details.errorType ?? details.oauthError ?? (details.status !== undefined ? String(details.status) : undefined);
      const message = details.message ? `"${quote(details.message)}"` : undefined;
      if (head && message) parts.push(`${head}: ${message}`);
      else if (head ?? message) parts.push((head ?? message)!);
      if (details.field) parts.push(`${LABELS.field[lang].toLowerCase()} ${quote(details.field)}`);
      if (details.retryAfterSeconds !== undefined) parts.push(`${LABELS.retryAfter[lang].toLowerCase()} ${duration(details.retryAfterSeconds)}`);
    }
  }
  return parts.join(', ');
}

function secretName(kind: 'access_token' | 'refresh_token' | 'jwt'): string {
  return kind === 'jwt' ? 'JWT' : kind;
}

/** Payload text on one line, shortened, with anything JWT-shaped masked: messages are shown, never secrets. */
function quote(text: string): string {
  let clean = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  clean = clean.replace(/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, 'eyJ…');
  return clean.length > MAX_QUOTED ? `${clean.slice(0, MAX_QUOTED - 1).trimEnd()}…` : clean;
}

/** `30 s`, `20745 s (5 h 45 min 45 s)`. */
function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const human = [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
  return `${total} s (${human})`;
}

/** The first sentence (or first clause before a semicolon), ending with a period. */
function firstSentence(text: string): string {
  const end = text.search(/[.;](\s|$)/);
  return end === -1 ? text : `${text.slice(0, end)}.`;
}

/** "Refresh the…" → "refresh the…", but "RD Station…" and "PATCH…" keep their capitals. */
function lowerFirst(text: string): string {
  if (text.length < 2) return text;
  const second = text[1];
  return second === second.toLowerCase() && second !== second.toUpperCase() ? text[0].toLowerCase() + text.slice(1) : text;
}
