import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scan } from '../../src/core/scan';
import { interpretHeader } from '../../src/core/scan/headers';
import type { Finding } from '../../src/core/scan/types';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');
const expected: Record<string, string[]> = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8'));

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL3Jkc3RhdGlvbi5hdXRoMC5jb20vIn0.dGhpcy1pcy1hLXNpZ25hdHVyZQ';

/** What a test compares: code, kind and the exact text the range covers. */
function found(text: string): { code: string; kind: string; text: string }[] {
  return scan(text).findings.map((f) => ({ code: f.entry.code, kind: f.kind, text: text.slice(f.start, f.end) }));
}

function only(text: string): Finding {
  const findings = scan(text).findings;
  assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.entry.code)));
  return findings[0];
}

describe('scan', () => {
  describe('fixtures (test/fixtures/expected.json)', () => {
    for (const [file, codes] of Object.entries(expected)) {
      it(`${file}: ${codes.length ? codes.join(', ') : 'nothing'}`, () => {
        const text = readFileSync(path.join(fixtures, file), 'utf8');
        const result = scan(text);
        assert.deepEqual(
          result.findings.filter((f) => f.severity !== undefined).map((f) => f.entry.code),
          codes,
        );
        let previous = 0;
        for (const f of result.findings) {
          assert.ok(f.start >= previous && f.start <= f.end && f.end <= text.length, `${f.entry.code} [${f.start}, ${f.end})`);
          previous = f.start;
          assert.equal(f.severity, f.entry.severity);
          const covered = text.slice(f.start, f.end);
          switch (f.kind) {
            case 'payload':
              if (!file.startsWith('robustness/')) assert.match(covered, /^[{"][\s\S]*[}"]$/, `${file}: ${covered}`);
              break;
            case 'header':
              assert.match(covered, /^\S[^\r\n]*$/, `${file}: ${covered}`);
              break;
            case 'status':
              assert.match(covered, /^HTTP\/[\d.]+ \d{3}[^\r\n]*$/, `${file}: ${covered}`);
              break;
            case 'secret':
              assert.match(covered, /^[A-Za-z0-9._~+/=-]{8,}$/, `${file}: ${covered}`);
              break;
          }
        }
        // The same text with the BOM removed (as VS Code and the CLI see it) gives the same codes.
        if (text.charCodeAt(0) === 0xfeff) {
          assert.deepEqual(
            scan(text.slice(1)).findings.map((f) => [f.entry.code, f.start + 1, f.end + 1]),
            result.findings.map((f) => [f.entry.code, f.start, f.end]),
          );
        }
      });
    }
  });

  describe('RD Station envelopes: one finding per error object, on the object', () => {
    it('flat, one line: the whole object', () => {
      const text = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}';
      assert.deepEqual(found(text), [{ code: 'rdstation/invalid-token', kind: 'payload', text }]);
      assert.deepEqual(only(text).details, { errorType: 'UNAUTHORIZED', message: 'Invalid token.' });
    });

    it('{"errors": {…}}: the inner object', () => {
      const inner = '{"error_type":"RESOURCE_NOT_FOUND","error_message":"Lead not found."}';
      assert.deepEqual(found(`{"errors":${inner}}`), [{ code: 'rdstation/resource-not-found', kind: 'payload', text: inner }]);
    });

    it('{"errors": […]} with path and validation_rules: each object, path as field', () => {
      const a = '{"error_type":"CANNOT_BE_NULL","error_message":"email cannot be null.","path":"$.email","validation_rules":{"required":true}}';
      const b = '{"error_type":"INVALID_DATA_TYPE","error_message":"Must be of type \'SET\'.","path":"$.payload.tags"}';
      const c = '{"error_type":"TAKEN","error_message":"Already in use"}';
      const text = `{\n  "errors": [\n    ${a},\n    ${b},\n    ${c}\n  ]\n}`;
      const findings = scan(text).findings;
      assert.deepEqual(
        findings.map((f) => text.slice(f.start, f.end)),
        [a, b, c],
      );
      assert.deepEqual(
        findings.map((f) => f.details.field),
        ['$.email', '$.payload.tags', undefined],
      );
    });

    it('keyed by field, and by field and language: the field is the key under "errors"', () => {
      const byField = scan('{"errors":{"name":[{"error_type":"MUST_BE_STRING","error_message":"Name must be string."}]}}').findings;
      assert.deepEqual(
        byField.map((f) => [f.entry.code, f.details.field]),
        [['rdstation/must-be-string', 'name']],
      );
      const byLanguage = scan(
        '{"errors":{"label":{"pt-BR":[{"error_type":"CANNOT_BE_BLANK","error_message":"não pode ficar em branco"}],"en":[{"error_type":"TOO_LONG","error_message":"is too long"}]}}}',
      ).findings;
      assert.deepEqual(
        byLanguage.map((f) => [f.entry.code, f.details.field, f.details.message]),
        [
          ['rdstation/cannot-be-blank', 'label', 'não pode ficar em branco'],
          ['rdstation/too-long', 'label', 'is too long'],
        ],
      );
    });

    it('the documented malformed expired-token example: the object as far as it goes', () => {
      const text = '{\n"error_description": "The access token is invalid or has expired",\n"error_message": "error": "invalid_token"\n}';
      assert.deepEqual(found(text), [{ code: 'rdstation/expired-access-token', kind: 'payload', text }]);
      const truncated = '{\n"error_description": "The access token is invalid or has expired",\n"error_message": "error": "invalid_token"';
      assert.deepEqual(found(truncated), [{ code: 'rdstation/expired-access-token', kind: 'payload', text: truncated }]);
    });

    it('matches the Portuguese message with accents composed or decomposed', () => {
      for (const form of ['NFC', 'NFD'] as const) {
        const message = 'O parâmetro redirect_uri não contém um valor válido.'.normalize(form);
        assert.equal(only(`{"error_type":"ACCESS_DENIED","error_message":"${message}"}`).entry.code, 'rdstation/invalid-redirect-uri');
      }
      assert.equal(only('{"error_type":"ACCESS_DENIED","error_message":"O par\\u00e2metro redirect_uri n\\u00e3o cont\\u00e9m um valor v\\u00e1lido."}').entry.code, 'rdstation/invalid-redirect-uri');
    });

    it('recognises the other 429 bodies, with remaining_time as the wait', () => {
      const limiter = only('{"error":"\'lead_limiter\' rate limit exceeded for 86400 second(s) period for key abc","max":24,"usage":55,"remaining_time":20745}');
      assert.equal(limiter.entry.code, 'rdstation/rate-limit');
      assert.equal(limiter.details.retryAfterSeconds, 20745);
      assert.equal(only('{"message":"API rate limit exceeded"}').entry.code, 'rdstation/rate-limit');
    });
  });

  describe('OAuth errors and problem details', () => {
    it('reads RFC 6749/6750 bodies, keeping the raw error in the code', () => {
      assert.equal(only('{"error":"invalid_grant","error_description":"Bad code"}').entry.code, 'oauth/invalid_grant');
      assert.equal(only('{"error": "insufficient_scope"}').entry.code, 'oauth/insufficient_scope');
      assert.deepEqual(only('{"error":"invalid_request","error_description":"The access token is missing"}').entry.code, 'rdstation/missing-access-token');
    });

    it('reads problem details, with or without a status', () => {
      const forbidden = only('{"type":"about:blank","title":"Forbidden","status":403,"detail":"No access to templates"}');
      assert.equal(forbidden.entry.code, 'problem/403');
      assert.equal(forbidden.severity, 'error');
      assert.deepEqual(forbidden.details, { status: 403, message: 'No access to templates' });
      assert.equal(only('{"title":"Conflict","status":409}').entry.code, 'problem/409');
      assert.equal(only('{"type":"https://example.com/probs/x","title":"Out of credit"}').entry.code, 'problem/unknown');
    });

    it('reads each member as the kind it is, and a repeated key as its last value (as JSON.parse does)', () => {
      assert.deepEqual(only('{"error":"invalid_token","status":401}').details, { oauthError: 'invalid_token', status: 401 });
      // A status written as a string, true or null is no status.
      for (const status of ['"401"', 'true', 'null', '{"code":401}', '401.5']) {
        assert.deepEqual(only(`{"error":"invalid_token","status":${status}}`).details, { oauthError: 'invalid_token' }, status);
        assert.deepEqual(found(`{"title":"Unauthorized","status":${status}}`), [], status);
      }
      assert.equal(only('{"error":"invalid_request","error":"invalid_grant"}').entry.code, 'oauth/invalid_grant');
      assert.equal(only('{"error":"invalid_grant","error":null,"error":"invalid_client"}').entry.code, 'oauth/invalid_client');
      assert.deepEqual(found('{"error":"invalid_grant","error":404}'), []);
    });
  });

  describe('headers and status lines', () => {
    it('covers the status line without its line break, and each header value', () => {
      const text =
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"\r\nretry-after: 30  \r\n\r\n';
      assert.deepEqual(found(text), [
        { code: 'http/401', kind: 'status', text: 'HTTP/1.1 401 Unauthorized' },
        {
          code: 'rdstation/expired-access-token',
          kind: 'header',
          text: 'Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"',
        },
        { code: 'http/retry-after', kind: 'header', text: '30' },
      ]);
      const retry = scan(text).findings[2];
      assert.equal(retry.severity, undefined);
      assert.equal(retry.details.retryAfterSeconds, 30);
    });

    it('reads HTTP/2 and HTTP/1.0 status lines, and curl -v output', () => {
      assert.deepEqual(found('HTTP/2 429\nretry-after: 5\n'), [
        { code: 'http/429', kind: 'status', text: 'HTTP/2 429' },
        { code: 'http/retry-after', kind: 'header', text: '5' },
      ]);
      assert.equal(only('HTTP/1.0 503 Service Unavailable').entry.code, 'http/503');
      assert.equal(only('< HTTP/1.1 200 OK\n').severity, undefined);
    });

    it('ignores HTTP/ that does not start a status line', () => {
      assert.deepEqual(found('GET https://api.rd.services/platform/contacts HTTP/1.1\nAccept: application/json\n'), []);
      assert.deepEqual(found('{"httpVersion": "HTTP/1.1", "status": 200}'), []);
      assert.deepEqual(found('HTTP/1.1 abc\nHTTP/1.1 4011 x\n'), []);
    });

    it('turns an HTTP-date Retry-After into seconds against the response Date', () => {
      const finding = scan('HTTP/1.1 503 Service Unavailable\nDate: Wed, 01 May 2024 12:00:00 GMT\nRetry-After: Wed, 01 May 2024 12:02:00 GMT\n').findings[1];
      assert.equal(finding.entry.code, 'http/retry-after');
      assert.equal(finding.details.retryAfterSeconds, 120);
      const withoutDate = scan('Retry-After: Wed, 01 May 2024 12:02:00 GMT\n').findings[0];
      assert.deepEqual(withoutDate.details, { message: 'Wed, 01 May 2024 12:02:00 GMT' });
    });

    it('unquotes the quoted-pairs of a challenge parameter, and keeps a lone backslash at its end', () => {
      const challenge = interpretHeader('www-authenticate', 'Bearer error="invalid_token", error_description="The \\"access\\" token is not valid \\\\ here", realm="a\\"');
      assert.deepEqual(challenge?.details, { oauthError: 'invalid_token', message: 'The "access" token is not valid \\ here' });
      assert.deepEqual(interpretHeader('www-authenticate', 'Bearer error="invalid_token", error_description="cut \\')?.details, { oauthError: 'invalid_token', message: 'cut \\' });
    });

    it('reads the x-amzn-remapped copy and retry-after-quotas', () => {
      assert.equal(only('x-amzn-remapped-www-authenticate: Bearer error="expired_token"').entry.code, 'rdstation/expired-access-token');
      assert.equal(only('retry-after-quotas: 42').details.retryAfterSeconds, 42);
    });

    it('reads headers written as JSON (HAR name/value pairs, header maps)', () => {
      const har = '{"name": "WWW-Authenticate", "value": "Bearer error=\\"invalid_token\\""}';
      assert.deepEqual(found(har), [{ code: 'oauth/invalid_token', kind: 'header', text: 'Bearer error=\\"invalid_token\\"' }]);
      assert.deepEqual(found('{"headers": {"retry-after": "60"}}'), [{ code: 'http/retry-after', kind: 'header', text: '60' }]);
    });

    it('says nothing for a challenge without an error, or prose about headers', () => {
      assert.deepEqual(found('WWW-Authenticate: Bearer realm="api"\nthe Retry-After: header tells how long to wait'), []);
    });
  });

  describe('stored tokens', () => {
    it('covers the token only, once, with the member kind when a JWT is an access_token', () => {
      const text = JSON.stringify({ access_token: JWT, expires_in: 86400, refresh_token: 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b' }, null, 2);
      const findings = scan(text).findings;
      assert.deepEqual(
        findings.map((f) => [f.entry.code, f.details.secretKind, text.slice(f.start, f.end)]),
        [
          ['token/stored-secret', 'access_token', JWT],
          ['token/stored-secret', 'refresh_token', 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b'],
        ],
      );
    });

    it('finds a JWT anywhere: a request header, a log line, a URL', () => {
      for (const text of [`Authorization: Bearer ${JWT}\n`, `token=${JWT}&x=1`, `"${JWT}"`]) {
        const finding = only(text);
        assert.equal(text.slice(finding.start, finding.end), JWT);
        assert.equal(finding.details.secretKind, 'jwt');
      }
    });

    it('ignores placeholders and the token endpoint request of a request file', () => {
      for (const value of ['<JWT>', '…', '...', '{{token}}', '$TOKEN', '<redacted>', '***', '${TOKEN}', '', 'eyJ…', 'your-access-token', 'short']) {
        assert.deepEqual(found(JSON.stringify({ access_token: value, refresh_token: value })), [], value);
      }
      assert.deepEqual(found('Authorization: Bearer {{accessToken}}\n'), []);
      assert.deepEqual(found('{"accessToken": 12345678, "refreshToken": null}'), []);
    });

    it('can be turned off', () => {
      assert.deepEqual(scan(`{"access_token":"${JWT}"}`, { secrets: false }).findings, []);
    });
  });

  describe('where payloads hide', () => {
    it('in log lines, on the JSON only', () => {
      const json = '{"error_type":"ACCESS_DENIED","error_message":"Wrong credentials provided."}';
      const text = `2024-05-01T10:00:00Z ERROR POST /auth/token -> 401 ${json} (12 ms)\n`;
      assert.deepEqual(found(text), [{ code: 'rdstation/wrong-credentials', kind: 'payload', text: json }]);
    });

    it('after the status line and headers of a saved response, with CRLF', () => {
      const body = '{\r\n  "error_type": "UNAUTHORIZED",\r\n  "error_message": "Invalid token."\r\n}';
      const text = `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n${body}\r\n`;
      assert.deepEqual(found(text), [
        { code: 'http/401', kind: 'status', text: 'HTTP/1.1 401 Unauthorized' },
        { code: 'rdstation/invalid-token', kind: 'payload', text: body },
      ]);
    });

    it('after a byte order mark, with offsets into the text as given', () => {
      const text = '\uFEFF{"error":"invalid_client"}';
      const finding = only(text);
      assert.deepEqual([finding.start, finding.end], [1, text.length]);
    });

    it('inside a JSON string (HAR content.text): on the whole literal, one finding per error', () => {
      const body = JSON.stringify({ errors: [{ error_type: 'CANNOT_BE_NULL', error_message: 'x' }, { error_type: 'TAKEN', error_message: 'y' }] });
      const literal = JSON.stringify(body);
      const text = `{"response":{"content":{"mimeType":"application/json","text":${literal}}}}`;
      assert.deepEqual(found(text), [
        { code: 'rdstation/cannot-be-null', kind: 'payload', text: literal },
        { code: 'rdstation/taken', kind: 'payload', text: literal },
      ]);
    });

    it('inside an escaped string of a log line, quoted or bare', () => {
      const quoted = 'body="{\\"error\\":\\"invalid_grant\\"}" status=400';
      assert.deepEqual(found(quoted), [{ code: 'oauth/invalid_grant', kind: 'payload', text: '"{\\"error\\":\\"invalid_grant\\"}"' }]);
      const bare = 'ERROR response={\\"error\\":\\"invalid_grant\\"} status=400';
      assert.deepEqual(found(bare), [{ code: 'oauth/invalid_grant', kind: 'payload', text: '{\\"error\\":\\"invalid_grant\\"}' }]);
    });

    it('maps tokens inside escaped JSON back to their own characters', () => {
      const text = JSON.stringify({ text: JSON.stringify({ access_token: JWT, refresh_token: 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b' }) });
      assert.deepEqual(
        found(text).map((f) => f.text),
        [JWT, 'Tq1Pk7QzQjlJZ3cLxM5h0uD9b'],
      );
    });

    it('inside JSON escaped twice', () => {
      const text = JSON.stringify({ log: JSON.stringify({ body: JSON.stringify({ error_type: 'UNAUTHORIZED', error_message: 'Invalid token.' }) }) });
      assert.deepEqual(
        found(text).map((f) => f.code),
        ['rdstation/invalid-token'],
      );
    });

    it('in a comment of a request file', () => {
      const text = 'GET https://api.rd.services/platform/contacts HTTP/1.1\nAccept: application/json\n\n###\n# {"error":"invalid_request","error_description":"The access token is missing"}\n';
      const finding = only(text);
      assert.equal(finding.entry.code, 'rdstation/missing-access-token');
      assert.equal(text.slice(finding.start, finding.end), '{"error":"invalid_request","error_description":"The access token is missing"}');
    });

    it('after a truncated payload, and after a truncated payload on the same line', () => {
      const text = '{"errors":[{"error_type":"CANNOT_BE_NULL","error_message":"email cann\n{"error_type":"UNAUTHORIZED","error_message":"Invalid token."} {"error":"invalid_grant"';
      assert.deepEqual(
        found(text).map((f) => [f.code, f.text]),
        [
          ['rdstation/cannot-be-null', '{"error_type":"CANNOT_BE_NULL","error_message":"email cann'],
          ['rdstation/invalid-token', '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}'],
          ['oauth/invalid_grant', '{"error":"invalid_grant"'],
        ],
      );
    });
  });

  describe('no false alarms', () => {
    const quiet = {
      'a success response with a token': `{"access_token":"<redacted>","expires_in":86400,"refresh_token":"<redacted>"}`,
      'prose that mentions error_type': 'The `error_type` field, e.g. "error_type" UNAUTHORIZED with error_message "Invalid token.", means sign in.',
      'a JSON schema': '{"properties":{"error_type":{"type":"string"},"error":{"type":"object"},"errors":{"type":"array"}}}',
      'a message quoted outside an error object': '{"note":"we saw Invalid token. yesterday"}',
      'null, false and empty errors': '{"error": null, "errors": [], "result": {"error": false, "errors": {}}}',
      'an error field that is a log level': '{"level":"error","msg":"error"}',
      'an unknown error string': '{"error":"connection reset by peer"}',
      'a lower-case error_type': '{"error_type":"validation","error_message":"bad"}',
      'a status that is not an error': '{"title":"Created","status":201}',
      'a type that is not a URI': '{"type":"contact","title":"Ana","status":404}',
    };
    for (const [name, text] of Object.entries(quiet)) {
      it(name, () => {
        if (name === 'a type that is not a URI') {
          // A numeric 4xx status with a title is problem details, whatever the type says.
          assert.deepEqual(found(text).map((f) => f.code), ['problem/404']);
          return;
        }
        assert.deepEqual(found(text), []);
      });
    }
  });

  describe('robustness', () => {
    const nasty: Record<string, () => string> = {
      'empty text': () => '',
      '100k opening brackets': () => '['.repeat(100_000),
      '100k nested objects around a payload': () => '{"a":'.repeat(100_000) + '{"error":"invalid_grant"}' + '}'.repeat(100_000),
      'an unterminated string of 2 MB': () => '{"error":"' + 'a'.repeat(2_000_000),
      'NUL bytes': () => '\0'.repeat(50_000) + '{"error":"invalid_grant"}' + '\0',
      'random bytes': () => Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1'),
      'lone surrogates': () => '\uD800{"error":"invalid_grant"}\uDC00"\uDBFF',
      'escapes without end': () => '\\"'.repeat(200_000),
      'a long base64 run': () => 'e' + 'yJ'.repeat(300_000),
      'keys without objects': () => '"error": "invalid_grant", '.repeat(20_000),
      'truncated objects on one line': () => '{"error":"invalid_grant",'.repeat(20_000),
    };
    for (const [name, make] of Object.entries(nasty)) {
      it(`never throws and stays linear: ${name}`, () => {
        const text = make();
        const result = scan(text);
        assert.ok(result.work <= 40 * (text.length + 1), `work ${result.work} for ${text.length}`);
        for (const f of result.findings) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length);
      });
    }

    it('finds what it can in a deeply nested or truncated document', () => {
      assert.equal(scan('{"a":'.repeat(100_000) + '{"error":"invalid_grant"}').findings.length, 1);
      assert.equal(scan('['.repeat(100_000) + '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}').findings[0]?.entry.code, 'rdstation/invalid-token');
      assert.equal(scan('{"error":"invalid_grant"\n'.repeat(1000)).findings.length, 1000);
    });

    it('scans a 20 MB single line in linear work', function () {
      this.timeout(60_000);
      const item = '{"id":1,"name":"item","status":"ok"},';
      const payload = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."},';
      const text = '[' + (item.repeat(99) + payload).repeat(Math.ceil(20_000_000 / (100 * item.length))) + '{}]';
      const result = scan(text);
      assert.ok(text.length >= 20_000_000);
      assert.equal(result.findings.length, Math.ceil(20_000_000 / (100 * item.length)));
      assert.ok(result.work <= 20 * text.length, `work ${result.work}`);
    });

    it('does work proportional to the length', () => {
      const unit = 'log line {"error_type":"UNAUTHORIZED","error_message":"Invalid token."} {"status": 404, "title": "x"} eyJ.eyJ \\" HTTP/1.1 401\n';
      const small = scan(unit.repeat(1000)).work;
      const large = scan(unit.repeat(8000)).work;
      assert.ok(large <= 8.5 * small && large >= 7.5 * small, `${small} → ${large}`);
    });
  });
});
