import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { jwtClaims } from '../../src/core/tokens';
import { parseArgs } from '../emulator/main';
import { RD_ERRORS, startEmulator, type RunningEmulator } from '../emulator/index';

const RD = { client_id: 'rd-app', client_secret: 'rd-secret-value-123' };
const CS = { client_id: 'cs-app', client_secret: 'cs-secret-value-456' };
const CALLBACK = 'https://callback.example.com/cb?app=1';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => Record<string, unknown>;
}

describe('emulator', function () {
  let emulator: RunningEmulator;
  let base: string;
  const logLines: string[] = [];

  async function http(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    if (typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + urlPath, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  async function rdCode(redirectUri = CALLBACK): Promise<string> {
    const res = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_uri=${encodeURIComponent(redirectUri)}&auto_approve=1`);
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }
  async function rdTokens(): Promise<Record<string, unknown>> {
    const res = await http('POST', '/auth/token?token_by=code', { ...RD, code: await rdCode() });
    assert.equal(res.status, 200, res.text);
    return res.json();
  }

  before(async () => {
    emulator = await startEmulator({
      log: (line) => logLines.push(line),
      clients: [
        { api: 'rdstation', clientId: RD.client_id, clientSecret: RD.client_secret, redirectUris: [CALLBACK, 'http://127.0.0.1:*'], name: 'My <App>' },
        { api: 'consistem', clientId: CS.client_id, clientSecret: CS.client_secret },
        { api: 'oauth2', clientId: 'o2-app', clientSecret: 'o2-secret-value', redirectUris: ['http://127.0.0.1/cb'] },
      ],
    });
    base = emulator.baseUrl;
  });
  after(() => emulator.close());
  beforeEach(() => {
    emulator.control.reset();
    emulator.control.configure({ tokenLifetimeSeconds: 86400, codeLifetimeSeconds: 3600, rateLimit: 0, autoApprove: false, refreshTokenRotation: 'same' });
  });

  describe('RD Station Marketing authorize dialog', () => {
    it('shows a consent page with every reflected value escaped', async () => {
      const evil = '"><script>alert(1)</script>';
      const res = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_uri=${encodeURIComponent(CALLBACK)}&state=${encodeURIComponent(evil)}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /text\/html/);
      assert.ok(!res.text.includes('<script>'), 'unescaped script tag');
      assert.ok(res.text.includes('&#34;&#62;&#60;script&#62;'));
      assert.ok(res.text.includes('My &#60;App&#62;'));
      assert.match(res.text, /value="approve"/);
      assert.match(res.text, /value="deny"/);
      assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
    });

    it('approves: redirects to the callback with code and state, keeping its query', async () => {
      const res = await http('POST', '/auth/dialog', form({ client_id: RD.client_id, redirect_uri: CALLBACK, state: 's-1', decision: 'approve' }), FORM);
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(location.origin + location.pathname, 'https://callback.example.com/cb');
      assert.equal(location.searchParams.get('app'), '1');
      assert.equal(location.searchParams.get('state'), 's-1');
      assert.match(location.searchParams.get('code')!, /^[0-9a-f]{32}$/);
    });

    it('denies: error=access_denied with a description and the state', async () => {
      const res = await http('POST', '/auth/dialog', form({ client_id: RD.client_id, redirect_uri: CALLBACK, state: 's-2', decision: 'deny' }), FORM);
      const location = new URL(res.headers.get('location')!);
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.ok(location.searchParams.get('error_description'));
      assert.equal(location.searchParams.get('state'), 's-2');
      assert.equal(location.searchParams.get('code'), null);
    });

    it('auto-approves with auto_approve=1 or the autoApprove setting', async () => {
      const viaQuery = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_uri=${encodeURIComponent(CALLBACK)}&state=q&auto_approve=1`);
      assert.equal(viaQuery.status, 302);
      emulator.control.configure({ autoApprove: true });
      const viaSetting = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_uri=${encodeURIComponent(CALLBACK)}`);
      assert.equal(viaSetting.status, 302);
      assert.ok(new URL(viaSetting.headers.get('location')!).searchParams.get('code'));
    });

    it('accepts a redirect URI by prefix where the client registered a wildcard, and the legacy redirect_url name', async () => {
      const res = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_url=${encodeURIComponent('http://127.0.0.1:5555/callback')}&auto_approve=1`);
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location')!, /^http:\/\/127\.0\.0\.1:5555\/callback\?code=/);
    });

    it('refuses an unregistered redirect_uri with the documented body', async () => {
      for (const uri of ['https://evil.example.com/cb', 'https://callback.example.com/cb', '']) {
        const res = await http('GET', `/auth/dialog?client_id=${RD.client_id}&redirect_uri=${encodeURIComponent(uri)}&auto_approve=1`);
        assert.equal(res.status, 401);
        assert.deepEqual(res.json(), { error_type: 'ACCESS_DENIED', error_message: 'O parâmetro redirect_uri não contém um valor válido.' });
      }
    });

    it('refuses an unknown client_id', async () => {
      const res = await http('GET', `/auth/dialog?client_id=nobody&redirect_uri=${encodeURIComponent(CALLBACK)}`);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), RD_ERRORS.wrongCredentials);
    });
  });

  describe('RD Station Marketing token endpoint', () => {
    it('exchanges a code for a JWT access token, expires_in 86400 and a refresh token (no token_type, no scope)', async () => {
      const body = await rdTokens();
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'refresh_token']);
      assert.equal(body.expires_in, 86400);
      const claims = jwtClaims(body.access_token as string)!;
      assert.equal(claims.iss, 'https://rdstation.auth0.com/');
      assert.equal(claims.aud, 'https://app.rdstation.com.br/api/v2/');
      assert.equal(claims.alg, 'HS256');
      assert.equal(claims.expiresAt! - claims.issuedAt!, 86400 * 1000);
    });

    it('wrong credentials: 401 ACCESS_DENIED, on exchange and on refresh', async () => {
      const exchange = await http('POST', '/auth/token?token_by=code', { ...RD, client_secret: 'wrong', code: await rdCode() });
      assert.equal(exchange.status, 401);
      assert.equal(exchange.text, JSON.stringify({ error_type: 'ACCESS_DENIED', error_message: 'Wrong credentials provided.' }));
      const { refresh_token } = await rdTokens();
      const refresh = await http('POST', '/auth/token', { client_id: 'other', client_secret: RD.client_secret, refresh_token });
      assert.deepEqual(refresh.json(), RD_ERRORS.wrongCredentials);
    });

    it('a used code: 401 EXPIRED_CODE_GRANT', async () => {
      const code = await rdCode();
      assert.equal((await http('POST', '/auth/token?token_by=code', { ...RD, code })).status, 200);
      const again = await http('POST', '/auth/token?token_by=code', { ...RD, code });
      assert.equal(again.status, 401);
      assert.deepEqual(again.json(), { error_type: 'EXPIRED_CODE_GRANT', error_message: 'The authorization code grant has expired.' });
    });

    it('a code older than its lifetime (60 min by default): EXPIRED_CODE_GRANT', async () => {
      const code = await rdCode();
      emulator.control.advanceClock(3600);
      const res = await http('POST', '/auth/token?token_by=code', { ...RD, code });
      assert.deepEqual(res.json(), RD_ERRORS.expiredCodeGrant);
      emulator.control.configure({ codeLifetimeSeconds: 5 });
      const fresh = await rdCode();
      emulator.control.advanceClock(4);
      assert.equal((await http('POST', '/auth/token?token_by=code', { ...RD, code: fresh })).status, 200);
    });

    it('refreshes with the same refresh token by default; an unknown one gets INVALID_REFRESH_TOKEN', async () => {
      const first = await rdTokens();
      const res = await http('POST', '/auth/token', { ...RD, refresh_token: first.refresh_token });
      assert.equal(res.status, 200);
      assert.equal(res.json().refresh_token, first.refresh_token);
      assert.notEqual(res.json().access_token, first.access_token);
      const bad = await http('POST', '/auth/token', { ...RD, refresh_token: 'mangled' });
      assert.equal(bad.status, 401);
      assert.deepEqual(bad.json(), { error_type: 'INVALID_REFRESH_TOKEN', error_message: 'The provided refresh token is invalid or was revoked.' });
    });

    it('rotates or omits the refresh token when configured to', async () => {
      emulator.control.configure({ refreshTokenRotation: 'rotate' });
      const first = await rdTokens();
      const rotated = (await http('POST', '/auth/token', { ...RD, refresh_token: first.refresh_token })).json();
      assert.notEqual(rotated.refresh_token, first.refresh_token);
      assert.deepEqual((await http('POST', '/auth/token', { ...RD, refresh_token: first.refresh_token })).json(), RD_ERRORS.invalidRefreshToken);
      emulator.control.configure({ refreshTokenRotation: 'omit' });
      const omitted = (await http('POST', '/auth/token', { ...RD, refresh_token: rotated.refresh_token })).json();
      assert.equal(omitted.refresh_token, undefined);
      assert.ok(omitted.access_token);
    });

    it('wants JSON: a form body gets 415, broken JSON 400, with the documented bodies', async () => {
      const formBody = await http('POST', '/auth/token?token_by=code', form({ ...RD, code: 'x' }), FORM);
      assert.equal(formBody.status, 415);
      assert.deepEqual(formBody.json(), RD_ERRORS.unsupportedMediaType);
      const broken = await http('POST', '/auth/token', '{"client_id":', { 'content-type': 'application/json' });
      assert.equal(broken.status, 400);
      assert.equal(broken.json().error_type, 'BAD_REQUEST');
    });

    it('revokes (form body): 200 {}, then both tokens of the grant get 401', async () => {
      const tokens = await rdTokens();
      const res = await http('POST', '/auth/revoke', form({ token: tokens.access_token as string, token_type_hint: 'access_token' }), FORM);
      assert.equal(res.status, 200);
      assert.equal(res.text, '{}');
      const resource = await http('GET', '/platform/contacts', undefined, { authorization: `Bearer ${tokens.access_token}` });
      assert.equal(resource.status, 401);
      assert.deepEqual(resource.json(), { error_type: 'UNAUTHORIZED', error_message: 'Invalid token.' });
      const refresh = await http('POST', '/auth/token', { ...RD, refresh_token: tokens.refresh_token });
      assert.deepEqual(refresh.json(), RD_ERRORS.invalidRefreshToken);
      assert.equal((await http('POST', '/auth/revoke', form({ token: 'unknown' }), FORM)).status, 200);
    });
  });

  describe('RD Station Marketing resource', () => {
    it('serves contacts to a valid bearer token', async () => {
      const { access_token } = await rdTokens();
      const auth = { authorization: `Bearer ${access_token}` };
      assert.equal((await http('GET', '/platform/contacts', undefined, auth)).status, 200);
      assert.equal((await http('GET', '/platform/contacts/email:maria%40example.com', undefined, auth)).json().name, 'Maria Exemplo');
      const missing = await http('GET', '/platform/contacts/email:nobody@example.com', undefined, auth);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json(), { errors: { error_type: 'RESOURCE_NOT_FOUND', error_message: 'Lead not found.' } });
    });

    it('missing token: the documented invalid_request body', async () => {
      const res = await http('GET', '/platform/contacts');
      assert.equal(res.status, 401);
      assert.equal(res.text, '{"error":"invalid_request","error_description":"The access token is missing"}');
    });

    it('invalid token: UNAUTHORIZED "Invalid token."', async () => {
      for (const authorization of ['Bearer not-a-token', 'Basic abc', 'Bearer ']) {
        const res = await http('GET', '/platform/contacts', undefined, { authorization });
        assert.equal(res.status, 401, authorization);
        if (authorization !== 'Bearer ') assert.deepEqual(res.json(), RD_ERRORS.invalidToken);
      }
    });

    it('expired token: invalid_token body and the expired_token WWW-Authenticate header (and its x-amzn twin)', async () => {
      emulator.control.configure({ tokenLifetimeSeconds: 30 });
      const { access_token } = await rdTokens();
      emulator.control.advanceClock(30);
      const res = await http('GET', '/platform/contacts', undefined, { authorization: `Bearer ${access_token}` });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { error: 'invalid_token', error_description: 'The access token is invalid or has expired' });
      const challenge = 'Bearer realm="https://api.rd.services/", error="expired_token", error_description="The access token expired"';
      assert.equal(res.headers.get('www-authenticate'), challenge);
      assert.equal(res.headers.get('x-amzn-remapped-www-authenticate'), challenge);
    });

    it('expireAccessTokens() expires what was issued without moving the clock', async () => {
      const { access_token, refresh_token } = await rdTokens();
      emulator.control.expireAccessTokens();
      assert.equal((await http('GET', '/platform/contacts', undefined, { authorization: `Bearer ${access_token}` })).status, 401);
      const fresh = (await http('POST', '/auth/token', { ...RD, refresh_token })).json();
      assert.equal((await http('GET', '/platform/contacts', undefined, { authorization: `Bearer ${fresh.access_token}` })).status, 200);
    });

    it('rate limit: after N calls, 429 RATE_LIMIT_EXCEDDED until the window passes', async () => {
      emulator.control.configure({ rateLimit: 2, rateLimitWindowSeconds: 60 });
      const auth = { authorization: `Bearer ${(await rdTokens()).access_token}` };
      assert.equal((await http('GET', '/platform/contacts', undefined, auth)).status, 200);
      assert.equal((await http('GET', '/platform/contacts', undefined, auth)).status, 200);
      const limited = await http('GET', '/platform/contacts', undefined, auth);
      assert.equal(limited.status, 429);
      assert.equal(limited.text, '{"errors":{"error_type":"RATE_LIMIT_EXCEDDED","error_message":"API usage limit exceeded"}}');
      emulator.control.advanceClock(60);
      assert.equal((await http('GET', '/platform/contacts', undefined, auth)).status, 200);
    });
  });

  describe('Consistem WhatsApp', () => {
    const ccForm = (fields: Record<string, string>) => http('POST', '/oauth/token', form(fields), FORM);

    it('issues a client-credentials token from a form body: Bearer, expires_in, no refresh token', async () => {
      const res = await ccForm({ grant_type: 'client_credentials', ...CS });
      assert.equal(res.status, 200);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const messages = await http('GET', '/api/v1/messages', undefined, { authorization: `Bearer ${body.access_token}` });
      assert.equal(messages.status, 200);
    });

    it('accepts JSON bodies, HTTP Basic client authentication and the secret_id alias', async () => {
      assert.equal((await http('POST', '/oauth/token', { grant_type: 'client_credentials', ...CS })).status, 200);
      const basic = `Basic ${Buffer.from(`${CS.client_id}:${CS.client_secret}`).toString('base64')}`;
      assert.equal((await http('POST', '/oauth/token', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: basic })).status, 200);
      assert.equal((await ccForm({ grant_type: 'client_credentials', client_id: CS.client_id, secret_id: CS.client_secret })).status, 200);
    });

    it('RFC 6749 §5.2 errors: invalid_client 401, unsupported_grant_type 400, invalid_request 400', async () => {
      const wrong = await ccForm({ grant_type: 'client_credentials', ...CS, client_secret: 'nope' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json().error, 'invalid_client');
      const basicWrong = await http('POST', '/oauth/token', form({ grant_type: 'client_credentials' }), {
        ...FORM,
        authorization: `Basic ${Buffer.from('cs-app:nope').toString('base64')}`,
      });
      assert.equal(basicWrong.status, 401);
      assert.match(basicWrong.headers.get('www-authenticate')!, /^Basic realm=/);
      const grant = await ccForm({ grant_type: 'password', ...CS });
      assert.equal(grant.status, 400);
      assert.equal(grant.json().error, 'unsupported_grant_type');
      const missing = await ccForm({ ...CS });
      assert.equal(missing.status, 400);
      assert.equal(missing.json().error, 'invalid_request');
      const twice = await http('POST', '/oauth/token', form({ grant_type: 'client_credentials', ...CS }), {
        ...FORM,
        authorization: `Basic ${Buffer.from(`${CS.client_id}:${CS.client_secret}`).toString('base64')}`,
      });
      assert.equal(twice.json().error, 'invalid_request');
      const garbage = await http('POST', '/oauth/token', 'x', { 'content-type': 'text/plain' });
      assert.equal(garbage.json().error, 'invalid_request');
    });

    it('the resource refuses missing, invalid and expired tokens (RFC 6750)', async () => {
      emulator.control.configure({ tokenLifetimeSeconds: 10 });
      const token = (await ccForm({ grant_type: 'client_credentials', ...CS })).json().access_token;
      const missing = await http('GET', '/api/v1/messages');
      assert.equal(missing.status, 401);
      assert.match(missing.headers.get('www-authenticate')!, /^Bearer realm=/);
      const invalid = await http('GET', '/api/v1/messages', undefined, { authorization: 'Bearer nope' });
      assert.match(invalid.headers.get('www-authenticate')!, /error="invalid_token"/);
      emulator.control.advanceClock(10);
      const expired = await http('GET', '/api/v1/messages', undefined, { authorization: `Bearer ${token}` });
      assert.equal(expired.status, 401);
      assert.equal(expired.json().error, 'invalid_token');
      assert.match(expired.json().error_description as string, /expired/);
    });
  });

  describe('generic OAuth 2.0 server', () => {
    it('never redirects to an unregistered redirect_uri and requires response_type=code', async () => {
      const bad = await http('GET', `/oauth2/authorize?response_type=code&client_id=o2-app&redirect_uri=${encodeURIComponent('http://127.0.0.1/other')}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.headers.get('location'), null);
      const type = await http('GET', `/oauth2/authorize?response_type=token&client_id=o2-app&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&state=z`);
      assert.equal(type.status, 302);
      assert.match(type.headers.get('location')!, /error=unsupported_response_type.*state=z/);
    });
  });

  describe('fault injection', () => {
    const post = (fault: unknown) => http('POST', '/__emulator/faults', fault);
    const consistemToken = () => http('POST', '/oauth/token', form({ grant_type: 'client_credentials', ...CS }), FORM);

    it('applies a fault to the next N matching requests, then clears', async () => {
      assert.equal((await post({ endpoint: 'consistem.token', type: 'status', status: 502, count: 2 })).status, 200);
      const pending = JSON.parse((await http('GET', '/__emulator/faults')).text) as { type: string; count: number }[];
      assert.deepEqual(pending.map((f) => [f.type, f.count]), [['status', 2]]);
      assert.equal((await consistemToken()).status, 502);
      assert.equal((await consistemToken()).status, 502);
      assert.equal((await consistemToken()).status, 200);
      const stats = (await http('GET', '/__emulator/stats')).json();
      assert.deepEqual(stats.requests, { 'consistem.token': 3 });
      assert.equal(stats.pendingFaults, 0);
    });

    it('matches endpoint prefixes and "*", in the order the faults were added', async () => {
      await post([
        { endpoint: 'rdstation.token', type: 'status', status: 500 },
        { endpoint: '*', type: 'status', status: 503 },
      ]);
      const first = await http('POST', '/auth/token', { ...RD, refresh_token: 'x' });
      assert.equal(first.status, 500);
      assert.deepEqual(first.json(), { error_type: 'SERVICE_UNAVAILABLE', error_message: 'Service temporarily unavailable' });
      assert.equal((await consistemToken()).status, 503);
      assert.equal((await consistemToken()).status, 200);
    });

    it('429 with and without Retry-After', async () => {
      await post([
        { endpoint: 'consistem.token', type: 'rate-limit', retryAfter: 7 },
        { endpoint: 'consistem.token', type: 'rate-limit' },
      ]);
      const withHeader = await consistemToken();
      assert.equal(withHeader.status, 429);
      assert.equal(withHeader.headers.get('retry-after'), '7');
      assert.deepEqual(withHeader.json(), RD_ERRORS.rateLimit);
      const without = await consistemToken();
      assert.equal(without.status, 429);
      assert.equal(without.headers.get('retry-after'), null);
    });

    it('an HTML error page, malformed JSON and an oversize body', async () => {
      emulator.control.injectFault(
        { endpoint: 'consistem.token', type: 'html', status: 503 },
        { endpoint: 'consistem.token', type: 'malformed-json' },
        { endpoint: 'consistem.token', type: 'oversize', bytes: 3 * 1024 * 1024 },
      );
      const page = await consistemToken();
      assert.equal(page.status, 503);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.match(page.text, /<h1>503 Service Unavailable<\/h1>/);
      const broken = await consistemToken();
      assert.equal(broken.status, 200);
      assert.match(broken.headers.get('content-type')!, /json/);
      assert.throws(() => JSON.parse(broken.text));
      const big = await consistemToken();
      assert.ok(big.text.length >= 3 * 1024 * 1024 - 64);
    });

    it('drops the connection, and truncates a body after its headers', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'drop' });
      await assert.rejects(consistemToken());
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'truncated' });
      await assert.rejects(consistemToken());
      assert.equal((await consistemToken()).status, 200);
      assert.deepEqual(
        emulator.control.requests().map((r) => r.fault ?? r.status),
        ['drop', 'truncated', 200],
      );
    });

    it('a drop after processing still consumes the code', async () => {
      const code = await rdCode();
      emulator.control.injectFault({ endpoint: 'rdstation.token.code', type: 'drop', after: true });
      await assert.rejects(http('POST', '/auth/token?token_by=code', { ...RD, code }));
      assert.deepEqual((await http('POST', '/auth/token?token_by=code', { ...RD, code })).json(), RD_ERRORS.expiredCodeGrant);
    });

    it('delays the headers or trickles the body, and the answer is still whole', async () => {
      emulator.control.injectFault({ endpoint: 'consistem.token', type: 'delay', ms: 20 }, { endpoint: 'consistem.token', type: 'slow-body', ms: 10 });
      assert.equal((await consistemToken()).json().token_type, 'Bearer');
      assert.equal((await consistemToken()).json().token_type, 'Bearer');
      assert.deepEqual(emulator.control.requests().map((r) => r.fault), ['delay', 'slow-body']);
    });

    it('refuses invalid faults and settings with the reasons', async () => {
      const res = await post({ endpoint: '', type: 'explode', count: -1 });
      assert.equal(res.status, 400);
      assert.equal((res.json().errors as string[]).length, 3);
      const settings = await http('POST', '/__emulator/settings', { tokenLifetimeSeconds: 'long', colour: 'red' });
      assert.equal(settings.status, 400);
      assert.throws(() => emulator.control.injectFault({ endpoint: 'x', type: 'nope' as 'drop' }));
    });

    it('clears faults, resets stats and state over HTTP', async () => {
      await post({ endpoint: '*', type: 'drop', count: 5 });
      assert.equal((await http('DELETE', '/__emulator/faults')).status, 200);
      assert.equal((await consistemToken()).status, 200);
      const { access_token } = await rdTokens();
      assert.equal((await http('POST', '/__emulator/reset')).json().total, 0);
      assert.equal((await http('GET', '/platform/contacts', undefined, { authorization: `Bearer ${access_token}` })).status, 401);
      await consistemToken();
      assert.equal((await http('DELETE', '/__emulator/stats')).json().total, 0);
    });

    it('changes settings and the clock over HTTP', async () => {
      assert.equal((await http('POST', '/__emulator/settings', { tokenLifetimeSeconds: 5 })).json().tokenLifetimeSeconds, 5);
      const token = (await consistemToken()).json();
      assert.equal(token.expires_in, 5);
      assert.equal((await http('POST', '/__emulator/clock', { advanceSeconds: 5 })).status, 200);
      assert.equal((await http('GET', '/api/v1/messages', undefined, { authorization: `Bearer ${token.access_token}` })).status, 401);
    });
  });

  describe('hygiene', () => {
    it('never puts a secret, code or token in its log or request records', async () => {
      logLines.length = 0;
      const code = await rdCode();
      const tokens = (await http('POST', '/auth/token?token_by=code', { ...RD, code })).json();
      await http('POST', '/auth/token', { ...RD, refresh_token: tokens.refresh_token });
      await http('GET', `/platform/contacts?access_token=${tokens.access_token}`, undefined, { authorization: `Bearer ${tokens.access_token}` });
      await http('POST', '/auth/revoke', form({ token: tokens.refresh_token as string }), FORM);
      const cs = (await http('POST', '/oauth/token', form({ grant_type: 'client_credentials', ...CS }), FORM)).json();
      const everything = logLines.join('\n') + JSON.stringify(emulator.control.requests());
      for (const secret of [RD.client_secret, CS.client_secret, code, tokens.access_token, tokens.refresh_token, cs.access_token]) {
        assert.ok(!everything.includes(secret as string), `leaked ${String(secret).slice(0, 6)}…`);
      }
      assert.ok(logLines.some((l) => l.includes('POST /auth/token?token_by=code → 200 [rdstation.token.code]')));
      const exchange = emulator.control.requests().find((r) => r.endpoint === 'rdstation.token.code')!;
      assert.deepEqual(exchange.bodyFields, ['client_id', 'client_secret', 'code']);
      assert.equal(exchange.contentType, 'application/json');
    });

    it('answers 404 and 405 as JSON, and describes itself at /__emulator', async () => {
      assert.equal((await http('GET', '/nope')).status, 404);
      assert.equal((await http('GET', '/auth/token')).status, 405);
      assert.ok((await http('GET', '/__emulator')).json().apis);
    });
  });

  describe('command line', () => {
    it('parses flags and clients', () => {
      const options = parseArgs(['--port', '0', '--token-lifetime', '60', '--auto-approve', '--client', 'rdstation:id:secret:https://a.example/cb,http://127.0.0.1:*']);
      assert.equal(options.tokenLifetimeSeconds, 60);
      assert.equal(options.autoApprove, true);
      assert.deepEqual(options.clients, [{ api: 'rdstation', clientId: 'id', clientSecret: 'secret', redirectUris: ['https://a.example/cb', 'http://127.0.0.1:*'] }]);
      assert.throws(() => parseArgs(['--port']));
      assert.throws(() => parseArgs(['--client', 'nope:a:b']));
      assert.throws(() => parseArgs(['--refresh-token-rotation', 'sometimes']));
      assert.throws(() => parseArgs(['--frobnicate']));
    });

    it('prints its base URL as the first stdout line and serves requests', async function () {
      const main = path.join(__dirname, '..', 'emulator', 'main.js');
      const child = spawn(process.execPath, [main, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('\n')) resolve(out.split('\n')[0]);
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
        });
        const match = /^Tokenwise API emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
        assert.ok(match, firstLine);
        const stats = await fetch(`${match[1]}/__emulator/stats`);
        assert.equal(stats.status, 200);
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
});
