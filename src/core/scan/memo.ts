/**
 * What a scan found in a piece of text, remembered by that text for the rest of the scan. Logs
 * repeat their error bodies (the same 401 for every request of a run, the same escaped body in
 * every retry), and what a JSON region or a decoded string literal holds depends on its characters
 * alone: reading and classifying the same characters again would give the same findings, only at
 * other offsets. The scanner keeps findings here relative to where the piece starts.
 */

/** Longest piece remembered: a longer one is read every time (reading it dwarfs the lookup). */
export const MAX_REMEMBERED_LENGTH = 1024;
/** Pieces remembered per scan; past this, new ones are read without being remembered. */
export const MAX_REMEMBERED = 4096;
/**
 * Pieces kept per fingerprint. Texts that differ only where the fingerprint does not look (bodies
 * of one length with a request id in them) would otherwise make one bucket that every lookup
 * searches: past this, a lookup compares a few texts at most, and the rest are not remembered.
 */
export const MAX_PER_FINGERPRINT = 4;

export class TextMemo<V> {
  /**
   * Pieces by a fingerprint of their text (its length and eight of its characters), each bucket
   * searched with `===`. A map keyed by the text itself would hash every looked-up piece, all its
   * characters: that was the larger part of a lookup.
   */
  private readonly byFingerprint = new Map<number, { readonly text: string; readonly value: V }[]>();
  private size = 0;
  /** Lookups answered. */
  hits = 0;

  /** `capacity` 0 remembers nothing. */
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const bucket = this.byFingerprint.get(fingerprint(key));
    if (bucket === undefined) return undefined;
    for (const entry of bucket) {
      if (entry.text === key) {
        this.hits++;
        return entry.value;
      }
    }
    return undefined;
  }

  set(key: string, value: V): void {
    if (this.size >= this.capacity || key.length > MAX_REMEMBERED_LENGTH) return;
    const print = fingerprint(key);
    const bucket = this.byFingerprint.get(print);
    if (bucket === undefined) this.byFingerprint.set(print, [{ text: key, value }]);
    else if (bucket.length < MAX_PER_FINGERPRINT && !bucket.some((entry) => entry.text === key)) bucket.push({ text: key, value });
    else return;
    this.size++;
  }
}

/**
 * The length and eight characters spread over the text (ids and messages differ near the end, so
 * the next to last is one of them), folded into a small integer that is cheap to hash.
 */
function fingerprint(text: string): number {
  const n = text.length;
  let print = n;
  for (let i = 1; i < 8; i++) print = (print * 31 + text.charCodeAt((n * i) >> 3)) & 0x3fffffff;
  return (print * 31 + (text.charCodeAt(n - 2) & 0xffff)) & 0x3fffffff;
}

/**
 * The key of the JSON region that starts at `text[start] === '{'`, known before any token is read,
 * so a guess: the text up to the brace that balances it, braces inside strings counted too.
 * Undefined when no brace balances it within MAX_REMEMBERED_LENGTH. The scanner remembers a region
 * only when reading it really ended at that brace, with its root's closing token: equal keys then
 * mean equal regions, whatever the guess got wrong inside. Braces are found with `indexOf`, each
 * kind searched forward once.
 */
export function regionKey(text: string, start: number): string | undefined {
  const window = text.slice(start, start + MAX_REMEMBERED_LENGTH);
  let depth = 0;
  let open = 0;
  let close = window.indexOf('}');
  while (close >= 0) {
    if (open >= 0 && open < close) {
      depth++;
      open = window.indexOf('{', open + 1);
    } else if (--depth === 0) {
      return window.slice(0, close + 1);
    } else {
      close = window.indexOf('}', close + 1);
    }
  }
  return undefined;
}
