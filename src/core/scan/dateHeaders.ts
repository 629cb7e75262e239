import { Char, isBlank, isLineBreak, lineEnd, skipBlanks } from './chars';

/**
 * The response's own `Date:` for an HTTP-date Retry-After (headers.ts): a date becomes seconds only
 * relative to it. Its own module, as what makes it exact and linear is most of its code.
 */

/** How far a response's `Date:` line may be from its Retry-After. */
const DATE_REACH = 4096;

/*
 * The rule, as two expressions over the whole text would state it: a `Date:` line is where
 * `/^[ \t]*(?:<[ \t]*)?date[ \t]*:[ \t]*([^\r\n]*)/gim` matches, a blank line where `/\n[ \t]*\r?\n/g`
 * does, and a Retry-After takes the nearest `Date:` line before it or after it, within reach, with no
 * blank line in between. Two subtleties of the first expression: with the m flag `^` follows CR,
 * LF, U+2028 and U+2029, while the value runs to the next CR or LF only, so a U+2028 inside a value
 * hides any `Date:` after it on that line; and of the second: matched left to right, a line feed
 * that closes one blank line opens none.
 */

/**
 * The `Date:` line of the header block around each HTTP-date Retry-After, found by walking from the
 * Retry-After to the first `Date:` line or blank line on either side, no further than the reach: a
 * header block is a few lines, so a lookup reads a few hundred characters, not the 8 KiB around it.
 *
 * What the walks find are stops: the start of a `Date:` line, or a line feed that opens a blank
 * line. Every stop of [from, until) is known, and lookups move forward through the text (one
 * DateHeaders per scan), so a lookup walks only what the earlier ones did not: a text of
 * Retry-After lines alone is read about once, not 8 KiB per line.
 *
 * A walk stops at any blank line, though in a run of them the blank-line expression skips every
 * other line feed: the one before a skipped line feed is a match, and lies in between too, but for
 * the line feed that closes the blank line holding the lookup (`closesTakenBlankLine`). The walk
 * reads one character at a time and looks only at line terminators, LF and CR alike; the slow
 * path is a `Date` head after U+2028 or U+2029, whose physical line is read from its start.
 */
export class DateHeaders {
  /** The stops of [from, until), ascending. */
  private stops: number[] = [];
  private from = 0;
  private until = 0;
  /** The last value returned, by its line: a long `Date:` line is read to its end once. */
  private valueAt = -1;
  private value = '';
  /** What is known of the physical line a U+2028 or U+2029 segment last asked about (`headBefore`). */
  private headLine: HeadLine = { start: -1, checked: -1, head: -1 };
  /** The last blank line asked whether the expression takes its line feed (`blankTaken`). */
  private parity = { line: -1, taken: false };
  /** Characters examined so far. */
  work = 0;

  constructor(private readonly text: string) {}

  /** The value of the nearest `Date:` line within 4 KiB of `pos` with no blank line in between. */
  near(pos: number): string | undefined {
    this.knowBefore(pos);
    const before = this.lastStopBefore(pos);
    const after = this.dateFrom(pos);
    let best = before >= 0 && this.isDate(before) && pos - before <= DATE_REACH ? before : -1;
    if (after >= 0 && (best < 0 || after - pos < pos - best)) best = after;
    return best < 0 ? undefined : this.valueOf(best);
  }

  /**
   * Makes the stops known from `pos` back to the nearest one, or to the reach. What lies between the
   * known stretch and `pos` is walked back from `pos`; only a lookup that moves back, or past the
   * reach, forgets what is known.
   */
  private knowBefore(pos: number): void {
    if (pos < this.from || pos - DATE_REACH > this.until) this.restart(pos);
    if (pos > this.until) {
      const stop = this.walkBack(pos, this.until);
      // The stops under it are of no use to this lookup or the later ones, and what lies between is unknown.
      if (stop >= 0) {
        this.stops = [stop];
        this.from = stop;
      }
      this.until = pos;
    }
    const floor = Math.max(0, pos - DATE_REACH);
    if (this.from > floor && this.lastStopBefore(pos) < 0) {
      const stop = this.walkBack(this.from, floor);
      if (stop >= 0) this.stops.unshift(stop);
      this.from = stop >= 0 ? stop : floor;
    }
  }

  private restart(pos: number): void {
    this.stops = [];
    this.from = this.until = pos;
  }

