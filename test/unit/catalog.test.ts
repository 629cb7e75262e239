import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  allEntries,
  challengeEntry,
  descriptionEntry,
  diagnosticMessage,
  entryByCode,
  explanation,
  httpStatusEntry,
  normalizeMessage,
  oauthEntry,
  problemEntry,
  rdstationEntry,
  resolveLang,
} from '../../src/core/catalog';
import type { CatalogEntry, Lang } from '../../src/core/catalog/types';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/scan/types';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');
const expected: Record<string, string[]> = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8'));

function finding(entry: CatalogEntry, details: Finding['details'] = {}, kind: Finding['kind'] = 'payload'): Finding {
  return { entry, severity: entry.severity, kind, start: 0, end: 1, details };
}

function code(entry: CatalogEntry | undefined): string | undefined {
  return entry?.code;
}

describe('catalogue', () => {
  describe('entries', () => {
    it('has unique, well-formed codes', () => {
      const codes = allEntries().map((entry) => entry.code);
      assert.equal(new Set(codes).size, codes.length);
      for (const c of codes) assert.match(c, /^(rdstation\/[a-z0-9-]+|oauth\/[a-z_]+|problem\/(\d{3}|unknown)|http\/(\d{3}|retry-after)|token\/stored-secret)$/, c);
    });

    it('explains every entry in English and Brazilian Portuguese', () => {
      for (const entry of allEntries()) {
        for (const part of ['title', 'meaning', 'cause', 'fix'] as const) {
          assert.ok(entry[part].en.trim().length > 0, `${entry.code} ${part} en`);
          assert.ok(entry[part]['pt-BR'].trim().length > 0, `${entry.code} ${part} pt-BR`);
        }
        // The body is translated, not copied (titles such as "200 OK" may coincide).
        assert.notEqual(entry.meaning['pt-BR'], entry.meaning.en, `${entry.code} meaning`);
        assert.notEqual(entry.fix['pt-BR'], entry.fix.en, `${entry.code} fix`);
        assert.match(entry.fix.en, /[.)]$/, `${entry.code} fix is a sentence`);
      }
    });

    it('links every entry to a documentation page of the API, the RFC or MDN', () => {
      for (const entry of allEntries()) {
        assert.match(
          entry.docUrl,
          /^https:\/\/(developers\.rdstation\.com\/reference\/[a-z0-9-]+|www\.rfc-editor\.org\/rfc\/rfc\d+#section-[\d.]+|developer\.mozilla\.org\/en-US\/docs\/Web\/HTTP\/(Status\/\d{3}|Headers\/[A-Za-z-]+))$/,
          entry.code,
        );
      }
    });

    it('covers every row of the RD Station error table and the auth errors page', () => {
      const codes = new Set(allEntries().map((entry) => entry.code));
      for (const c of [
        'rdstation/invalid-token',
        'rdstation/wrong-credentials',
        'rdstation/invalid-redirect-uri',
        'rdstation/expired-code-grant',
        'rdstation/expired-access-token',
        'rdstation/invalid-refresh-token',
        'rdstation/missing-access-token',
        'rdstation/rate-limit',
        'rdstation/access-denied',
      ]) {
        assert.ok(codes.has(c), c);
      }
      const types =
        'BAD_REQUEST UNSUPPORTED_MEDIA_TYPE RESOURCE_NOT_FOUND UNABLE_TO_LOAD_CDP_SCHEMA INVALID_FIELDS CONFLICTING_FIELD EMAIL_ALREADY_IN_USE VALUES_MUST_BE_UNIQUE VALUES_MUST_BE_LOWERCASE INVALID_DATA_TYPE MUST_BE_STRING INCLUSION INVALID_OPTION CANNOT_BE_NULL CANNOT_BE_BLANK INVALID_FORMAT INVALID_EMAIL_FORMAT MUST_BE_LESS_THAN_OR_EQUAL INVALID_USER INVALID TAKEN TOO_SHORT TOO_LONG EXCLUSION MUST_BE_BOOLEAN MUST_BE_VALID_OPTION MUST_BE_STRING_ARRAY REQUIRED_PARAMETER INVALID_PARAMETER PARAMETER_UNKNOWN DATE_OUT_OF_RANGE INVALID_VALUE ACCOUNT_REQUIREMENT_MISSING WORKFLOW_STATUS_ERROR SERVICE_UNAVAILABLE';
      for (const type of types.split(' ')) {
        const c = `rdstation/${type.toLowerCase().replace(/_/g, '-')}`;
        assert.ok(codes.has(c), c);
        assert.equal(code(rdstationEntry(type, 'whatever the message')), c);
      }
    });

    it('has a status entry for the Consistem FAQ table and the other common statuses', () => {
      for (const status of [200, 201, 400, 401, 403, 404, 405, 429, 500, 503, 204, 301, 302, 304, 406, 408, 409, 410, 413, 415, 422, 501, 502, 504]) {
        const entry = entryByCode(`http/${status}`);
        assert.ok(entry && allEntries().includes(entry), `http/${status}`);
        assert.equal(entry.httpStatus, status);
      }
    });

    it('every documented entry appears in at least one fixture', () => {
      const seen = new Set<string>();
      for (const file of Object.keys(expected)) {
        for (const found of scan(readFileSync(path.join(fixtures, file), 'utf8')).findings) seen.add(found.entry.code);
      }
      const missing = allEntries()
        .map((entry) => entry.code)
        .filter((c) => !seen.has(c));
      assert.deepEqual(missing, []);
    });
  });

  describe('severity and fixes (data the editor acts on)', () => {
    const severity = (c: string) => entryByCode(c)?.severity;
    const fixes = (c: string) => entryByCode(c)?.fixes;

    it('errors for what blocks every call', () => {
      for (const c of [
        'rdstation/invalid-token',
        'rdstation/expired-access-token',
        'rdstation/missing-access-token',
        'rdstation/wrong-credentials',
        'rdstation/invalid-redirect-uri',
        'rdstation/expired-code-grant',
        'rdstation/invalid-refresh-token',
        'rdstation/access-denied',
        'rdstation/unable-to-load-cdp-schema',
        'oauth/invalid_client',
        'oauth/invalid_grant',
        'oauth/unauthorized_client',
        'oauth/invalid_token',
        'oauth/access_denied',
        'problem/401',
        'problem/403',
      ]) {
        assert.equal(severity(c), 'error', c);
      }
    });

    it('warnings for what the request did wrong and for rate limits', () => {
      for (const c of [
        'rdstation/bad-request',
        'rdstation/unsupported-media-type',
        'rdstation/resource-not-found',
        'rdstation/cannot-be-null',
        'rdstation/rate-limit',
        'rdstation/service-unavailable',
        'oauth/invalid_request',
        'oauth/invalid_scope',
        'oauth/unsupported_grant_type',
        'oauth/insufficient_scope',
        'problem/400',
        'problem/404',
        'problem/429',
        'problem/500',
        'problem/unknown',
        'token/stored-secret',
      ]) {
        assert.equal(severity(c), 'warning', c);
      }
    });

    it('information for status lines and unknown error types; nothing (hover only) below 400', () => {
      for (const status of [400, 401, 404, 429, 500, 503]) assert.equal(severity(`http/${status}`), 'information');
      for (const status of [200, 201, 204, 301, 302, 304]) assert.equal(severity(`http/${status}`), undefined);
      assert.equal(severity('http/retry-after'), undefined);
      assert.equal(rdstationEntry('BRAND_NEW_TYPE', 'x')?.severity, 'information');
    });

    it('names the quick fixes that apply', () => {
      assert.deepEqual(fixes('rdstation/missing-access-token'), ['addAuthorizationHeader']);
      assert.ok(fixes('rdstation/unsupported-media-type')?.includes('addContentTypeHeader'));
      assert.ok(fixes('rdstation/bad-request')?.includes('addContentTypeHeader'));
      assert.deepEqual(fixes('token/stored-secret'), ['redactToken']);
      assert.equal(fixes('rdstation/invalid-token')?.[0], 'signIn');
      assert.deepEqual(fixes('rdstation/expired-code-grant'), ['signIn']);
      assert.deepEqual(fixes('rdstation/invalid-refresh-token'), ['signIn']);
      assert.deepEqual(fixes('rdstation/expired-access-token'), ['refreshToken', 'signIn']);
      assert.deepEqual(fixes('rdstation/wrong-credentials'), ['updateClientCredentials']);
      assert.deepEqual(fixes('rdstation/invalid-redirect-uri'), ['copyCallbackUrl']);
      assert.equal(fixes('oauth/invalid_client')?.[0], 'updateClientCredentials');
      assert.equal(fixes('http/401')?.[0], 'refreshToken');
      assert.ok(fixes('http/401')?.includes('requestClientCredentialsToken'));
      assert.ok(fixes('oauth/invalid_token')?.includes('requestClientCredentialsToken'));
    });

    it('ties RD Station entries to their profile', () => {
      for (const entry of allEntries().filter((e) => e.code.startsWith('rdstation/'))) assert.equal(entry.profile, 'rdstation-marketing', entry.code);
    });
  });

  describe('lookups', () => {
    it('classifies RD Station errors by type and documented message', () => {
      assert.equal(code(rdstationEntry('UNAUTHORIZED', 'Invalid token.')), 'rdstation/invalid-token');
      assert.equal(code(rdstationEntry('ACCESS_DENIED', 'Wrong credentials provided.')), 'rdstation/wrong-credentials');
      assert.equal(code(rdstationEntry('ACCESS_DENIED', 'O parâmetro redirect_uri não contém um valor válido.')), 'rdstation/invalid-redirect-uri');
      assert.equal(code(rdstationEntry('EXPIRED_CODE_GRANT', 'The authorization code grant has expired.')), 'rdstation/expired-code-grant');
      assert.equal(code(rdstationEntry('INVALID_REFRESH_TOKEN', 'The provided refresh token is invalid or was revoked.')), 'rdstation/invalid-refresh-token');
      assert.equal(code(rdstationEntry('RATE_LIMIT_EXCEDDED', 'API usage limit exceeded')), 'rdstation/rate-limit');
      assert.equal(code(rdstationEntry('RATE_LIMIT_EXCEEDED')), 'rdstation/rate-limit');
    });

    it('matches messages after NFC normalisation, trimming, case and a final period', () => {
      const decomposed = 'O parâmetro redirect_uri não contém um valor válido.'.normalize('NFD');
      assert.notEqual(decomposed, 'O parâmetro redirect_uri não contém um valor válido.');
      assert.equal(code(rdstationEntry('ACCESS_DENIED', `  ${decomposed}\n`)), 'rdstation/invalid-redirect-uri');
      assert.equal(code(rdstationEntry('ACCESS_DENIED', 'wrong credentials provided')), 'rdstation/wrong-credentials');
      assert.equal(normalizeMessage(' Invalid  token. '), 'invalid token');
    });

    it('maps undocumented auth messages to the entry that fits', () => {
      assert.equal(code(rdstationEntry('UNAUTHORIZED', 'Token revoked')), 'rdstation/invalid-token');
      assert.equal(code(rdstationEntry('UNAUTHORIZED')), 'rdstation/invalid-token');
      assert.equal(code(rdstationEntry('ACCESS_DENIED', 'Something else')), 'rdstation/access-denied');
      assert.equal(code(rdstationEntry('UNAUTHORIZED', 'The access token is invalid or has expired')), 'rdstation/expired-access-token');
    });

    it('gives unknown RD Station-shaped types a generic entry, and nothing to other values', () => {
      const entry = rdstationEntry('NEW_VALIDATION_RULE', 'x');
      assert.equal(entry?.code, 'rdstation/new-validation-rule');
      assert.equal(entry?.severity, 'information');
      assert.match(entry?.title.en ?? '', /NEW_VALIDATION_RULE/);
      assert.equal(rdstationEntry('invalid_grant'), undefined);
      assert.equal(rdstationEntry('Unauthorized'), undefined);
      assert.equal(rdstationEntry(''), undefined);
      assert.equal(rdstationEntry('A'.repeat(200)), undefined);
    });

    it('classifies OAuth errors, RD Station descriptions first', () => {
      for (const error of [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        'access_denied',
        'unsupported_response_type',
        'server_error',
        'temporarily_unavailable',
        'invalid_token',
        'insufficient_scope',
        'unsupported_token_type',
      ]) {
        assert.equal(code(oauthEntry(error)), `oauth/${error}`);
      }
      assert.equal(code(oauthEntry('invalid_request', 'The access token is missing')), 'rdstation/missing-access-token');
      assert.equal(code(oauthEntry('invalid_token', 'The access token is invalid or has expired')), 'rdstation/expired-access-token');
      assert.equal(code(descriptionEntry('The access token is missing.')), 'rdstation/missing-access-token');
      assert.equal(oauthEntry('connection reset'), undefined);
      assert.equal(oauthEntry('expired_token'), undefined);
      assert.equal(code(challengeEntry('expired_token')), 'rdstation/expired-access-token');
      assert.equal(code(challengeEntry('invalid_token', 'revoked')), 'oauth/invalid_token');
    });

    it('has entries for any status, generic where undocumented', () => {
      assert.equal(httpStatusEntry(418)?.code, 'http/418');
      assert.equal(httpStatusEntry(418)?.severity, 'information');
      assert.equal(httpStatusEntry(102)?.severity, undefined);
      assert.equal(httpStatusEntry(99), undefined);
      assert.equal(httpStatusEntry(600), undefined);
      assert.equal(problemEntry(418)?.code, 'problem/418');
      assert.equal(problemEntry(200), undefined);
      assert.equal(problemEntry(undefined)?.code, 'problem/unknown');
      assert.equal(entryByCode('http/418'), httpStatusEntry(418));
      assert.equal(entryByCode('rdstation/new-rule')?.title.en, 'RD Station error NEW_RULE');
      assert.equal(entryByCode('nope/nothing'), undefined);
      for (const entry of allEntries()) assert.equal(entryByCode(entry.code), entry);
    });
  });

  describe('texts', () => {
    const invalidToken = finding(rdstationEntry('UNAUTHORIZED', 'Invalid token.')!, { errorType: 'UNAUTHORIZED', message: 'Invalid token.' });

    it('resolves the VS Code display language', () => {
      for (const language of ['pt-br', 'pt', 'pt-BR', 'PT-BR', 'pt_BR']) assert.equal(resolveLang(language), 'pt-BR', language);
      for (const language of ['en', 'en-us', 'de', 'es', 'zh-cn', '']) assert.equal(resolveLang(language), 'en', language);
    });

    it('writes one diagnostic line: title, what the payload said, first step of the fix', () => {
      assert.equal(diagnosticMessage(invalidToken, 'en'), 'Invalid token (UNAUTHORIZED: "Invalid token.") — refresh the access token or sign in again.');
      assert.equal(diagnosticMessage(invalidToken, 'pt-BR'), 'Token inválido (UNAUTHORIZED: "Invalid token.") — atualize o access_token ou faça login novamente.');
      const validation = finding(rdstationEntry('CANNOT_BE_NULL')!, { errorType: 'CANNOT_BE_NULL', message: 'email cannot be null.', field: 'email' });
      assert.equal(diagnosticMessage(validation, 'en'), 'Field cannot be null (CANNOT_BE_NULL: "email cannot be null.", field email) — send a value for the field.');
      const oauth = finding(oauthEntry('invalid_grant')!, { oauthError: 'invalid_grant' });
      assert.equal(diagnosticMessage(oauth, 'en'), 'Invalid grant (invalid_grant) — sign in again to get a new code and tokens.');
      const status = finding(httpStatusEntry(401)!, { status: 401 }, 'status');
      assert.match(diagnosticMessage(status, 'en'), /^401 Unauthorized — get a new access token/);
    });

    it('keeps diagnostics on one line, short, and free of tokens', () => {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
      const noisy = finding(oauthEntry('invalid_grant')!, { oauthError: 'invalid_grant', message: `line one\nline two ${jwt} ${'x'.repeat(500)}` });
      for (const lang of ['en', 'pt-BR'] as Lang[]) {
        const message = diagnosticMessage(noisy, lang);
        assert.ok(!/[\r\n]/.test(message));
        assert.ok(!message.includes(jwt));
        assert.ok(message.length < 300, `${message.length}`);
      }
      const secret = finding(entryByCode('token/stored-secret')!, { secretKind: 'access_token' }, 'secret');
      assert.equal(diagnosticMessage(secret, 'en'), 'Token stored in a file (access_token) — redact the token here and let Tokenwise keep it in secret storage.');
    });

    it('gives the hover its parts, with what the payload said as detail lines', () => {
      const limited = finding(entryByCode('rdstation/rate-limit')!, { message: "'lead_limiter' rate limit exceeded", retryAfterSeconds: 20745 });
      const en = explanation(limited, 'en');
      assert.equal(en.title, 'Rate limit exceeded');
      assert.equal(en.docUrl, 'https://developers.rdstation.com/reference/limite-de-requisicoes-da-api');
      assert.deepEqual(en.details, [`Message: "'lead_limiter' rate limit exceeded"`, 'Retry after 20745 s (5 h 45 min 45 s)']);
      const pt = explanation(finding(entryByCode('http/retry-after')!, { retryAfterSeconds: 30 }, 'header'), 'pt-BR');
      assert.deepEqual(pt.details, ['Tente de novo em 30 s']);
      const field = explanation(finding(rdstationEntry('MUST_BE_STRING')!, { errorType: 'MUST_BE_STRING', field: 'name' }), 'pt-BR');
      assert.deepEqual(field.details, ['Tipo de erro: MUST_BE_STRING', 'Campo: name']);
      assert.equal(field.meaning, rdstationEntry('MUST_BE_STRING')!.meaning['pt-BR']);
      assert.equal(explanation(invalidToken, 'en').fix, 'Refresh the access token or sign in again.');
    });
  });
});
