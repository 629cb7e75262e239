import * as assert from 'node:assert/strict';
import {
  BUILT_IN_PROFILE_IDS,
  builtInProfile,
  describeProfileErrors,
  resolveProfiles,
  summarizeProfileErrors,
  validateProfile,
  type Profile,
  type ProfileError,
} from '../../src/core/profiles';

function valid(raw: unknown): Profile {
  const result = validateProfile(raw);
  if ('errors' in result) assert.fail(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.profile;
}

function invalid(raw: unknown): readonly ProfileError[] {
  const result = validateProfile(raw);
  assert.ok('errors' in result, 'expected validation errors');
  return result.errors;
}

function errorAt(errors: readonly ProfileError[], path: string): ProfileError {
  const error = errors.find((e) => e.path === path);
  assert.ok(error, `no error at ${path}: ${JSON.stringify(errors.map((e) => e.path))}`);
  return error;
}

describe('profiles', () => {
  describe('built-in presets', () => {
    it('RD Station Marketing: authorization code, documented endpoints, JSON bodies, form revoke, refresh, no PKCE', () => {
      const p = builtInProfile('rdstation-marketing');
      assert.equal(p.grant, 'authorization_code');
      assert.deepEqual(p.endpoints, {
        authorize: 'https://api.rd.services/auth/dialog',
        token: 'https://api.rd.services/auth/token',
        codeExchange: 'https://api.rd.services/auth/token?token_by=code',
        revoke: 'https://api.rd.services/auth/revoke',
      });
      assert.equal(p.dialect, 'rdstation');
      assert.equal(p.bodyEncoding, 'json');
      assert.equal(p.revokeEncoding, 'form');
      assert.equal(p.refresh, true);
      assert.equal(p.pkce, false);
      assert.deepEqual(p.scopes, []);
    });

    it('Consistem WhatsApp: client credentials at <base>/oauth/token, form body, no refresh, no revoke', () => {
      const p = builtInProfile('consistem-whatsapp');
      assert.equal(p.grant, 'client_credentials');
      assert.deepEqual(p.endpoints, {
        token: 'https://whatsapphomologacao.consistem.com.br/oauth/token',
        codeExchange: 'https://whatsapphomologacao.consistem.com.br/oauth/token',
      });
      assert.equal(p.bodyEncoding, 'form');
      assert.equal(p.refresh, false);
      assert.equal(p.pkce, false);
    });

    it('moves every endpoint under an overriding baseUrl', () => {
      const p = builtInProfile('rdstation-marketing', 'http://127.0.0.1:41234/');
      assert.deepEqual(p.endpoints, {
        authorize: 'http://127.0.0.1:41234/auth/dialog',
        token: 'http://127.0.0.1:41234/auth/token',
        codeExchange: 'http://127.0.0.1:41234/auth/token?token_by=code',
        revoke: 'http://127.0.0.1:41234/auth/revoke',
      });
      assert.equal(builtInProfile('consistem-whatsapp', 'https://whatsapp.example.com/api').endpoints.token, 'https://whatsapp.example.com/api/oauth/token');
    });

    it('overrides single endpoints (absolute, or a path under the base URL) and the body encoding', () => {
      const p = valid({ id: 'consistem-whatsapp', bodyEncoding: 'json', tokenUrl: '/v2/oauth/token' });
      assert.equal(p.endpoints.token, 'https://whatsapphomologacao.consistem.com.br/v2/oauth/token');
      assert.equal(p.bodyEncoding, 'json');
      const moved = valid({ id: 'rdstation-marketing', tokenUrl: 'https://rd.example.com/v1/token' });
      assert.equal(moved.endpoints.codeExchange, 'https://rd.example.com/v1/token?token_by=code');
      assert.equal(valid({ id: 'rdstation-marketing', codeExchangeUrl: '/x' }).endpoints.codeExchange, 'https://api.rd.services/x');
      const rd = valid({ id: 'rdstation-marketing', revokeUrl: 'https://rd.example.com/revoke' });
      assert.equal(rd.endpoints.revoke, 'https://rd.example.com/revoke');
      assert.equal(rd.endpoints.token, 'https://api.rd.services/auth/token');
    });

    it('lets a new profile extend a built-in (e.g. the emulator next to the real API)', () => {
      const p = valid({ id: 'rd-emulator', extends: 'rdstation-marketing', baseUrl: 'http://localhost:8080', label: 'RD (local)' });
      assert.equal(p.preset, 'rdstation-marketing');
      assert.equal(p.dialect, 'rdstation');
      assert.equal(p.label, 'RD (local)');
      assert.equal(p.endpoints.codeExchange, 'http://localhost:8080/auth/token?token_by=code');
    });
  });

  describe('custom profiles', () => {
    it('authorization code with PKCE by default, form bodies, scopes and extra parameters', () => {
      const p = valid({
        id: 'acme',
        grant: 'authorization_code',
        authorizeUrl: 'https://id.acme.test/authorize',
        tokenUrl: 'https://id.acme.test/token',
        scopes: ['read:contacts', 'offline_access'],
        extraAuthorizeParams: { audience: 'api' },
        clientAuth: 'basic',
      });
      assert.equal(p.pkce, true);
      assert.equal(p.dialect, 'rfc6749');
      assert.equal(p.bodyEncoding, 'form');
      assert.equal(p.clientAuth, 'basic');
      assert.equal(p.refresh, true);
      assert.equal(p.endpoints.codeExchange, 'https://id.acme.test/token');
      assert.deepEqual(p.scopes, ['read:contacts', 'offline_access']);
      assert.deepEqual(p.extraAuthorizeParams, { audience: 'api' });
      assert.equal(p.label, 'acme');
    });

    it('client credentials with endpoint paths under baseUrl', () => {
      const p = valid({ id: 'svc', grant: 'client_credentials', baseUrl: 'https://auth.example.com', tokenUrl: '/oauth2/token', bodyEncoding: 'json' });
      assert.equal(p.endpoints.token, 'https://auth.example.com/oauth2/token');
      assert.equal(p.pkce, false);
      assert.equal(p.refresh, false);
      assert.equal(p.endpoints.authorize, undefined);
    });
  });

  describe('validation', () => {
    it('rejects what is not an object', () => {
      for (const raw of [null, 1, 'x', []]) assert.equal(invalid(raw).length, 1);
    });

    it('names the field and what is expected, in English and Portuguese', () => {
      const errors = invalid({ id: 'Bad Id!', grant: 'password', tokenUrl: 'ftp://x', pkce: 'yes', scopes: ['ok', 'has space'], refreshBeforeSeconds: -1 });
      const id = errorAt(errors, 'id');
      assert.match(id.message.en, /"id" "Bad Id!" is not valid: use 1 to 64 lowercase letters/);
      assert.match(id.message['pt-BR'], /"id" "Bad Id!" não é válido/);
      assert.match(errorAt(invalid({ grant: 'client_credentials' }), 'id').message.en, /"id" is required/);
      assert.match(errorAt(invalid({ id: '  ' }), 'id').message['pt-BR'], /"id" é obrigatório/);
      assert.match(errorAt(errors, 'grant').message.en, /authorization_code, client_credentials/);
      assert.match(errorAt(errors, 'tokenUrl').message.en, /https:\/\//);
      assert.match(errorAt(errors, 'tokenUrl').message['pt-BR'], /URL https:\/\/ absoluta/);
      assert.match(errorAt(errors, 'pkce').message.en, /true or false/);
      assert.match(errorAt(errors, 'scopes[1]').message.en, /scope/);
      assert.match(errorAt(errors, 'refreshBeforeSeconds').message['pt-BR'], /segundos/);
    });

    it('refuses plain http except for localhost (a client secret travels there)', () => {
      errorAt(invalid({ id: 'x', grant: 'client_credentials', tokenUrl: 'http://auth.example.com/token' }), 'tokenUrl');
      valid({ id: 'x', grant: 'client_credentials', tokenUrl: 'http://localhost:9000/token' });
      valid({ id: 'x', grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:9000/token' });
      errorAt(invalid({ id: 'rdstation-marketing', baseUrl: 'https://x.example.com/?a=1' }), 'baseUrl');
    });

    it('requires the endpoints of the grant', () => {
      const errors = invalid({ id: 'x', grant: 'authorization_code' });
      assert.match(errorAt(errors, 'tokenUrl').message.en, /required for the authorization_code grant/);
      errorAt(errors, 'authorizeUrl');
      errorAt(invalid({ id: 'x', grant: 'client_credentials', tokenUrl: '/token' }), 'tokenUrl'); // a path needs a baseUrl
    });

    it('reports unknown fields (typos) and reserved extra parameters', () => {
      const errors = invalid({ id: 'rdstation-marketing', tokenURL: 'https://x', extraTokenParams: { client_secret: 'x', audience: 1 } });
      assert.match(errorAt(errors, 'tokenURL').message.en, /Unknown field "tokenURL"/);
      assert.match(errorAt(errors, 'extraTokenParams.client_secret').message.en, /set by Tokenwise/);
      errorAt(errors, 'extraTokenParams.audience');
    });

    it('suggests the field a typo meant', () => {
      const errors = invalid({ id: 'x', grant: 'client_credentials', tokenUlr: 'https://a.example.com/token', Scopes: [] });
      assert.equal(errorAt(errors, 'tokenUlr').message.en, 'Unknown field "tokenUlr": did you mean "tokenUrl"?');
      assert.equal(errorAt(errors, 'Scopes').message['pt-BR'], 'Campo desconhecido "Scopes": você quis dizer "scopes"?');
      assert.match(errorAt(invalid({ id: 'x', colour: 'red' }), 'colour').message.en, /Expected one of: id, label, extends, grant/);
    });

    it('names a credential put into settings without repeating it, and says where it belongs', () => {
      const secret = 's3cr3t-value-never-shown';
      for (const field of ['clientSecret', 'client_secret', 'clientId', 'accessToken', 'refresh_token', 'password', 'apiKey']) {
        const error = errorAt(invalid({ id: 'x', grant: 'client_credentials', tokenUrl: 'https://a.example.com/t', [field]: secret }), field);
        assert.match(error.message.en, /system keyring.*Set Client Credentials/);
        assert.match(error.message['pt-BR'], /chaveiro do sistema.*Definir credenciais do cliente/);
        assert.ok(!error.message.en.includes(secret) && !error.message['pt-BR'].includes(secret));
      }
    });

    it('keeps the grant of a built-in and forbids PKCE on client credentials', () => {
      errorAt(invalid({ id: 'consistem-whatsapp', grant: 'authorization_code' }), 'grant');
      errorAt(invalid({ id: 'x', extends: 'consistem-whatsapp', pkce: true }), 'pkce');
      errorAt(invalid({ id: 'x', extends: 'nope' }), 'extends');
      errorAt(invalid({ id: 'consistem-whatsapp', extends: 'rdstation-marketing' }), 'extends');
    });

    it('prefixes paths with basePath', () => {
      const result = validateProfile({ id: 'x', grant: 'client_credentials' }, '[3]');
      assert.ok('errors' in result);
      assert.equal(result.errors[0].path, '[3].tokenUrl');
    });
  });

  describe('resolveProfiles', () => {
    it('always has the built-ins, overridden by settings, then the valid custom profiles', () => {
      const { profiles, errors } = resolveProfiles([
        { id: 'rdstation-marketing', baseUrl: 'http://127.0.0.1:5000' },
        { id: 'mine', grant: 'client_credentials', tokenUrl: 'https://a.example.com/token' },
        { id: 'broken' },
        { id: 'mine', grant: 'client_credentials', tokenUrl: 'https://b.example.com/token' },
      ]);
      assert.deepEqual(
        profiles.map((p) => p.id),
        [...BUILT_IN_PROFILE_IDS, 'mine'],
      );
      assert.equal(profiles[0].endpoints.token, 'http://127.0.0.1:5000/auth/token');
      assert.equal(profiles[2].endpoints.token, 'https://a.example.com/token');
      assert.ok(errors.some((e) => e.path.startsWith('[2].')));
      assert.match(errorAt(errors, '[3].id').message.en, /already has the id "mine"/);
    });

    it('describes each problem by entry (from 1, with its id), field and what is expected', () => {
      const setting = [
        { id: 'rdstation-marketing', baseUrl: 'http://127.0.0.1:5000' },
        { id: 'my-api', grant: 'client_credentials', tokenUrl: 'ftp://x', scopes: ['ok', 'two words'] },
        'not a profile',
        { label: 'No id' },
      ];
      const { errors } = resolveProfiles(setting);
      const en = describeProfileErrors(errors, setting, 'en');
      assert.ok(en.includes('tokenwise.profiles › entry 2 ("my-api") › tokenUrl — "tokenUrl" must be an absolute https:// URL (http:// is accepted only for localhost), or a path starting with "/" when "baseUrl" is set.'), en.join('\n'));
      assert.ok(en.some((line) => line.startsWith('tokenwise.profiles › entry 2 ("my-api") › scopes[1] — "scopes[1]" must be a scope')));
      assert.ok(en.includes('tokenwise.profiles › entry 3 — A profile must be an object with at least an "id".'));
      assert.ok(en.some((line) => line.startsWith('tokenwise.profiles › entry 4 › id — "id" is required')));
      const pt = describeProfileErrors(errors, setting, 'pt-BR');
      assert.ok(pt.some((line) => line.startsWith('tokenwise.profiles › item 2 ("my-api") › tokenUrl — "tokenUrl" deve ser uma URL https://')));
      assert.deepEqual(describeProfileErrors(resolveProfiles({}).errors, {}, 'en'), ['tokenwise.profiles — "tokenwise.profiles" must be a list of profiles.']);
    });

    it('summarises at most three problems for a notification, the rest in the log', () => {
      assert.equal(summarizeProfileErrors(['a', 'b'], 'en'), 'a · b');
      assert.equal(summarizeProfileErrors(['a', 'b', 'c', 'd', 'e'], 'en'), 'a · b · c · and 2 more (see the Tokenwise log)');
      assert.equal(summarizeProfileErrors(['a', 'b', 'c', 'd'], 'pt-BR'), 'a · b · c · e mais 1 (veja o log do Tokenwise)');
    });

    it('treats a missing setting as none and reports a non-list', () => {
      assert.equal(resolveProfiles(undefined).profiles.length, BUILT_IN_PROFILE_IDS.length);
      assert.equal(resolveProfiles(undefined).errors.length, 0);
      assert.equal(resolveProfiles({}).errors.length, 1);
    });
  });
});