  /** The last known stop before `pos`, or -1; `pos` lies in [from, until]. */
  private lastStopBefore(pos: number): number {
    const i = firstAtOrAfter(this.stops, pos) - 1;
    return i >= 0 ? this.stops[i] : -1;
  }

  /** The first `Date:` line in [pos, pos + reach] with no blank line the expression matches before it, or -1. */
  private dateFrom(pos: number): number {
    const limit = Math.min(this.text.length, pos + DATE_REACH);
    let stop = this.firstStopFrom(pos, limit);
    if (stop >= 0 && !this.isDate(stop) && this.closesTakenBlankLine(stop, pos)) stop = this.firstStopFrom(stop + 1, limit);
    return stop >= 0 && this.isDate(stop) ? stop : -1;
  }

  /**
   * `feed` closes the blank line that holds `pos`, and the blank-line expression matched there,
   * taking `feed` as its closing line feed: the blank line `feed` opens is then no match of its own,
   * and does not keep `pos` from a `Date:` line past it.
   */
  private closesTakenBlankLine(feed: number, pos: number): boolean {
    const line = this.blankLineEndingAt(feed);
    return line >= 0 && line <= pos && this.blankTaken(line);
  }

  /** The first stop in [at, limit], or -1; `at` lies in [from, until], and the stops are walked forward from `until` as far as needed. */
  private firstStopFrom(at: number, limit: number): number {
    const i = firstAtOrAfter(this.stops, at);
    if (i < this.stops.length) return this.stops[i] <= limit ? this.stops[i] : -1;
    if (this.until > limit) return -1;
    const stop = this.walkForward(this.until, limit);
    if (stop >= 0) this.stops.push(stop);
    this.until = stop >= 0 ? stop + 1 : limit + 1;
    return stop;
  }

  /** The first stop in [from, limit], or -1. Each character is read once; only line terminators are looked at further. */
  private walkForward(from: number, limit: number): number {
    if (this.isDateStart(from)) return from;
    const { text } = this;
    const end = Math.min(limit + 1, text.length);
    for (let i = from; i < end; i++) {
      const c = text.charCodeAt(i);
      if (!isLineTerminator(c)) continue;
      const stop = c === Char.lineFeed && this.opensBlankLine(i) ? i : i < limit && this.isDateStart(i + 1) ? i + 1 : -1;
      if (stop >= 0) {
        this.work += i + 1 - from;
        return stop;
      }
    }
    this.work += end - from;
    return -1;
  }

  /** The last stop in [floor, from), or -1. */
  private walkBack(from: number, floor: number): number {
    const { text } = this;
    for (let i = from - 1; i >= floor; i--) {
      const c = text.charCodeAt(i);
      if (!isLineTerminator(c)) continue;
      const stop = i + 1 < from && this.isDateStart(i + 1) ? i + 1 : c === Char.lineFeed && this.opensBlankLine(i) ? i : -1;
      if (stop >= 0) {
        this.work += from - i;
        return stop;
      }
    }
    this.work += from - floor;
    return floor < from && this.isDateStart(floor) ? floor : -1;
  }

  private isDate(stop: number): boolean {
    return this.text.charCodeAt(stop) !== Char.lineFeed;
  }

  /**
   * The `Date:` expression matches at `s`: a line starts there (after any terminator `^` follows),
   * with a `Date` head, and no earlier segment of its physical line has one, whose value would take `s` in.
   */
  private isDateStart(s: number): boolean {
    const previous = s > 0 ? this.text.charCodeAt(s - 1) : Char.lineFeed;
    if (!isLineTerminator(previous) || this.headEnd(s) < 0) return false;
    return isLineBreak(previous) || !this.headBefore(s);
  }

  /** Where the expression's head, `[ \t]*(?:<[ \t]*)?date[ \t]*:`, ends when it starts at `s`, or -1. */
  private headEnd(s: number): number {
    const { text } = this;
    let i = skipBlanks(text, s, text.length);
    if (text.charCodeAt(i) === Char.lessThan) i = skipBlanks(text, i + 1, text.length);
    const word = isDateWord(text, i);
    if (word) i = skipBlanks(text, i + 4, text.length);
    this.work += i + 1 - s;
    return word && text.charCodeAt(i) === Char.colon ? i + 1 : -1;
  }

