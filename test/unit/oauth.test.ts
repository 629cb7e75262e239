import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import * as path from 'node:path';
import {
  buildAuthorizeUrl,
  closeNet,
  codeChallengeS256,
  createPkcePair,
  createState,
  exchangeCode,
  isTransient,
  OAuthError,
  parseCallback,
  refreshAccessToken,
  requestClientCredentialsToken,
  requiresCredentials,
  requiresSignIn,
  revokeToken,
  type OAuthClientOptions,
} from '../../src/core/oauth/index';
import { builtInProfile, validateProfile, type Profile } from '../../src/core/profiles';
import { jwtClaims, type TokenSet } from '../../src/core/tokens';
import { startEmulator, type RunningEmulator } from '../emulator/index';

const RD = { clientId: 'rd-app', clientSecret: 'rd-secret-value-123' };
const CS = { clientId: 'cs-app', clientSecret: 'cs-secret-value-456' };
const O2 = { clientId: 'o2-app', clientSecret: 'o2 secret:with/odd+chars' };
const CALLBACK = 'http://127.0.0.1:7777/callback';
/** Small delays so retries are quick; the client's own defaults are longer. */
const FAST: OAuthClientOptions = { retry: { minDelayMs: 5, maxDelayMs: 20, maxRetries: 2, maxRetryAfterSeconds: 5 } };

function profile(raw: Record<string, unknown>): Profile {
  const result = validateProfile(raw);
  if ('errors' in result) assert.fail(JSON.stringify(result.errors));
  return result.profile;
}

/** Runs `fn`, expecting an OAuthError; checks that no secret leaked into it. */
async function failure(fn: () => Promise<unknown>, secrets: readonly string[] = []): Promise<OAuthError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof OAuthError, `not an OAuthError: ${String(error)}`);
    const everything = `${error.message} ${error.summary['pt-BR']} ${JSON.stringify(error)} ${error.stack ?? ''}`;
    for (const secret of [RD.clientSecret, CS.clientSecret, O2.clientSecret, ...secrets]) {
      assert.ok(!everything.includes(secret), `secret leaked into the error: ${error.message}`);
    }
    return error;
  }
  assert.fail('expected an OAuthError');
}

