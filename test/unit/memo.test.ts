import * as assert from 'node:assert/strict';
import { scan } from '../../src/core/scan';
import { MAX_PER_FINGERPRINT, MAX_REMEMBERED_LENGTH, regionKey, TextMemo } from '../../src/core/scan/memo';
import { Scanner } from '../../src/core/scan/scanner';
import type { Finding } from '../../src/core/scan/types';

/** Code, kind and covered text of each finding, with its details. */
function described(text: string, findings: readonly Finding[]) {
  return findings.map((f) => ({ code: f.entry.code, kind: f.kind, text: text.slice(f.start, f.end), details: f.details }));
}

/** Scans with a region memo the test can look at. */
function scanWith(text: string, regions: TextMemo<readonly Finding[]>): Finding[] {
  const scanner = new Scanner(text, {}, 0, undefined, regions);
  scanner.run();
  return scanner.result();
}

const INVALID_TOKEN = '{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}';

describe('scan memo (memo.ts)', () => {
  describe('regionKey', () => {
    it('is the text up to the brace that balances the first one', () => {
      assert.equal(regionKey(`x ${INVALID_TOKEN} y`, 2), INVALID_TOKEN);
      assert.equal(regionKey('{"errors":{"a":{"b":1}},"c":2} {}', 0), '{"errors":{"a":{"b":1}},"c":2}');
      assert.equal(regionKey('{}', 0), '{}');
    });

    it('counts braces inside strings too: a guess, which the scanner checks', () => {
      assert.equal(regionKey('{"a":"}","error":"invalid_token"}', 0), '{"a":"}');
      assert.equal(regionKey('{"a":"{","error":"invalid_token"}', 0), undefined);
    });

    it('gives nothing when no brace balances within the length limit', () => {
      assert.equal(regionKey('{"error":"invalid_token"', 0), undefined);
      const long = `{"error":"invalid_token","pad":"${'x'.repeat(MAX_REMEMBERED_LENGTH)}"}`;
      assert.equal(regionKey(long, 0), undefined);
    });
  });

  describe('TextMemo', () => {
    it('answers what was set, counting hits, and keeps nothing longer than the limit', () => {
      const memo = new TextMemo<number>(8);
      memo.set('a', 1);
      memo.set('x'.repeat(MAX_REMEMBERED_LENGTH + 1), 2);
      assert.equal(memo.get('a'), 1);
      assert.equal(memo.get('b'), undefined);
      assert.equal(memo.get('x'.repeat(MAX_REMEMBERED_LENGTH + 1)), undefined);
      assert.equal(memo.hits, 1);
    });

    it('tells apart texts of the same length that share the characters it fingerprints', () => {
      // Length 8: the fingerprint reads offsets 1 to 7, the same in both.
      const memo = new TextMemo<string>(2);
      memo.set('a1234567', 'first');
      memo.set('b1234567', 'second');
      memo.set('a1234567', 'again');
      assert.deepEqual([memo.get('a1234567'), memo.get('b1234567'), memo.get('c1234567')], ['first', 'second', undefined]);
    });

    it('keeps a few texts per fingerprint, so that no lookup searches a long bucket', () => {
      // Same length, same characters at 1 to 7: one fingerprint for all of them.
      const texts = 'abcdefgh'.split('').map((c) => `${c}1234567`);
      const memo = new TextMemo<number>(64);
      texts.forEach((text, i) => memo.set(text, i));
      assert.deepEqual(
        texts.map((text) => memo.get(text)),
        [0, 1, 2, 3, ...Array.from({ length: texts.length - MAX_PER_FINGERPRINT }, () => undefined)],
      );
    });

    it('stops remembering at its capacity, and remembers nothing at 0', () => {
      const two = new TextMemo<number>(2);
      for (const key of ['a', 'b', 'c']) two.set(key, 1);
      assert.deepEqual(['a', 'b', 'c'].map((key) => two.get(key)), [1, 1, undefined]);
      const none = new TextMemo<number>(0);
      none.set('a', 1);
      assert.equal(none.get('a'), undefined);
    });
  });

  describe('in a scan', () => {
    it('reads a repeated payload once, and reports it at every place it occurs', () => {
      const line = (n: number) => `2024-05-01T10:0${n}:00Z ERROR POST /auth/token -> 401 ${INVALID_TOKEN}\n`;
      const text = [0, 1, 2, 3].map(line).join('');
      const regions = new TextMemo<readonly Finding[]>(16);
      const findings = scanWith(text, regions);
      assert.equal(regions.hits, 3);
      assert.deepEqual(
        findings.map((f) => [f.entry.code, text.slice(f.start, f.end)]),
        [0, 1, 2, 3].map(() => ['rdstation/invalid-token', INVALID_TOKEN]),
      );
      assert.deepEqual(findings.map((f) => f.start), [0, 1, 2, 3].map((n) => line(0).length * n + line(0).indexOf('{')));
    });

    it('keeps the field of a nested validation error, read from the region and recalled', () => {
      const body = '{"errors":{"birthdate":{"pt-BR":[{"error_type":"INVALID_FORMAT","error_message":"birthdate has an invalid format"}]}}}';
      const text = `${body}\n${body}\n`;
      const regions = new TextMemo<readonly Finding[]>(16);
      const findings = scanWith(text, regions);
      assert.equal(regions.hits, 1);
      assert.deepEqual(findings.map((f) => [f.entry.code, f.details.field, f.start]), [
        ['rdstation/invalid-format', 'birthdate', body.indexOf('{"error_type"')],
        ['rdstation/invalid-format', 'birthdate', body.length + 1 + body.indexOf('{"error_type"')],
      ]);
    });

    it('never recalls a region whose guessed end was wrong: the same start with another ending is read again', () => {
      // The guess ends at the brace inside the first string; the object really ends later, differently each time.
      const first = '{"note":"}","error":"invalid_token"}';
      const second = '{"note":"}","error":"invalid_request","error_description":"The access token is missing"}';
      const text = `${first}\n${second}\n${first}\n`;
      const regions = new TextMemo<readonly Finding[]>(16);
      assert.deepEqual(described(text, scanWith(text, regions)), described(text, scan(text, { remember: false }).findings));
      assert.deepEqual(
        scan(text).findings.map((f) => f.entry.code),
        ['oauth/invalid_token', 'rdstation/missing-access-token', 'oauth/invalid_token'],
      );
      assert.equal(regions.hits, 0);
    });

    it('never recalls a region that did not close with its own brace', () => {
      // The guess ends at the brace after the nested object. On the first line the object is cut
      // there by the next one, so reading also stops there, without its closing brace; on the
      // second the same characters go on, with a description that changes what the error is.
      const cut = '{"error":"invalid_request","o":{"s":"}"}{"n":1}';
      const longer = '{"error":"invalid_request","o":{"s":"}"},"error_description":"The access token is missing"}';
      const text = `${cut}\n${longer}\n`;
      assert.equal(regionKey(text, 0), regionKey(text, cut.length + 1));
      assert.deepEqual(
        scan(text).findings.map((f) => [f.entry.code, f.start]),
        [
          ['oauth/invalid_request', 0],
          ['rdstation/missing-access-token', cut.length + 1],
        ],
      );
    });

    it('decodes a repeated escaped body once, and shows each on its own string literal', () => {
      const escaped = JSON.stringify(INVALID_TOKEN);
      const text = [1, 2, 3].map((n) => `2024-05-01T10:0${n}:00Z ERROR sync failed: status=401 body=${escaped}\n`).join('');
      const remembered = scan(text);
      const readEveryTime = scan(text, { remember: false });
      assert.deepEqual(described(text, remembered.findings), described(text, readEveryTime.findings));
      assert.deepEqual(
        remembered.findings.map((f) => [f.entry.code, text.slice(f.start, f.end)]),
        [1, 2, 3].map(() => ['rdstation/invalid-token', escaped]),
      );
      // The second and third literals were neither decoded nor scanned again.
      assert.ok(remembered.work < readEveryTime.work, `${remembered.work} < ${readEveryTime.work}`);
    });

    it('reads a repeated WWW-Authenticate value once, the ones that say nothing too', () => {
      const expired = 'Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"';
      const silent = 'Bearer realm="https://api.rd.services/"';
      const text = [expired, silent, expired, silent].map((value, i) => `HTTP/2 401\nwww-authenticate: ${value}\nx-request-id: ${i}\n\n`).join('');
      const found = described(text, scan(text).findings);
      assert.deepEqual(found, described(text, scan(text, { remember: false }).findings));
      const challenges = found.filter((f) => f.kind === 'header');
      assert.deepEqual(
        challenges.map((f) => [f.code, f.text, f.details.oauthError]),
        [
          ['rdstation/expired-access-token', expired, 'expired_token'],
          ['rdstation/expired-access-token', expired, 'expired_token'],
        ],
      );
    });

    it('maps a header found in a repeated escaped string back to each copy', () => {
      const literal = JSON.stringify('HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"\n');
      const text = `{"raw":${literal}}\n{"raw":${literal}}\n`;
      const found = described(text, scan(text).findings);
      assert.deepEqual(found, described(text, scan(text, { remember: false }).findings));
      assert.deepEqual(
        found.map((f) => [f.code, f.text]),
        [
          ['http/401', 'HTTP/1.1 401 Unauthorized'],
          ['oauth/invalid_token', 'Bearer error=\\"invalid_token\\"'],
          ['http/401', 'HTTP/1.1 401 Unauthorized'],
          ['oauth/invalid_token', 'Bearer error=\\"invalid_token\\"'],
        ],
      );
    });
  });
});
