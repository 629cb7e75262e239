import { RegionTokens, Token } from './tokens';

/**
 * A tolerant, iterative reader of one bounded JSON region, on the region tokenizer (`tokens.ts`, cut
 * as jsonc-parser's scanner cuts). It reports
 * every object as it closes, with its members and where it sits. Recovery is built for response
 * files, not for editing: a `{` always opens an object wherever it appears (so payloads that follow
 * a truncated one are still seen), a string followed by `:` where a comma was expected becomes a key
 * (the RD Station docs' malformed example), and nothing recurses, so nesting depth cannot overflow
 * the stack.
 */

/** Containers deeper than this are read as opaque: their members are skipped, not tracked. */
export const MAX_DEPTH = 64;

export type JsonValue =
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number; readonly closed: boolean }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'true' | 'false' | 'null' | 'object' | 'array'; readonly start: number; readonly end: number };

export interface JsonObject {
  readonly start: number;
  /** End offset: after the `}`, or after the last member read when the object never closed cleanly. */
  readonly end: number;
  readonly closed: boolean;
  /** Members by key; a repeated key keeps its last value, as JSON.parse does. */
  readonly members: ReadonlyMembers;
}

/** An object's members, in the order their keys first appeared. */
export interface ReadonlyMembers {
  readonly size: number;
  has(key: string): boolean;
  get(key: string): JsonValue | undefined;
  keyAt(index: number): string;
  valueAt(index: number): JsonValue;
  /** The member's value when it is a string, without building a `JsonValue`. */
  string(key: string): string | undefined;
  stringAt(index: number): string | undefined;
  /** The member's value when it is a number. */
  number(key: string): number | undefined;
}

/** What a member holds; a `JsonValue` is built from it only when asked for. */
const enum ValueKind {
  String,
  Number,
  True,
  False,
  Null,
  Object,
  Array,
}

const LITERAL_KINDS = ['true', 'false', 'null', 'object', 'array'] as const;

/** Objects with more members than this get a map from key to index; smaller ones are searched. */
const INDEXED_FROM = 12;

/**
 * Members kept in parallel arrays that are reused from object to object (a response object has a
 * handful of keys: comparing them beats hashing), so reading a member allocates nothing; most
 * members are never looked at, and the classifier reads the rest as strings and numbers. A large
 * object gets a map as well, so a repeated key is never looked for across thousands.
 */
