import * as assert from 'node:assert/strict';
import { findRequests, requestFor, setHeaderEdit } from '../../src/core/httpRequest';

function apply(text: string, edit: { start: number; end: number; newText: string }): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

describe('httpRequest', () => {
  const file = [
    'POST https://api.rd.services/platform/contacts HTTP/1.1',
    'Content-Type: text/plain',
    '',
    '{"email":"a@b.c"}',
    '',
    '###',
    'GET https://api.rd.services/platform/contacts/email:a@b.c',
    'Accept: application/json',
    '',
    '# HTTP/1.1 401 Unauthorized',
    '# {"error":"invalid_request","error_description":"The access token is missing"}',
  ].join('\n');

  it('finds every request with its headers', () => {
    const requests = findRequests(file);
    assert.equal(requests.length, 2);
    assert.deepEqual(
      requests.map((request) => request.headers.map((header) => `${header.name}=${header.value}`)),
      [['Content-Type=text/plain'], ['Accept=application/json']],
    );
  });

  it('ties a response to the nearest request above it', () => {
    const request = requestFor(file, file.indexOf('The access token is missing'));
    assert.ok(request);
    assert.equal(request.headers[0].name, 'Accept');
  });

  it('adds a missing header after the last header line', () => {
    const request = requestFor(file, file.length)!;
    const edit = setHeaderEdit(request, 'Authorization', 'Bearer {{accessToken}}', '\n')!;
    const result = apply(file, edit);
    assert.match(result, /Accept: application\/json\nAuthorization: Bearer \{\{accessToken\}\}\n\n# HTTP/);
  });

  it('replaces a different value and leaves an equal one alone', () => {
    const first = findRequests(file)[0];
    const edit = setHeaderEdit(first, 'content-type', 'application/json', '\n')!;
    assert.match(apply(file, edit), /^POST .*\nContent-Type: application\/json\n\n/);
    const fixed = findRequests(apply(file, edit))[0];
    assert.equal(setHeaderEdit(fixed, 'Content-Type', 'application/json', '\n'), undefined);
  });

  it('keeps CRLF line endings and handles a request without headers', () => {
    const crlf = 'GET https://example.com/x\r\n\r\nbody';
    const request = findRequests(crlf)[0];
    const edit = setHeaderEdit(request, 'Authorization', 'Bearer t', '\r\n')!;
    assert.equal(apply(crlf, edit), 'GET https://example.com/x\r\nAuthorization: Bearer t\r\n\r\nbody');
  });

  it('finds no request in a plain response', () => {
    assert.equal(requestFor('HTTP/1.1 401 Unauthorized\n\n{"error":"invalid_token"}', 10), undefined);
  });
});
