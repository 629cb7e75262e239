import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index';

/**
 * `tokenwise token`, as built (`dist/cli.js`), against the emulator in this process. The child runs
 * asynchronously: a synchronous spawn would block the emulator that has to answer it.
 */

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const SECRET = 'tokenwise-demo-secret';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'token', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('tokenwise token', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator();
  });
  beforeEach(() => {
    emulator.control.clearFaults();
    emulator.control.resetStats();
  });
  after(async () => {
    await emulator.close();
  });

  it('prints a Consistem client-credentials token, the secret read from TOKENWISE_CLIENT_SECRET', async () => {
    const result = await run(['--profile', 'consistem-whatsapp', '--base-url', emulator.baseUrl, '--client-id', 'tokenwise-demo'], { TOKENWISE_CLIENT_SECRET: SECRET });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\S{16,}\n$/);
    assert.equal(emulator.control.stats().requests['consistem.token'], 1);
    // The token works at the API.
    const api = await fetch(`${emulator.baseUrl}/api/v1/messages`, { headers: { authorization: `Bearer ${result.stdout.trim()}` } });
    assert.equal(api.status, 200);
  });

  it('works against any standard OAuth 2.0 server, with --json, scopes, a JSON body and Basic auth', async () => {
    const result = await run(
      ['--token-url', `${emulator.baseUrl}/oauth2/token`, '--client-id', 'tokenwise-demo', '--client-secret-env', 'MY_SECRET', '--scope', 'read write', '--scope', 'admin', '--body', 'json', '--client-auth', 'basic', '--json'],
      { MY_SECRET: SECRET },
    );
    assert.equal(result.code, 0, result.stderr);
    const response = JSON.parse(result.stdout);
    assert.equal(typeof response.access_token, 'string');
    assert.equal(response.token_type, 'Bearer');
    assert.equal(response.expires_in, 86400);
    assert.equal(response.scope, 'read write admin');
    const [request] = emulator.control.requests().filter((record) => record.endpoint === 'oauth2.token');
    assert.equal(request.contentType, 'application/json');
    assert.equal(request.auth, 'basic');
  });

  it('refreshes an RD Station token, the refresh token read from a variable', async () => {
    const code = emulator.control.issueCode('rdstation', 'tokenwise-demo', 'http://127.0.0.1/callback');
    const exchange = await fetch(`${emulator.baseUrl}/auth/token?token_by=code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'tokenwise-demo', client_secret: SECRET, code }),
    });
    const { refresh_token: refreshToken } = (await exchange.json()) as { refresh_token: string };
    const result = await run(['--profile', 'rdstation-marketing', '--base-url', emulator.baseUrl, '--client-id', 'tokenwise-demo', '--refresh-token-env', 'RD_REFRESH', '--json'], {
      TOKENWISE_CLIENT_SECRET: SECRET,
      RD_REFRESH: refreshToken,
    });
    assert.equal(result.code, 0, result.stderr);
    const response = JSON.parse(result.stdout);
    assert.match(response.access_token, /^eyJ/);
    assert.equal(response.refresh_token, refreshToken, 'RD Station keeps the refresh token');
    assert.equal(emulator.control.stats().requests['rdstation.token.refresh'], 1);
  });

  it('explains a refusal with the catalogue, in English or Portuguese, and exits 1', async () => {
    const args = ['--profile', 'rdstation-marketing', '--base-url', emulator.baseUrl, '--client-id', 'tokenwise-demo', '--refresh-token-env', 'RD_REFRESH'];
    const english = await run(args, { TOKENWISE_CLIENT_SECRET: SECRET, RD_REFRESH: 'not-a-refresh-token' });
    assert.equal(english.code, 1);
    assert.equal(english.stdout, '');
    assert.match(english.stderr, /INVALID_REFRESH_TOKEN/);
    assert.match(english.stderr, /rdstation\/invalid-refresh-token/);
    assert.match(english.stderr, /How to fix it: Sign in again/);
    const portuguese = await run([...args, '--lang', 'pt-BR'], { TOKENWISE_CLIENT_SECRET: SECRET, RD_REFRESH: 'not-a-refresh-token' });
    assert.equal(portuguese.code, 1);
    assert.match(portuguese.stderr, /Como corrigir:/);
    assert.ok(!english.stderr.includes('not-a-refresh-token') && !english.stderr.includes(SECRET), 'no secret in the message');

    const wrongSecret = await run(['--profile', 'consistem-whatsapp', '--base-url', emulator.baseUrl, '--client-id', 'tokenwise-demo'], { TOKENWISE_CLIENT_SECRET: 'wrong' });
    assert.equal(wrongSecret.code, 1);
    assert.match(wrongSecret.stderr, /invalid_client/);
  });

  it('exits 1 with the reason when the server cannot be reached', async () => {
    emulator.control.injectFault({ endpoint: 'consistem.token', type: 'html', status: 502, count: 5 });
    const result = await run(['--profile', 'consistem-whatsapp', '--base-url', emulator.baseUrl, '--client-id', 'tokenwise-demo'], { TOKENWISE_CLIENT_SECRET: SECRET });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /502/);
  });

  it('exits 2 on bad usage, and refuses secrets on the command line', async () => {
    const usage = async (args: string[], pattern: RegExp, env: Record<string, string> = { TOKENWISE_CLIENT_SECRET: SECRET }) => {
      const result = await run(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stdout, '');
    };
    await usage(['--client-id', 'x'], /--profile .* or --token-url/);
    await usage(['--profile', 'nope', '--client-id', 'x'], /unknown profile "nope"/);
    await usage(['--profile', 'consistem-whatsapp', '--client-secret', SECRET, '--client-id', 'x'], /--client-secret-env/);
    await usage(['--profile', 'consistem-whatsapp', '--refresh-token', 'abc'], /--refresh-token-env/);
    await usage(['--profile', 'consistem-whatsapp'], /--client-id is required/);
    await usage(['--profile', 'consistem-whatsapp', '--client-id', 'x'], /TOKENWISE_CLIENT_SECRET/, {});
    await usage(['--profile', 'rdstation-marketing', '--client-id', 'x'], /--refresh-token-env/);
    await usage(['--token-url', 'http://example.com/token', '--client-id', 'x'], /tokenUrl/);
    await usage(['--profile', 'consistem-whatsapp', '--body', 'xml', '--client-id', 'x'], /json\|form/);
    assert.equal(emulator.control.stats().total, 0, 'nothing was sent');
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /tokenwise token/);
  });
});