class Members implements ReadonlyMembers {
  size = 0;
  private readonly keys: string[] = [];
  private readonly kinds: ValueKind[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** A string member's value (undefined for other kinds). */
  private readonly strings: (string | undefined)[] = [];
  /** A number member's value (0 for other kinds). */
  private readonly numbers: number[] = [];
  /** A string member ended with its closing quote. */
  private readonly closed: boolean[] = [];
  private index: Map<string, number> | undefined;

  clear(): void {
    this.size = 0;
    this.index = undefined;
  }

  private find(key: string): number {
    if (this.index) return this.index.get(key) ?? -1;
    const { keys } = this;
    for (let i = 0; i < this.size; i++) if (keys[i] === key) return i;
    return -1;
  }

  set(key: string, kind: ValueKind, start: number, end: number, text: string | undefined, number: number, closed: boolean): void {
    let at = this.find(key);
    if (at < 0) {
      at = this.size++;
      this.keys[at] = key;
      if (this.index) {
        this.index.set(key, at);
      } else if (this.size > INDEXED_FROM) {
        this.index = new Map();
        for (let j = 0; j < this.size; j++) this.index.set(this.keys[j], j);
      }
    }
    this.kinds[at] = kind;
    this.starts[at] = start;
    this.ends[at] = end;
    this.strings[at] = text;
    this.numbers[at] = number;
    this.closed[at] = closed;
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  get(key: string): JsonValue | undefined {
    const at = this.find(key);
    return at >= 0 ? this.valueAt(at) : undefined;
  }

  keyAt(index: number): string {
    return this.keys[index];
  }

  valueAt(index: number): JsonValue {
    const kind = this.kinds[index];
    const start = this.starts[index];
    const end = this.ends[index];
    if (kind === ValueKind.String) return { kind: 'string', value: this.strings[index] ?? '', start, end, closed: this.closed[index] };
    if (kind === ValueKind.Number) return { kind: 'number', value: this.numbers[index], start, end };
    return { kind: LITERAL_KINDS[kind - ValueKind.True], start, end };
  }

  string(key: string): string | undefined {
    return this.stringAt(this.find(key));
  }

  stringAt(index: number): string | undefined {
    return index >= 0 ? this.strings[index] : undefined;
  }

  number(key: string): number | undefined {
    const at = this.find(key);
    return at >= 0 && this.kinds[at] === ValueKind.Number ? this.numbers[at] : undefined;
  }
}

/** Keys and indices from the region's root to an object, root first. */
export type JsonPath = readonly (string | number)[];

/**
 * Called for every object as it closes. The object and its members are valid during the call only:
 * the reader reuses them for the next object (a region allocates no frame or map per container).
 */
export type ObjectVisitor = (object: JsonObject, path: () => JsonPath) => void;

const enum Expect {
  Key,
  Colon,
  Value,
  Comma,
}

interface Frame {
  isObject: boolean;
  start: number;
  /** Members of an object (empty for an array); reused with the frame. */
  readonly members: Members;
  expect: Expect;
  key: string | undefined;
  index: number;
  /** End of the last token that belonged to this container before anything that is not JSON. */
  lastEnd: number;
  /** Saw something that is not JSON (prose, a cut string): the container ends at `lastEnd`. */
  broken: boolean;
  /** Saw JSON in the wrong order (a missing comma or colon): still read, no longer "closed". */
  irregular: boolean;
  /** The last string value read, in case a `:` turns it into a key. */
  lastString: string | undefined;
}

export interface RegionResult {
  /** Offset where reading stopped: after the root's closing `}`, or the limit. */
  readonly end: number;
  /**
   * Reading ended with the root's closing `}`: what the region holds then depends on the text in
   * [start, end) alone (nothing after it was looked at).
   */
  readonly rootClosed: boolean;
}

/** What reading regions of one text needs, kept from region to region: the tokenizer and the frames. */
export interface RegionScanner {
  readonly tokens: RegionTokens;
  readonly reader: RegionReader;
}

/**
 * A region scanner over a whole text, shared by the regions read from it. `shareWith` lends its
 * reader (frames and maps) to a text decoded from it: reading is never nested, so one reader serves both.
 */
export function regionScanner(text: string, shareWith?: RegionScanner): RegionScanner {
  return { tokens: new RegionTokens(text), reader: shareWith?.reader ?? new RegionReader() };
}

/**
 * Reads the JSON object that starts at `text[start] === '{'`, never past `limit`, calling `visit`
 * for every object (innermost first). `scanner` is `regionScanner(text)`.
 */
export function readRegion(scanner: RegionScanner, start: number, limit: number, visit: ObjectVisitor): RegionResult {
  scanner.tokens.setPosition(start);
  return scanner.reader.read(scanner.tokens, limit, visit);
}

class RegionReader {
  private readonly stack: Frame[] = [];
  /** Frames (and their maps) of containers that closed, for the next ones. */
  private readonly pool: Frame[] = [];
  private visit: ObjectVisitor = () => undefined;
  /** Containers nested beyond MAX_DEPTH: counted, not tracked. */
  private opaqueDepth = 0;
  /** Depth of the object being visited, for `path`. */
  private visitingDepth = 0;
  /** The path of the object being visited, built only when the visitor asks for it. */
  private readonly path = (): JsonPath => {
    const steps: (string | number)[] = [];
    for (let i = 0; i < this.visitingDepth; i++) {
      const frame = this.stack[i];
      steps.push(frame.isObject ? (frame.key ?? '') : frame.index);
    }
    return steps;
  };

  read(scanner: RegionTokens, limit: number, visit: ObjectVisitor): RegionResult {
    this.visit = visit;
    this.opaqueDepth = 0;
    const stack = this.stack;
    let end = limit;
    for (;;) {
      // Trivia is skipped inside: white space or a comment that runs past the limit (an
      // unterminated `/*`) ends the region there.
      const token = scanner.next(limit);
      if (token === Token.Stop) break;
      const offset = scanner.offset;
      if (offset >= limit) break;
      const tokenEnd = scanner.end;
      // A string cut by the limit is read no further: the region ends after it.
      if (tokenEnd > limit) end = tokenEnd;

      if (this.opaqueDepth > 0) {
        if (token === Token.OpenBrace || token === Token.OpenBracket) this.opaqueDepth++;
        else if (token === Token.CloseBrace || token === Token.CloseBracket) this.opaqueDepth--;
        continue;
      }
      if (stack.length === 0) {
        if (token !== Token.OpenBrace) {
          end = offset; // the region holds exactly one root object
          break;
        }
        this.open(true, offset);
        continue;
      }
      const frame = stack[stack.length - 1];
      switch (token) {
        case Token.OpenBrace:
        case Token.OpenBracket:
          if (!this.open(token === Token.OpenBrace, offset)) {
            end = offset;
            return this.finish(end);
          }
          break;
        case Token.CloseBrace:
        case Token.CloseBracket:
          this.closer(token === Token.CloseBrace, tokenEnd);
          break;
        case Token.Comma:
          if (frame.expect !== Expect.Comma) frame.irregular = true;
          if (frame.isObject) {
            frame.expect = Expect.Key;
            frame.key = undefined;
          } else {
            frame.expect = Expect.Value;
            frame.index++;
          }
          break;
        case Token.Colon:
          if (frame.isObject && frame.expect === Expect.Colon) {
            frame.expect = Expect.Value;
          } else if (frame.isObject && frame.expect === Expect.Comma && frame.lastString !== undefined) {
            // `"error_message": "error": "invalid_token"`: the value just read was really the next key.
            frame.irregular = true;
            frame.key = frame.lastString;
            frame.lastString = undefined;
            frame.expect = Expect.Value;
          } else {
            frame.broken = true;
          }
          break;
        case Token.String:
          this.scalar(frame, ValueKind.String, offset, tokenEnd, scanner.stringValue(), 0, scanner.clean);
          break;
        case Token.Number:
          this.scalar(frame, ValueKind.Number, offset, tokenEnd, undefined, scanner.numberValue(), true);
          break;
        case Token.True:
          this.scalar(frame, ValueKind.True, offset, tokenEnd, undefined, 0, true);
          break;
        case Token.False:
          this.scalar(frame, ValueKind.False, offset, tokenEnd, undefined, 0, true);
          break;
        case Token.Null:
          this.scalar(frame, ValueKind.Null, offset, tokenEnd, undefined, 0, true);
          break;
        default:
          frame.broken = true; // text that is not JSON: log prose after a truncated payload, binary bytes…
      }
      if (stack.length === 0 && this.opaqueDepth === 0) return { end: tokenEnd, rootClosed: true };
    }
    return this.finish(end);
  }

  /** The limit or the end of the text came first: what never closed ends where it stopped making sense. */
  private finish(end: number): RegionResult {
    while (this.stack.length > 0) this.close(undefined);
    return { end, rootClosed: false };
  }

  /**
   * A `{` or `[`. Where an object expects a key or a comma, the object was cut short (a truncated
   * payload followed by the next one): it is closed where it stopped, so a run of truncated
   * objects stays a run of siblings instead of nesting ever deeper. Returns false when that closed
   * the root: the region ends before this token.
   */
  private open(isObject: boolean, offset: number): boolean {
    const stack = this.stack;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top.isObject || top.expect === Expect.Value) break;
      this.close(undefined);
      if (stack.length === 0) return false;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.isObject) {
        if (parent.key !== undefined) parent.members.set(parent.key, isObject ? ValueKind.Object : ValueKind.Array, offset, offset + 1, undefined, 0, true);
      } else if (parent.expect === Expect.Comma) {
        parent.irregular = true; // a missing comma between array elements
      }
    }
    if (stack.length >= MAX_DEPTH) {
      this.opaqueDepth++;
      return true;
    }
    const frame = this.pool.pop();
    if (frame) {
      frame.isObject = isObject;
      frame.start = offset;
      frame.members.clear();
      frame.expect = isObject ? Expect.Key : Expect.Value;
      frame.key = undefined;
      frame.index = 0;
      frame.lastEnd = offset + 1;
      frame.broken = false;
      frame.irregular = false;
      frame.lastString = undefined;
      stack.push(frame);
    } else {
      stack.push({
        isObject,
        start: offset,
        members: new Members(),
        expect: isObject ? Expect.Key : Expect.Value,
        key: undefined,
        index: 0,
        lastEnd: offset + 1,
        broken: false,
        irregular: false,
        lastString: undefined,
      });
    }
    return true;
  }

  /** A `}` or `]`: closes its container, or the one a few levels down it matches. */
  private closer(isObject: boolean, tokenEnd: number): void {
    const stack = this.stack;
    if (stack[stack.length - 1].isObject === isObject) {
      this.close(tokenEnd);
      return;
    }
    // Mismatched: it may end a container whose inner ones never closed.
    const lowest = Math.max(0, stack.length - 4);
    let match = stack.length - 2;
    while (match >= lowest && stack[match].isObject !== isObject) match--;
    if (match < lowest) {
      stack[stack.length - 1].broken = true;
      return;
    }
    while (stack.length - 1 > match) this.close(undefined);
    stack[stack.length - 1].broken = true;
    this.close(tokenEnd);
  }

  /** Closes the top frame; `end` is after its closing token, or undefined when it never closed. */
  private close(end: number | undefined): void {
    const stack = this.stack;
    const frame = stack[stack.length - 1];
    const objectEnd = end ?? Math.max(frame.lastEnd, frame.start + 1);
    if (frame.isObject) {
      this.visitingDepth = stack.length - 1;
      this.visit({ start: frame.start, end: objectEnd, closed: end !== undefined && !frame.broken && !frame.irregular, members: frame.members }, this.path);
    }
    stack.pop();
    this.pool.push(frame);
    const parent = stack[stack.length - 1];
    if (parent) {
      if (!parent.broken) parent.lastEnd = objectEnd;
      parent.expect = Expect.Comma;
    }
  }

  /** A string (`text`), number or literal arrived in `frame`; `clean` is false for a cut or bad string. */
  private scalar(frame: Frame, kind: ValueKind, start: number, end: number, text: string | undefined, number: number, clean: boolean): void {
    if (!frame.isObject) {
      if (frame.expect === Expect.Comma) frame.irregular = true;
      frame.expect = Expect.Comma;
    } else {
      switch (frame.expect) {
        case Expect.Key:
          if (text === undefined) {
            frame.broken = true;
            return;
          }
          frame.key = text;
          frame.expect = Expect.Colon;
          return;
        case Expect.Value:
          frame.members.set(frame.key ?? '', kind, start, end, text, number, clean);
          frame.lastString = text;
          frame.expect = Expect.Comma;
          break;
        case Expect.Colon:
          // `"a" "b"`: a value without its colon.
          frame.irregular = true;
          frame.members.set(frame.key ?? '', kind, start, end, text, number, clean);
          frame.expect = Expect.Comma;
          break;
        case Expect.Comma:
          // A missing comma: read the string as the next key.
          frame.irregular = true;
          if (text !== undefined) {
            frame.key = text;
            frame.expect = Expect.Colon;
          }
          return;
      }
    }
    if (!frame.broken) frame.lastEnd = end;
    if (!clean) frame.broken = true;
  }
}
