/**
 * Text that is not ours (a provider's error, or an attacker's posing as one) made safe to show in a
 * notification. VS Code renders `[label](command:…)` in a notification message as a link that runs
 * the command on click, so no link syntax survives: no brackets, parentheses, angle brackets or
 * backslashes; no control characters, no bidirectional overrides (which can make text read
 * differently from what it is); whitespace collapsed; at most `max` characters.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SYNTAX = /[[\]()<>\\]/g;

export function plainText(untrusted: string, max = 300): string {
  const cleaned = untrusted.replace(CONTROL, ' ').replace(BIDI, '').replace(SYNTAX, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