  /** The value of the `Date:` line at `s`: the rest of its physical line (a U+2028 in it too), trimmed. */
  private valueOf(s: number): string {
    if (s !== this.valueAt) {
      const start = this.headEnd(s);
      const end = lineEnd(this.text, start, this.text.length);
      this.work += end - start;
      this.value = this.text.slice(start, end).trim();
      this.valueAt = s;
    }
    return this.value;
  }

  /**
   * Whether a segment of the physical line that holds `s` has a `Date` head before `s`. Only the rare
   * segments after U+2028 or U+2029 ask, and the answer needs the line from its start, however long:
   * what was checked of the last line asked about is kept, so lookups moving forward read it once.
   */
  private headBefore(s: number): boolean {
    const line = this.headLine;
    if (s < line.start || s > line.checked) this.checkHeadsUpTo(s);
    return this.headLine.head >= 0 && this.headLine.head < s;
  }

  /** Checks the segments of the physical line of `s` that start before `s`: on from the last line's, if `s` is in it. */
  private checkHeadsUpTo(s: number): void {
    const { text } = this;
    // Back to the line's start, or to where the last line was checked (after a U+2028 or U+2029,
    // never a line break): reached with no line break on the way, `s` is in that line.
    const checked = s >= this.headLine.start ? this.headLine.checked : -1;
    let start = s;
    while (start > checked && start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
    this.work += s - start;
    if (start > checked) this.headLine = { start, checked: start, head: -1 };
    const line = this.headLine;
    if (line.head < 0) {
      for (let i = line.checked; i < s && line.head < 0; i++) {
        if ((i === line.start || isUnicodeSeparator(text.charCodeAt(i - 1))) && this.headEnd(i) >= 0) line.head = i;
      }
      this.work += s - line.checked;
    }
    line.checked = s;
  }

  /** The line feed at `feed` opens a blank line: spaces or tabs, perhaps a CR, then a line feed. */
  private opensBlankLine(feed: number): boolean {
    const { text } = this;
    let i = skipBlanks(text, feed + 1, text.length);
    if (text.charCodeAt(i) === Char.carriageReturn) i++;
    this.work += i - feed;
    return text.charCodeAt(i) === Char.lineFeed;
  }

  /** The start of the line that `feed` ends if it is a blank line a line feed opens, or -1. */
  private blankLineEndingAt(feed: number): number {
    const { text } = this;
    let i = feed - 1;
    if (text.charCodeAt(i) === Char.carriageReturn) i--;
    while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
    this.work += feed - i;
    return text.charCodeAt(feed) === Char.lineFeed && text.charCodeAt(i) === Char.lineFeed ? i + 1 : -1;
  }

  /**
   * Whether the blank-line expression, matched left to right, matches at the line feed that opens
   * the blank line at `line`: in a run of blank lines it takes every other line feed, from the run's
   * first, so the answer is the parity of the lines back to it. The last answer is kept, so that
   * lookups moving forward through a long run do not count it again.
   */
  private blankTaken(line: number): boolean {
    let even = true;
    for (let at = line; ; even = !even) {
      if (at === this.parity.line) return this.rememberParity(line, even === this.parity.taken);
      const previous = this.blankLineEndingAt(at - 1);
      if (previous < 0) return this.rememberParity(line, even);
      at = previous;
    }
  }

  private rememberParity(line: number, taken: boolean): boolean {
    this.parity = { line, taken };
    return taken;
  }
}

/**
 * The segments of one physical line (CR or LF ends it) checked for a `Date` head: those starting in
 * [start, checked), the first with a head at `head` (-1 if none).
 */
interface HeadLine {
  start: number;
  checked: number;
  head: number;
}

/** What `^` follows with the m flag: LF, CR, U+2028 and U+2029. */
function isLineTerminator(c: number): boolean {
  return isLineBreak(c) || isUnicodeSeparator(c);
}

/** U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: they start a line for `^`, not for a value. */
function isUnicodeSeparator(c: number): boolean {
  return c === Char.lineSeparator || c === Char.paragraphSeparator;
}

/** `date` in any case at `i`: ASCII letters differ from their capitals by the 0x20 bit alone. */
function isDateWord(text: string, i: number): boolean {
  return (text.charCodeAt(i) | 0x20) === 0x64 && (text.charCodeAt(i + 1) | 0x20) === 0x61 && (text.charCodeAt(i + 2) | 0x20) === 0x74 && (text.charCodeAt(i + 3) | 0x20) === 0x65;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
