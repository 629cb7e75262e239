/**
 * Finds the request a response belongs to in an `.http`/`.rest` request file (the REST Client and
 * JetBrains HTTP client format: `METHOD url [HTTP/x]`, header lines, a blank line, a body; requests
 * separated by `###`) and computes header edits on it. Offsets are UTF-16 offsets into the text.
 */

const REQUEST_LINE = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)[ \t]+\S+(?:[ \t]+HTTP\/[\d.]+)?[ \t]*$/;
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)[ \t]*:[ \t]*(.*)$/;

export interface HeaderLine {
  readonly name: string;
  readonly value: string;
  /** Offsets of the value, for replacing it. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface RequestBlock {
  /** Offset just after the request line's text (before its line break). */
  readonly requestLineEnd: number;
  /** Offset just after the last header line's text (the request line's end when there are none). */
  readonly headersEnd: number;
  readonly headers: readonly HeaderLine[];
}

interface Line {
  readonly text: string;
  readonly start: number;
}

function* lines(text: string): Generator<Line> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield { text: text.slice(start, lineEnd), start };
    start = end + 1;
  }
}

/** Every request block of the file, in order. */
export function findRequests(text: string): RequestBlock[] {
  const requests: RequestBlock[] = [];
  let current: { requestLineEnd: number; headersEnd: number; headers: HeaderLine[] } | undefined;
  let inHeaders = false;
  for (const line of lines(text)) {
    if (REQUEST_LINE.test(line.text)) {
      current = { requestLineEnd: line.start + line.text.length, headersEnd: line.start + line.text.length, headers: [] };
      requests.push(current);
      inHeaders = true;
      continue;
    }
    if (!current || !inHeaders) continue;
    const header = HEADER_LINE.exec(line.text);
    if (header) {
      const valueStart = line.start + line.text.length - header[2].length;
      current.headers.push({ name: header[1], value: header[2].trim(), valueStart, valueEnd: line.start + line.text.length });
      current.headersEnd = line.start + line.text.length;
    } else {
      inHeaders = false; // a blank line (or anything else) ends the headers
    }
  }
  return requests;
}

/** The request a finding at `offset` answers: the nearest one above it, else the file's first. */
export function requestFor(text: string, offset: number): RequestBlock | undefined {
  const requests = findRequests(text);
  let chosen: RequestBlock | undefined;
  for (const request of requests) {
    if (request.requestLineEnd <= offset) chosen = request;
  }
  return chosen ?? requests[0];
}

export function findHeader(request: RequestBlock, name: string): HeaderLine | undefined {
  const lower = name.toLowerCase();
  return request.headers.find((header) => header.name.toLowerCase() === lower);
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * The edit that makes `name: value` a header of the request: replaces a different value, or adds
 * a line after the last header. `undefined` when the request already has it.
 */
export function setHeaderEdit(request: RequestBlock, name: string, value: string, eol: string): TextEdit | undefined {
  const existing = findHeader(request, name);
  if (existing) {
    if (existing.value.toLowerCase() === value.toLowerCase()) return undefined;
    return { start: existing.valueStart, end: existing.valueEnd, newText: value };
  }
  return { start: request.headersEnd, end: request.headersEnd, newText: `${eol}${name}: ${value}` };
}