describe('oauth client', function () {
  let emulator: RunningEmulator;
  let rd: Profile;
  let cs: Profile;
  let o2: Profile;

  const stats = () => emulator.control.stats().requests;

  async function rdCode(): Promise<string> {
    const url = buildAuthorizeUrl(rd, { clientId: RD.clientId, redirectUri: CALLBACK, state: 'st' });
    const res = await fetch(`${url}&auto_approve=1`, { redirect: 'manual' });
    const callback = parseCallback(res.headers.get('location')!);
    assert.equal(callback.kind, 'code');
    return (callback as { code: string }).code;
  }
  const signIn = async (options: OAuthClientOptions = FAST) => exchangeCode(rd, RD, { code: await rdCode(), redirectUri: CALLBACK }, options);

  before(async () => {
    emulator = await startEmulator({
      clients: [
        { api: 'rdstation', clientId: RD.clientId, clientSecret: RD.clientSecret, redirectUris: [CALLBACK] },
        { api: 'consistem', clientId: CS.clientId, clientSecret: CS.clientSecret },
        { api: 'oauth2', clientId: O2.clientId, clientSecret: O2.clientSecret, redirectUris: [CALLBACK] },
      ],
    });
    rd = builtInProfile('rdstation-marketing', emulator.baseUrl);
    cs = builtInProfile('consistem-whatsapp', emulator.baseUrl);
    o2 = profile({
      id: 'custom',
      grant: 'authorization_code',
      baseUrl: emulator.baseUrl,
      authorizeUrl: '/oauth2/authorize',
      tokenUrl: '/oauth2/token',
      revokeUrl: '/oauth2/revoke',
      scopes: ['contacts.read', 'offline_access'],
      extraAuthorizeParams: { prompt: 'consent' },
      clientAuth: 'basic',
    });
  });
  after(async () => {
    await closeNet();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.control.reset();
    emulator.control.configure({ tokenLifetimeSeconds: 86400, refreshTokenRotation: 'same', codeLifetimeSeconds: 3600 });
  });

  describe('PKCE and state', () => {
    it('computes the RFC 7636 appendix B challenge', () => {
      assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    });

    it('creates 43-character unreserved verifiers and distinct states', () => {
      const pair = createPkcePair();
      assert.match(pair.verifier, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(pair.challenge, codeChallengeS256(pair.verifier));
      assert.equal(pair.method, 'S256');
      assert.notEqual(createPkcePair().verifier, pair.verifier);
      assert.notEqual(createState(), createState());
    });
  });

  describe('authorize URL and callback', () => {
    it('RD Station: exactly client_id, redirect_uri and state', () => {
      const url = new URL(buildAuthorizeUrl(builtInProfile('rdstation-marketing'), { clientId: 'id', redirectUri: 'https://cb.example.com/x', state: 's t' }));
      assert.equal(url.origin + url.pathname, 'https://api.rd.services/auth/dialog');
      assert.deepEqual([...url.searchParams], [['client_id', 'id'], ['redirect_uri', 'https://cb.example.com/x'], ['state', 's t']]);
    });

    it('standard: response_type, scopes, PKCE and extra parameters that cannot override ours', () => {
      const url = new URL(buildAuthorizeUrl(o2, { clientId: 'id', redirectUri: CALLBACK, state: 's', codeChallenge: 'ch' }));
      const q = Object.fromEntries(url.searchParams);
      assert.deepEqual(q, {
        prompt: 'consent',
        response_type: 'code',
        client_id: 'id',
        redirect_uri: CALLBACK,
        scope: 'contacts.read offline_access',
        state: 's',
        code_challenge: 'ch',
        code_challenge_method: 'S256',
      });
      assert.throws(() => buildAuthorizeUrl(o2, { clientId: 'id', redirectUri: CALLBACK, state: 's' }), /code challenge/);
    });

    it('reads a code, an error or nothing from the redirect', () => {
      assert.deepEqual(parseCallback('vscode://tokenwise.tokenwise/callback?code=abc&state=s1'), { kind: 'code', code: 'abc', state: 's1' });
      assert.deepEqual(parseCallback('?error=access_denied&error_description=No&state=s2'), { kind: 'error', error: 'access_denied', description: 'No', state: 's2' });
      assert.deepEqual(parseCallback('state=s3'), { kind: 'invalid' });
      assert.deepEqual(parseCallback('http://[bad'), { kind: 'invalid' });
    });
  });

  describe('RD Station Marketing flows', () => {
    it('signs in: the code exchange sends the documented JSON body and yields a 24 h token set', async () => {
      const before = Date.now();
      const tokens = await signIn();
      assert.ok(tokens.refreshToken);
      assert.ok(tokens.issuedAt >= before);
      assert.equal(tokens.expiresAt! - tokens.issuedAt, 86400 * 1000);
      assert.equal(jwtClaims(tokens.accessToken)?.iss, 'https://rdstation.auth0.com/');
      const exchange = emulator.control.requests().find((r) => r.endpoint === 'rdstation.token.code')!;
      assert.equal(exchange.path, '/auth/token?token_by=code');
      assert.equal(exchange.contentType, 'application/json');
      assert.deepEqual([...exchange.bodyFields].sort(), ['client_id', 'client_secret', 'code']);
      const contacts = await fetch(`${emulator.baseUrl}/platform/contacts`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      assert.equal(contacts.status, 200);
    });

    it('refreshes, keeping the refresh token when the answer omits it', async () => {
      const tokens = await signIn();
      emulator.control.configure({ refreshTokenRotation: 'omit', tokenLifetimeSeconds: 60 });
      const next = await refreshAccessToken(rd, RD, tokens, FAST);
      assert.notEqual(next.accessToken, tokens.accessToken);
      assert.equal(next.refreshToken, tokens.refreshToken);
      assert.equal(next.expiresAt! - next.issuedAt, 60 * 1000);
      const refresh = emulator.control.requests().find((r) => r.endpoint === 'rdstation.token.refresh')!;
      assert.deepEqual([...refresh.bodyFields].sort(), ['client_id', 'client_secret', 'refresh_token']);
    });

    it('revokes as a form with token_type_hint; the refresh then requires a new sign-in', async () => {
      const tokens = await signIn();
      assert.equal(await revokeToken(rd, RD, tokens, FAST), 'revoked');
      const revoke = emulator.control.requests().find((r) => r.endpoint === 'rdstation.revoke')!;
      assert.equal(revoke.contentType, 'application/x-www-form-urlencoded');
      assert.deepEqual(revoke.bodyFields, ['token', 'token_type_hint']);
      assert.equal(revoke.auth, 'bearer');
      const error = await failure(() => refreshAccessToken(rd, RD, tokens, FAST), [tokens.refreshToken!, tokens.accessToken]);
      assert.equal(error.kind, 'provider');
      assert.equal(error.status, 401);
      assert.equal(error.provider?.errorType, 'INVALID_REFRESH_TOKEN');
      assert.equal(error.provider?.description, 'The provided refresh token is invalid or was revoked.');
      assert.equal(requiresSignIn(error), true);
      assert.equal(isTransient(error), false);
      assert.equal(stats()['rdstation.token.refresh'], 1);
    });

    it('wrong credentials: a provider error that asks for new client credentials', async () => {
      const code = await rdCode();
      const error = await failure(() => exchangeCode(rd, { ...RD, clientSecret: 'wrong-secret-xyz' }, { code, redirectUri: CALLBACK }, FAST), [code, 'wrong-secret-xyz']);
      assert.equal(error.provider?.errorType, 'ACCESS_DENIED');
      assert.equal(requiresCredentials(error), true);
      assert.equal(requiresSignIn(error), false);
      assert.match(error.message, /Wrong credentials provided\./);
      assert.match(error.summary['pt-BR'], /recusou trocar o código de autorização/);
    });

    it('a reused or expired code: EXPIRED_CODE_GRANT, sign in again', async () => {
      const code = await rdCode();
      await exchangeCode(rd, RD, { code, redirectUri: CALLBACK }, FAST);
      const reused = await failure(() => exchangeCode(rd, RD, { code, redirectUri: CALLBACK }, FAST), [code]);
      assert.equal(reused.provider?.errorType, 'EXPIRED_CODE_GRANT');
      assert.equal(requiresSignIn(reused), true);
      const old = await rdCode();
      emulator.control.advanceClock(3600);
      assert.equal((await failure(() => exchangeCode(rd, RD, { code: old, redirectUri: CALLBACK }, FAST))).provider?.errorType, 'EXPIRED_CODE_GRANT');
    });

    it('revoking with a profile that has no endpoint says so, without a request', async () => {
      const tokens: TokenSet = { accessToken: 'a', issuedAt: 0 };
      assert.equal(await revokeToken(cs, CS, tokens, FAST), 'unsupported');
      assert.equal(emulator.control.stats().total, 0);
    });
  });

  describe('catalogue entries', () => {
    it('attach the entry that explains each documented error', async () => {
      const tokens = await signIn();
      const code = await rdCode();
      const wrong = await failure(() => exchangeCode(rd, { ...RD, clientSecret: 'nope-nope' }, { code, redirectUri: CALLBACK }, FAST));
      assert.equal(wrong.entry?.code, 'rdstation/wrong-credentials');
      // A refused exchange leaves the code unused; the first good one consumes it.
      await exchangeCode(rd, RD, { code, redirectUri: CALLBACK }, FAST);
      const reused = await failure(() => exchangeCode(rd, RD, { code, redirectUri: CALLBACK }, FAST));
      assert.equal(reused.entry?.code, 'rdstation/expired-code-grant');
      await revokeToken(rd, RD, tokens, FAST);
      const revoked = await failure(() => refreshAccessToken(rd, RD, tokens, FAST));
      assert.equal(revoked.entry?.code, 'rdstation/invalid-refresh-token');
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'rate-limit', retryAfter: 120 });
      assert.equal((await failure(() => requestClientCredentialsToken(cs, CS, FAST))).entry?.code, 'rdstation/rate-limit');
      const client = await failure(() => requestClientCredentialsToken(cs, { ...CS, clientSecret: 'nope-nope' }, FAST));
      assert.equal(client.entry?.code, 'oauth/invalid_client');
    });
  });

  describe('Consistem WhatsApp client credentials', () => {
    it('requests a token with a form body (no refresh token)', async () => {
      const tokens = await requestClientCredentialsToken(cs, CS, FAST);
      assert.equal(tokens.tokenType, 'Bearer');
      assert.equal(tokens.refreshToken, undefined);
      assert.equal(tokens.expiresAt! - tokens.issuedAt, 86400 * 1000);
      const request = emulator.control.requests()[0];
      assert.equal(request.contentType, 'application/x-www-form-urlencoded');
      assert.deepEqual([...request.bodyFields].sort(), ['client_id', 'client_secret', 'grant_type']);
      const messages = await fetch(`${emulator.baseUrl}/api/v1/messages`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      assert.equal(messages.status, 200);
    });

    it('sends JSON when the profile says so', async () => {
      const json = profile({ id: 'consistem-whatsapp', baseUrl: emulator.baseUrl, bodyEncoding: 'json' });
      await requestClientCredentialsToken(json, CS, FAST);
      assert.equal(emulator.control.requests()[0].contentType, 'application/json');
    });

    it('a wrong secret: invalid_client, update the credentials', async () => {
      const error = await failure(() => requestClientCredentialsToken(cs, { ...CS, clientSecret: 'bad-secret-000' }, FAST), ['bad-secret-000']);
      assert.equal(error.status, 401);
      assert.equal(error.provider?.error, 'invalid_client');
      assert.equal(requiresCredentials(error), true);
      // The catalogue title ("Client authentication failed") is what the provider said: said once.
      assert.equal(error.message.match(/Client authentication failed/gi)?.length, 1, error.message);
    });
  });

  describe('custom profile (standard OAuth 2.0 with PKCE and Basic client auth)', () => {
    async function o2Code(challenge: string): Promise<string> {
      const url = buildAuthorizeUrl(o2, { clientId: O2.clientId, redirectUri: CALLBACK, state: 'st', codeChallenge: challenge });
      const res = await fetch(`${url}&auto_approve=1`, { redirect: 'manual' });
      const callback = parseCallback(res.headers.get('location')!);
      assert.equal(callback.kind, 'code', res.headers.get('location') ?? String(res.status));
      return (callback as { code: string }).code;
    }

    it('signs in with PKCE, refreshes with rotation and revokes', async () => {
      emulator.control.configure({ refreshTokenRotation: 'rotate' });
      const pkce = createPkcePair();
      const tokens = await exchangeCode(o2, O2, { code: await o2Code(pkce.challenge), redirectUri: CALLBACK, codeVerifier: pkce.verifier }, FAST);
      assert.equal(tokens.scope, 'contacts.read offline_access');
      const exchange = emulator.control.requests().find((r) => r.endpoint === 'oauth2.token')!;
      assert.equal(exchange.auth, 'basic');
      assert.deepEqual([...exchange.bodyFields].sort(), ['code', 'code_verifier', 'grant_type', 'redirect_uri']);
      const next = await refreshAccessToken(o2, O2, tokens, FAST);
      assert.notEqual(next.refreshToken, tokens.refreshToken);
      assert.equal(requiresSignIn(await failure(() => refreshAccessToken(o2, O2, tokens, FAST))), true);
      assert.equal(await revokeToken(o2, O2, next, FAST), 'revoked');
      const error = await failure(() => refreshAccessToken(o2, O2, next, FAST));
      assert.equal(error.provider?.error, 'invalid_grant');
    });

    it('a wrong code_verifier: invalid_grant', async () => {
      const pkce = createPkcePair();
      const error = await failure(() => exchangeCode(o2, O2, { code: 'x', redirectUri: CALLBACK, codeVerifier: pkce.verifier }, FAST));
      assert.equal(error.provider?.error, 'invalid_grant');
      const code = await o2Code(pkce.challenge);
      const mismatch = await failure(() => exchangeCode(o2, O2, { code, redirectUri: CALLBACK, codeVerifier: createPkcePair().verifier }, FAST));
      assert.match(mismatch.provider?.description ?? '', /code_verifier/);
    });

    it('client credentials with scopes', async () => {
      const svc = profile({ id: 'svc', grant: 'client_credentials', tokenUrl: `${emulator.baseUrl}/oauth2/token`, scopes: ['a', 'b'], bodyEncoding: 'json' });
      const tokens = await requestClientCredentialsToken(svc, O2, FAST);
      assert.equal(tokens.scope, 'a b');
    });
  });

  describe('faults', () => {
    it('a slow answer: timeout while waiting for the headers, not retried once sent', async () => {
      const tokens = await signIn();
      emulator.control.resetStats();
      emulator.control.injectFault({ endpoint: 'rdstation.token.refresh', type: 'delay', ms: 5000 });
      const error = await failure(() => refreshAccessToken(rd, RD, tokens, { ...FAST, timeouts: { headersMs: 200 } }));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.phase, 'headers');
      assert.equal(error.code, 'UND_ERR_HEADERS_TIMEOUT');
      assert.equal(isTransient(error), true);
      assert.equal(stats()['rdstation.token.refresh'], 1);
    });

    it('a trickling body: timeout while reading it', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'slow-body', ms: 5000 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, { ...FAST, timeouts: { bodyMs: 200 } }));
      assert.equal(error.kind, 'timeout');
      assert.equal(error.phase, 'body');
    });

    it('5xx twice, then success after retries', async () => {
      const tokens = await signIn();
      emulator.control.resetStats();
      emulator.control.injectFault({ endpoint: 'rdstation.token.refresh', type: 'status', status: 503, count: 1 }, { endpoint: 'rdstation.token.refresh', type: 'status', status: 502 });
      const next = await refreshAccessToken(rd, RD, tokens, FAST);
      assert.ok(next.accessToken);
      assert.equal(stats()['rdstation.token.refresh'], 3);
    });

    it('5xx past the retry budget: a transient error with the status', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'status', status: 500, count: 10 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'provider');
      assert.equal(error.status, 500);
      assert.equal(error.provider?.errorType, 'SERVICE_UNAVAILABLE');
      assert.equal(error.attempts, 3);
      assert.equal(isTransient(error), true);
      assert.equal(stats()['consistem.token'], 3);
    });

    it('429 with Retry-After: waits what the server asks, not the backoff', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'rate-limit', retryAfter: 1 });
      // The backoff alone would wait a minute and outlast the test's timeout: finishing proves Retry-After was used.
      const tokens = await requestClientCredentialsToken(cs, CS, { retry: { minDelayMs: 60_000, maxDelayMs: 60_000, maxRetries: 1, maxRetryAfterSeconds: 5 } });
      assert.ok(tokens.accessToken);
      assert.equal(stats()['consistem.token'], 2);
    });

    it('429 with a Retry-After longer than allowed: not waited for, returned with the delay', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'rate-limit', retryAfter: 120 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterSeconds, 120);
      assert.equal(error.provider?.errorType, 'RATE_LIMIT_EXCEDDED');
      assert.equal(isTransient(error), true);
      assert.equal(stats()['consistem.token'], 1);
    });

    it('429 without Retry-After: retried with backoff', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'rate-limit' });
      await requestClientCredentialsToken(cs, CS, FAST);
      assert.equal(stats()['consistem.token'], 2);
    });

    it('a dropped connection: a refresh is retried', async () => {
      const tokens = await signIn();
      emulator.control.resetStats();
      emulator.control.injectFault({ endpoint: 'rdstation.token.refresh', type: 'drop' });
      await refreshAccessToken(rd, RD, tokens, FAST);
      assert.equal(stats()['rdstation.token.refresh'], 2);
    });

    it('a dropped connection past the budget: a transient network error', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'drop', count: 3 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'network');
      assert.equal(isTransient(error), true);
      assert.equal(stats()['consistem.token'], 3);
    });

    describe('the code exchange is never retried once it reached the server', () => {
      for (const fault of [
        { type: 'drop' as const },
        { type: 'drop' as const, after: true },
        { type: 'status' as const, status: 503 },
        { type: 'rate-limit' as const, retryAfter: 1 },
        { type: 'truncated' as const },
      ]) {
        it(`${fault.type}${'after' in fault ? ' after processing' : ''}${'status' in fault ? ` ${fault.status}` : ''}`, async () => {
          const code = await rdCode();
          emulator.control.injectFault({ endpoint: 'rdstation.token.code', ...fault });
          const error = await failure(() => exchangeCode(rd, RD, { code, redirectUri: CALLBACK }, FAST), [code]);
          assert.equal(error.operation, 'code-exchange');
          assert.equal(error.attempts, 1);
          assert.equal(stats()['rdstation.token.code'], 1);
        });
      }

      it('but a refused connection (nothing sent) is retried', async () => {
        const closed = await startEmulator();
        const port = new URL(closed.baseUrl).port;
        await closed.close();
        const nowhere = builtInProfile('rdstation-marketing', `http://127.0.0.1:${port}`);
        const error = await failure(() => exchangeCode(nowhere, RD, { code: 'c-123456', redirectUri: CALLBACK }, FAST), ['c-123456']);
        assert.equal(error.kind, 'network');
        assert.equal(error.code, 'ECONNREFUSED');
        assert.equal(error.phase, 'connect');
        assert.equal(error.attempts, 3);
      });
    });

    it('an HTML page with 200: an invalid response, not retried', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'html', status: 200 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'invalid-response');
      assert.equal(error.reason, 'html');
      assert.equal(isTransient(error), false);
      assert.equal(stats()['consistem.token'], 1);
    });

    it('an HTML error page with 502: retried, then an http error', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'html', status: 502, count: 3 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 502);
      assert.equal(error.reason, 'html');
      assert.match(error.message, /HTML page/);
      assert.ok(!error.message.includes('nginx'), 'the body is not echoed');
      assert.equal(stats()['consistem.token'], 3);
    });

    it('malformed JSON: an invalid response', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'malformed-json' });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'invalid-response');
      assert.equal(error.reason, 'malformed-json');
      assert.equal(stats()['consistem.token'], 1);
    });

    it('a truncated body: a network error while reading the answer, not retried', async () => {
      const tokens = await signIn();
      emulator.control.resetStats();
      emulator.control.injectFault({ endpoint: 'rdstation.token.refresh', type: 'truncated' });
      const error = await failure(() => refreshAccessToken(rd, RD, tokens, FAST));
      assert.equal(error.kind, 'network');
      assert.equal(error.phase, 'body');
      assert.equal(stats()['rdstation.token.refresh'], 1);
    });

    it('an oversize body: refused past the cap (1 MiB by default)', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'oversize', bytes: 2 * 1024 * 1024 });
      const error = await failure(() => requestClientCredentialsToken(cs, CS, FAST));
      assert.equal(error.kind, 'invalid-response');
      assert.equal(error.reason, 'too-large');
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'oversize', bytes: 10_000 });
      assert.equal((await failure(() => requestClientCredentialsToken(cs, CS, { ...FAST, maxResponseBytes: 5_000 }))).reason, 'too-large');
    });

    it('a cancelled request', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'delay', ms: 5000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failure(() => requestClientCredentialsToken(cs, CS, { ...FAST, signal: controller.signal }));
      assert.equal(error.kind, 'cancelled');
      assert.equal(isTransient(error), false);
    });

    it('an answer without access_token or with a bad expires_in', async () => {
      const bad = await startBadServer([{ token_type: 'Bearer' }, { access_token: 'a', expires_in: 'soon' }, { access_token: 'a', expires_in: '3600' }]);
      try {
        const p = profile({ id: 'bad', grant: 'client_credentials', tokenUrl: `${bad.url}/token` });
        assert.equal((await failure(() => requestClientCredentialsToken(p, CS, FAST))).reason, 'missing-access-token');
        assert.equal((await failure(() => requestClientCredentialsToken(p, CS, FAST))).reason, 'invalid-expires-in');
        const tokens = await requestClientCredentialsToken(p, CS, FAST);
        assert.equal(tokens.expiresAt! - tokens.issuedAt, 3600 * 1000);
      } finally {
        bad.server.close();
      }
    });
  });

  describe('proxy', () => {
    let proxy: Server;
    let proxyUrl: string;
    const tunnels: string[] = [];
    const saved = { ...process.env };

    before(async () => {
      proxy = createServer((_req, res) => res.writeHead(405).end());
      proxy.on('connect', (req, client: Socket, head: Buffer) => {
        tunnels.push(req.url ?? '');
        const [host, port] = (req.url ?? '').split(':');
        const upstream = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    after(() => {
      proxy.closeAllConnections();
      proxy.close();
    });
    beforeEach(() => {
      tunnels.length = 0;
    });
    afterEach(() => {
      for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    const emulatorHost = () => new URL(emulator.baseUrl).host;

    it('goes through an explicit proxy URL (VS Code http.proxy)', async () => {
      await requestClientCredentialsToken(cs, CS, { ...FAST, proxy: { url: proxyUrl, strictSSL: true } });
      assert.deepEqual(tunnels, [emulatorHost()]);
    });

    it('bypasses it for hosts in noProxy', async () => {
      await requestClientCredentialsToken(cs, CS, { ...FAST, proxy: { url: proxyUrl, noProxy: '127.0.0.1' } });
      assert.deepEqual(tunnels, []);
    });

    it('honours HTTP_PROXY / NO_PROXY from the environment', async () => {
      process.env.HTTP_PROXY = proxyUrl;
      process.env.http_proxy = proxyUrl;
      await requestClientCredentialsToken(cs, CS, FAST);
      assert.deepEqual(tunnels, [emulatorHost()]);
      process.env.NO_PROXY = '127.0.0.1';
      process.env.no_proxy = '127.0.0.1';
      await requestClientCredentialsToken(cs, CS, FAST);
      assert.equal(tunnels.length, 1);
    });
  });

  describe('lazy loading of undici', () => {
    it('loads undici only on the first network call', () => {
      const oauth = path.join(__dirname, '..', '..', 'src', 'core', 'oauth', 'index.js');
      const script = `
        const loaded = () => Object.keys(require.cache).some((f) => f.includes('node_modules/undici/'));
        const oauth = require(${JSON.stringify(oauth)});
        const before = loaded() || oauth.isNetLoaded();
        oauth.requestClientCredentialsToken(
          { id: 'x', grant: 'client_credentials', endpoints: { token: 'http://127.0.0.1:1/t', codeExchange: 'http://127.0.0.1:1/t' },
            dialect: 'rfc6749', bodyEncoding: 'form', clientAuth: 'body', scopes: [], extraTokenParams: {} },
          { clientId: 'a', clientSecret: 'b' }, { retry: { maxRetries: 0 } },
        ).catch(() => {}).finally(() => { console.log(JSON.stringify([before, loaded(), oauth.isNetLoaded()])); return oauth.closeNet(); });`;
      const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(output), [false, true, true]);
    });
  });
});

/** A token endpoint that answers the given bodies in turn (shapes the emulator never sends). */
async function startBadServer(bodies: unknown[]): Promise<{ server: Server; url: string }> {
  let next = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bodies[next++ % bodies.length])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
