import * as assert from 'node:assert/strict';
import { fingerprint, redact } from '../../src/core/redact';

describe('redact', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it('replaces JWTs, bearer tokens and secret fields with fingerprints', () => {
    const line = `POST /auth/token {"client_secret":"s3cr3t-value","refresh_token":"r-123456789"} Authorization: Bearer opaque-token-1234 ${jwt}`;
    const safe = redact(line);
    for (const secret of ['s3cr3t-value', 'r-123456789', 'opaque-token-1234', jwt]) {
      assert.ok(!safe.includes(secret), `${secret} leaked: ${safe}`);
    }
    assert.ok(safe.includes(fingerprint(jwt)));
    assert.ok(safe.includes('POST /auth/token'));
  });

  it('redacts form and query encodings and known secrets anywhere', () => {
    const safe = redact('token=abcd1234efgh&token_type_hint=refresh_token oddly-placed-secret', ['oddly-placed-secret']);
    assert.ok(!safe.includes('abcd1234efgh'));
    assert.ok(!safe.includes('oddly-placed-secret'));
    assert.ok(safe.includes('token_type_hint=refresh_token'));
  });

  it('gives the same fingerprint for the same secret and a different one otherwise', () => {
    assert.equal(fingerprint('a-secret'), fingerprint('a-secret'));
    assert.notEqual(fingerprint('a-secret'), fingerprint('b-secret'));
    assert.match(fingerprint('a-secret'), /^‹sha256:[0-9a-f]{8}›$/);
  });
});
