import * as assert from 'node:assert/strict';
import {
  decodeJwt,
  formatDuration,
  isExpired,
  jwtClaims,
  needsRefresh,
  parseStoredTokens,
  serializeTokens,
  timeLeft,
  tokenSetFromResponse,
  type TokenSet,
} from '../../src/core/tokens';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const S = 1000;

describe('tokens', () => {
  describe('tokenSetFromResponse', () => {
    it('turns expires_in into an absolute expiry counted from the time of issue', () => {
      const tokens = tokenSetFromResponse({ access_token: 'a', refresh_token: 'r', expires_in: 86400 }, T0);
      assert.deepEqual(tokens, { accessToken: 'a', refreshToken: 'r', issuedAt: T0, expiresAt: T0 + 86400 * S });
    });

    it('keeps the previous refresh token (and scope) when a refresh answer omits it', () => {
      const previous = tokenSetFromResponse({ access_token: 'a1', refresh_token: 'r1', expires_in: 60, scope: 'read' }, T0);
      const next = tokenSetFromResponse({ access_token: 'a2', expires_in: 60 }, T0 + 30 * S, previous);
      assert.equal(next.refreshToken, 'r1');
      assert.equal(next.scope, 'read');
      assert.equal(next.accessToken, 'a2');
      const rotated = tokenSetFromResponse({ access_token: 'a3', refresh_token: 'r2' }, T0, previous);
      assert.equal(rotated.refreshToken, 'r2');
    });

    it('leaves the expiry unknown without expires_in, and keeps token_type and scope', () => {
      const tokens = tokenSetFromResponse({ access_token: 'a', token_type: 'Bearer', scope: 'x y' }, T0);
      assert.equal(tokens.expiresAt, undefined);
      assert.equal(tokens.tokenType, 'Bearer');
      assert.equal(tokens.scope, 'x y');
      assert.equal(isExpired(tokens, T0 + 1e12), false);
      assert.equal(needsRefresh(tokens, T0 + 1e12, 300), false);
      assert.equal(timeLeft(tokens, T0), undefined);
    });
  });

  describe('expiry arithmetic', () => {
    const day: TokenSet = { accessToken: 'a', issuedAt: T0, expiresAt: T0 + 86400 * S };

    it('computes the time left, negative once expired', () => {
      assert.equal(timeLeft(day, T0), 86400 * S);
      assert.equal(timeLeft(day, T0 + 86401 * S), -S);
    });

    it('is expired exactly at expiresAt, not a millisecond before', () => {
      assert.equal(isExpired(day, T0 + 86400 * S - 1), false);
      assert.equal(isExpired(day, T0 + 86400 * S), true);
    });

    it('needs a refresh inside the margin before expiry', () => {
      assert.equal(needsRefresh(day, T0 + (86400 - 301) * S, 300), false);
      assert.equal(needsRefresh(day, T0 + (86400 - 300) * S, 300), true);
      assert.equal(needsRefresh(day, T0 + 90000 * S, 300), true);
      assert.equal(needsRefresh(day, T0 + (86400 - 1) * S, 0), false);
    });

    it('caps the margin at half the lifetime, so a short token is not renewed at once', () => {
      const minute: TokenSet = { accessToken: 'a', issuedAt: T0, expiresAt: T0 + 60 * S };
      assert.equal(needsRefresh(minute, T0 + 10 * S, 300), false);
      assert.equal(needsRefresh(minute, T0 + 30 * S, 300), true);
    });
  });

  describe('formatDuration', () => {
    const cases: [number, string][] = [
      [86399 * S, '23h 59m'],
      [(23 * 3600 + 59 * 60 + 59) * S, '23h 59m'],
      [3600 * S, '1h'],
      [12 * 60 * S + 59 * S, '12m'],
      [45 * S, '45s'],
      [999, '0s'],
      [0, '0s'],
      [-3 * 60 * S, '3m'],
      [86400 * S, '1d'],
      [(2 * 86400 + 3 * 3600 + 59 * 60) * S, '2d 3h'],
    ];
    for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => assert.equal(formatDuration(ms), text));
  });

  describe('storage', () => {
    it('round-trips a token set', () => {
      const tokens: TokenSet = { accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', scope: '', issuedAt: T0, expiresAt: T0 + S };
      assert.deepEqual(parseStoredTokens(serializeTokens(tokens)), tokens);
    });

    it('returns undefined for anything else, without throwing', () => {
      for (const text of [undefined, '', 'not json', '[]', 'null', '{"accessToken":""}', '{"accessToken":"a"}', '{"accessToken":1,"issuedAt":1}']) {
        assert.equal(parseStoredTokens(text), undefined, String(text));
      }
    });

    it('drops ill-typed optional fields', () => {
      assert.deepEqual(parseStoredTokens('{"accessToken":"a","issuedAt":5,"expiresAt":"soon","refreshToken":7}'), { accessToken: 'a', issuedAt: 5 });
    });
  });

  describe('JWT claims', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { iss: 'https://rdstation.auth0.com/', aud: 'https://app.rdstation.com.br/api/v2/', iat: 1_700_000_000, exp: 1_700_086_400, scope: '' };
    const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.not-a-real-signature`;

    it('decodes header and payload, never needing the signature', () => {
      const parts = decodeJwt(jwt);
      assert.equal(parts?.header.alg, 'HS256');
      assert.equal(parts?.payload.iss, 'https://rdstation.auth0.com/');
      assert.ok(decodeJwt(`${b64({ alg: 'none' })}.${b64(payload)}.`));
      assert.ok(decodeJwt(`${b64({ alg: 'none' })}.${b64(payload)}`));
    });

    it('types the registered claims, times in milliseconds', () => {
      assert.deepEqual(jwtClaims(jwt), {
        iss: 'https://rdstation.auth0.com/',
        aud: 'https://app.rdstation.com.br/api/v2/',
        issuedAt: 1_700_000_000_000,
        expiresAt: 1_700_086_400_000,
        scope: '',
        alg: 'HS256',
      });
      assert.deepEqual(jwtClaims(`${b64({})}.${b64({ exp: 'tomorrow', aud: [1], sub: 's' })}.x`), { sub: 's' });
    });

    it('tolerates garbage', () => {
      for (const text of ['', 'abc', 'a.b.c', '...', `${b64([1])}.${b64({})}.x`, `${b64({})}.${b64('str')}.x`, '%%%.%%%.%%%', `${b64({})}.e30=x.y`]) {
        assert.equal(decodeJwt(text), undefined, text);
        assert.equal(jwtClaims(text), undefined, text);
      }
    });
  });
});
