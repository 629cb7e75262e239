import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { Emitter } from '../../src/auth/emitter';
import type * as SecretStoreModule from '../../src/auth/secretStore';
import { TokenManager, type OAuthOperations } from '../../src/auth/tokenManager';
import * as oauth from '../../src/core/oauth/index';
import { closeNet, isOAuthError, type OAuthClientOptions } from '../../src/core/oauth/index';
import { builtInProfile, type Profile } from '../../src/core/profiles';
import { formatDuration, type TokenSet } from '../../src/core/tokens';
import { startEmulator, type FaultSpec, type RunningEmulator } from '../emulator/index';
import { Clock } from './fakes/clock';
import { loadWithFakeVscode } from './fakes/loadWithFakeVscode';
import { FakeSecretStorage } from './fakes/vscode';

/**
 * Promise 2 of docs/RELIABILITY.md: nothing is lost under faults. The real TokenManager, the real
 * SecretStore (over an in-memory SecretStorage) and the real OAuth client talk to the emulator over
 * HTTP while it injects every fault on every token endpoint. For each fault × endpoint:
 * - what was stored survives the failure, byte for byte;
 * - a renewal that failed transiently is retried after a backoff (not before), and succeeds once the
 *   fault clears;
 * - every value ever written is whole: credentials and tokens in one JSON value per profile, the
 *   tokens exactly as one answer of the server gave them, never a mix of two.
 * The clock is a fake one (the backoff is 15 s and more); the network is real, with short timeouts.
 * The table of outcomes is printed at the end (and copied into docs/RELIABILITY.md).
 */

const { SecretStore } = loadWithFakeVscode(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('../../src/auth/secretStore') as typeof SecretStoreModule,
);

const RD_CLIENT = { clientId: 'rd-app', clientSecret: 'rd-secret-value-123' };
const CS_CLIENT = { clientId: 'cs-app', clientSecret: 'cs-secret-value-456' };
const CALLBACK = 'http://127.0.0.1:7777/callback';
const LIFETIME_S = 3600;
const KEY_PREFIX = 'tokenwise.profile.';

/**
 * Short timeouts and retry delays, so a run takes seconds; the retry budget is the client's default
 * (2). undici checks header and body timeouts on a timer that ticks about every 500 ms, so a 200 ms
 * limit fires within about 1.2 s: the slow faults below stay silent for 2 s.
 */
const CLIENT: OAuthClientOptions = {
  timeouts: { connectMs: 1000, headersMs: 200, bodyMs: 200 },
  retry: { maxRetries: 2, minDelayMs: 5, maxDelayMs: 20, maxRetryAfterSeconds: 5 },
};

interface FaultCase {
  readonly name: string;
  readonly fault: Omit<FaultSpec, 'endpoint' | 'count'>;
  /** Seconds the server asked to wait: the next try must not come earlier. */
  readonly retryAfter?: number;
}

const FAULTS: readonly FaultCase[] = [
  { name: 'delay 2 s (headers timeout)', fault: { type: 'delay', ms: 2000 } },
  { name: 'slow body, 2 s between pieces (body timeout)', fault: { type: 'slow-body', ms: 2000 } },
  { name: 'dropped connection', fault: { type: 'drop' } },
  { name: 'dropped after processing', fault: { type: 'drop', after: true } },
  { name: '500', fault: { type: 'status', status: 500 } },
  { name: '502', fault: { type: 'status', status: 502 } },
  { name: '503', fault: { type: 'status', status: 503 } },
  { name: '429 + Retry-After: 120', fault: { type: 'rate-limit', retryAfter: 120 }, retryAfter: 120 },
  { name: '429, no Retry-After', fault: { type: 'rate-limit' } },
  { name: 'HTML error page (502)', fault: { type: 'html' } },
  { name: 'HTML page with 200', fault: { type: 'html', status: 200 } },
  { name: 'malformed JSON (200)', fault: { type: 'malformed-json' } },
  { name: 'truncated body', fault: { type: 'truncated' } },
];

interface Row {
  readonly endpoint: string;
  readonly fault: string;
  readonly attempts: number;
  readonly caller: string;
  readonly stored: string;
  readonly nextTry: string;
  readonly recovered: string;
}

/** What a failure looked like to the caller, in a few words. */
function describeError(error: unknown): string {
  if (!isOAuthError(error)) return error instanceof Error ? error.name : String(error);
  const status = error.status !== undefined ? ` ${error.status}` : '';
  const reason = error.reason ? ` (${error.reason})` : '';
  const phase = (error.kind === 'network' || error.kind === 'timeout') && error.phase ? ` (${error.phase})` : '';
  return `${error.kind}${status}${reason}${phase}`;
}

describe('nothing is lost under faults (emulator, real HTTP)', function () {
  this.timeout(20_000);
  let emulator: RunningEmulator;
  let rd: Profile;
  let cs: Profile;
  const rows: Row[] = [];
  let leakChecks = 0;

  before(async () => {
    emulator = await startEmulator({
      tokenLifetimeSeconds: LIFETIME_S,
      clients: [
        { api: 'rdstation', clientId: RD_CLIENT.clientId, clientSecret: RD_CLIENT.clientSecret, redirectUris: [CALLBACK] },
        { api: 'consistem', clientId: CS_CLIENT.clientId, clientSecret: CS_CLIENT.clientSecret },
      ],
    });
    rd = builtInProfile('rdstation-marketing', emulator.baseUrl);
    cs = builtInProfile('consistem-whatsapp', emulator.baseUrl);
  });

  after(async () => {
    await emulator?.close();
    await closeNet();
    if (rows.length) {
      const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
      console.log(
        [
          '',
          `      Fault × endpoint × outcome (${rows.length} cases; ${leakChecks.toLocaleString('en')} secret × log line or error pairs checked, none leaked)`,
          line(['endpoint', 'fault', 'requests', 'the caller got', 'stored value', 'next try', 'once the fault cleared']),
          line(['---', '---', '---', '---', '---', '---', '---']),
          ...rows.map((row) => line([row.endpoint, row.fault, row.attempts, row.caller, row.stored, row.nextTry, row.recovered])),
          '',
        ]
          .map((text, index) => (index > 1 ? `      ${text}` : text))
          .join('\n'),
      );
    }
  });

  /** One window: the real SecretStore and TokenManager, a fake clock, the real OAuth client (recording what it returned). */
  function openWindow() {
    const clock = new Clock();
    clock.now = Date.now();
    const keyring = new FakeSecretStorage();
    const store = new SecretStore(keyring as unknown as vscode.SecretStorage);
    const issued: TokenSet[] = [];
    const remember = (tokens: TokenSet) => (issued.push(tokens), tokens);
    const logLines: string[] = [];
    const record = (component: string, message: string) => void logLines.push(`[${component}] ${message}`);
    /** Errors the callers saw, and the authorization codes used: both checked for leaks. */
    const errors: unknown[] = [];
    const codes: string[] = [];
    const operations: OAuthOperations = {
      exchangeCode: async (...args) => remember(await oauth.exchangeCode(...args)),
      refreshAccessToken: async (...args) => remember(await oauth.refreshAccessToken(...args)),
      requestClientCredentialsToken: async (...args) => remember(await oauth.requestClientCredentialsToken(...args)),
      revokeToken: oauth.revokeToken,
    };
    const profileChanges = new Emitter<void>();
    const profiles = [rd, cs];
    const manager = new TokenManager({
      storage: store,
      profiles: { get: (id) => profiles.find((p) => p.id === id), all: () => profiles, onDidChange: profileChanges.event },
      log: { debug: record, info: record, warn: record },
      clientOptions: () => CLIENT,
      oauth: operations,
      now: () => clock.now,
      scheduler: clock,
      random: () => 0.5,
    });
    const stored = (profileId: string) => keyring.values.get(KEY_PREFIX + profileId);

    /** Every value ever written is one whole JSON value: the right credentials, and tokens exactly as one answer gave them. */
    const assertWholeWrites = () => {
      const answers = issued.map((tokens) => JSON.stringify(tokens));
      for (const { key, value } of keyring.writes) {
        assert.ok(key.startsWith(KEY_PREFIX), `unexpected key ${key}`);
        if (value === undefined) continue;
        const parsed = JSON.parse(value) as { v: number; clientId?: string; clientSecret?: string; tokens?: TokenSet; sessionId?: string };
        const credentials = key === KEY_PREFIX + rd.id ? RD_CLIENT : CS_CLIENT;
        assert.equal(parsed.v, 1);
        assert.equal(parsed.clientId, credentials.clientId, 'credentials written with the tokens');
        assert.equal(parsed.clientSecret, credentials.clientSecret, 'credentials written with the tokens');
        if (parsed.tokens) {
          assert.ok(answers.includes(JSON.stringify(parsed.tokens)), `stored tokens that no single answer gave: ${Object.keys(parsed.tokens).join(', ')}`);
          assert.ok(parsed.sessionId, 'a session id goes with the tokens');
        }
      }
    };

    /** No secret (client secret, code, access or refresh token) in the log or in any error a caller saw. */
    const assertNothingLeaked = () => {
      const secrets = [RD_CLIENT.clientSecret, CS_CLIENT.clientSecret, ...codes, ...issued.flatMap((tokens) => [tokens.accessToken, tokens.refreshToken ?? ''])].filter(
        (secret) => secret.length >= 8,
      );
      const texts = [
        ...logLines,
        ...errors.map((error) => (isOAuthError(error) ? `${error.message} ${error.summary['pt-BR']} ${JSON.stringify(error)} ${error.stack ?? ''}` : String(error))),
      ];
      for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`);
      leakChecks += texts.length * secrets.length;
    };

    const dispose = () => {
      manager.dispose();
      store.dispose();
      profileChanges.dispose();
    };
    const check = () => {
      assertWholeWrites();
      assertNothingLeaked();
    };
    return { clock, keyring, manager, stored, errors, codes, check, dispose };
  }

  type Window = ReturnType<typeof openWindow>;
  const requests = (endpoint: string) => emulator.control.stats().requests[endpoint] ?? 0;

  async function signIn(window: Window): Promise<TokenSet> {
    await window.manager.setCredentials(rd.id, RD_CLIENT);
    const code = emulator.control.issueCode('rdstation', RD_CLIENT.clientId, CALLBACK);
    window.codes.push(code);
    return window.manager.exchangeCode(rd.id, { code, redirectUri: CALLBACK });
  }

  /** Polls (real time) until the manager's background renewal is over. */
  async function renewalDone(window: Window, profileId: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (window.manager.snapshot(profileId).refreshing) {
      assert.ok(Date.now() < deadline, 'the background renewal did not finish');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The backoff after a transient failure: the backoff's 15 s (±20 %), or what Retry-After asked when longer. */
  function assertBackoff(window: Window, profileId: string, retryAfter: number | undefined): number {
    const problem = window.manager.snapshot(profileId).problem;
    assert.equal(problem?.kind, 'offline', `problem after the fault: ${problem?.kind} ${problem?.message.en ?? ''}`);
    const wait = problem!.retryAt! - window.clock.now;
    if (retryAfter !== undefined) assert.ok(wait >= retryAfter * 1000, `Retry-After ${retryAfter} s honoured (next try in ${wait} ms)`);
    else assert.ok(wait >= 12_000 && wait <= 18_000, `first retry after about 15 s, not ${wait} ms`);
    return wait;
  }

  function inject(endpoint: string, fault: FaultCase): void {
    emulator.control.clearFaults();
    emulator.control.resetStats();
    // Persistent until cleared: the client's own retries meet it too.
    emulator.control.injectFault({ endpoint, ...fault.fault, count: 100 } as FaultSpec);
  }

  beforeEach(() => emulator.control.reset());

  describe('rdstation.token.refresh: renewal ahead of expiry (token still valid)', () => {
    for (const fault of FAULTS) {
      it(fault.name, async () => {
        const window = openWindow();
        try {
          const first = await signIn(window);
          window.clock.sleep((LIFETIME_S - 240) * 1000); // four minutes left, inside the five-minute margin
          const before = window.stored(rd.id);
          inject('rdstation.token.refresh', fault);

          // The caller still gets the valid token; the renewal failed and is scheduled again.
          assert.equal(await window.manager.getAccessToken(rd.id), first.accessToken);
          const attempts = requests('rdstation.token.refresh');
          const problem = window.manager.snapshot(rd.id).problem;
          emulator.control.clearFaults();
          assert.equal(window.stored(rd.id), before, 'stored value unchanged');
          const wait = assertBackoff(window, rd.id, fault.retryAfter);
          assert.deepEqual(window.clock.pending(), [problem!.retryAt], 'one timer: the retry');

          // Within the backoff, callers do not hit the server again.
          assert.equal(await window.manager.getAccessToken(rd.id), first.accessToken);
          assert.equal(requests('rdstation.token.refresh'), attempts, 'no request within the backoff');

          // The fault cleared: the timer's retry succeeds.
          await window.clock.advance(wait);
          await renewalDone(window, rd.id);
          const after = window.manager.snapshot(rd.id);
          assert.equal(after.problem, undefined, after.problem?.message.en);
          assert.notEqual(after.tokens?.accessToken, first.accessToken);
          assert.equal(after.tokens?.refreshToken, first.refreshToken);
          assert.equal(requests('rdstation.token.refresh'), attempts + 1);
          window.check();
          rows.push({
            endpoint: 'rdstation.token.refresh (background)',
            fault: fault.name,
            attempts,
            caller: 'the stored, still valid token',
            stored: 'unchanged',
            nextTry: formatDuration(wait),
            recovered: 'timer retry refreshed',
          });
        } finally {
          window.dispose();
        }
      });
    }
  });

  describe('rdstation.token.refresh: Refresh command on an expired token', () => {
    for (const fault of FAULTS) {
      it(fault.name, async () => {
        const window = openWindow();
        try {
          const first = await signIn(window);
          window.clock.sleep((LIFETIME_S + 60) * 1000); // expired a minute ago
          const before = window.stored(rd.id);
          inject('rdstation.token.refresh', fault);

          let caller = '';
          await assert.rejects(window.manager.refresh(rd.id), (error: unknown) => (window.errors.push(error), (caller = describeError(error)), isOAuthError(error)));
          const attempts = requests('rdstation.token.refresh');
          emulator.control.clearFaults();
          assert.equal(window.stored(rd.id), before, 'stored value unchanged: the refresh token is kept');
          const wait = assertBackoff(window, rd.id, fault.retryAfter);

          await window.clock.advance(wait);
          await renewalDone(window, rd.id);
          const after = window.manager.snapshot(rd.id);
          assert.equal(after.problem, undefined, after.problem?.message.en);
          assert.notEqual(after.tokens?.accessToken, first.accessToken);
          assert.equal(requests('rdstation.token.refresh'), attempts + 1);
          // And an explicit refresh works too.
          await window.manager.refresh(rd.id);
          window.check();
          rows.push({
            endpoint: 'rdstation.token.refresh (expired, Refresh command)',
            fault: fault.name,
            attempts,
            caller: `error: ${caller}`,
            stored: 'unchanged (refresh token kept)',
            nextTry: formatDuration(wait),
            recovered: 'timer retry refreshed',
          });
        } finally {
          window.dispose();
        }
      });
    }
  });

  describe('consistem.token: client-credentials token requested on demand', () => {
    for (const fault of FAULTS) {
      it(fault.name, async () => {
        const window = openWindow();
        try {
          await window.manager.setCredentials(cs.id, CS_CLIENT);
          const first = await window.manager.requestClientCredentialsToken(cs.id);
          window.clock.sleep((LIFETIME_S - 240) * 1000);
          const before = window.stored(cs.id);
          inject('consistem.token', fault);

          assert.equal(await window.manager.getAccessToken(cs.id), first.accessToken);
          const attempts = requests('consistem.token');
          emulator.control.clearFaults();
          assert.equal(window.stored(cs.id), before, 'stored value unchanged');
          const wait = assertBackoff(window, cs.id, fault.retryAfter);
          // Requested on demand only: no timer; within the backoff a caller gets the stored token without a request.
          assert.deepEqual(window.clock.pending(), []);
          window.clock.sleep(wait / 2);
          assert.equal(await window.manager.getAccessToken(cs.id), first.accessToken);
          assert.equal(requests('consistem.token'), attempts, 'no request within the backoff');

          window.clock.sleep(wait / 2);
          const next = await window.manager.getAccessToken(cs.id);
          assert.notEqual(next, first.accessToken);
          assert.equal(window.manager.snapshot(cs.id).problem, undefined);
          assert.equal(requests('consistem.token'), attempts + 1);
          window.check();
          rows.push({
            endpoint: 'consistem.token',
            fault: fault.name,
            attempts,
            caller: 'the stored, still valid token',
            stored: 'unchanged',
            nextTry: `${formatDuration(wait)} (on demand)`,
            recovered: 'next request got a new token',
          });
        } finally {
          window.dispose();
        }
      });
    }
  });

  describe('rdstation.token.code: sign-in over an existing session', () => {
    for (const fault of FAULTS) {
      it(fault.name, async () => {
        const window = openWindow();
        try {
          await signIn(window);
          const before = window.stored(rd.id);
          const writes = window.keyring.writes.length;
          inject('rdstation.token.code', fault);

          const code = emulator.control.issueCode('rdstation', RD_CLIENT.clientId, CALLBACK);
          window.codes.push(code);
          let caller = '';
          await assert.rejects(window.manager.exchangeCode(rd.id, { code, redirectUri: CALLBACK }), (error: unknown) => (window.errors.push(error), (caller = describeError(error)), isOAuthError(error)));
          const attempts = requests('rdstation.token.code');
          emulator.control.clearFaults();
          // A code is single use: a request that reached the server is never sent again.
          assert.equal(attempts, 1, 'the code exchange is not retried');
          assert.equal(window.stored(rd.id), before, 'the previous session is untouched');
          assert.equal(window.keyring.writes.length, writes, 'nothing written');

          // Signing in again (a new code) works once the fault cleared.
          const again = emulator.control.issueCode('rdstation', RD_CLIENT.clientId, CALLBACK);
          window.codes.push(again);
          const tokens = await window.manager.exchangeCode(rd.id, { code: again, redirectUri: CALLBACK });
          assert.equal(window.manager.snapshot(rd.id).tokens?.accessToken, tokens.accessToken);
          window.check();
          rows.push({
            endpoint: 'rdstation.token.code',
            fault: fault.name,
            attempts,
            caller: `error: ${caller}`,
            stored: 'unchanged (previous session)',
            nextTry: 'none (single-use code)',
            recovered: 'a new sign-in succeeded',
          });
        } finally {
          window.dispose();
        }
      });
    }
  });

  describe('rdstation.revoke: Revoke Token', () => {
    for (const fault of FAULTS) {
      it(fault.name, async () => {
        const window = openWindow();
        try {
          await signIn(window);
          const before = window.stored(rd.id);
          inject('rdstation.revoke', fault);

          let caller: string;
          let stored: string;
          try {
            await window.manager.signOut(rd.id, { requireRevoke: true });
            assert.equal(fault.fault.type, 'malformed-json', 'only an answer the server gave (and processed) counts as a revocation');
            // A 2xx is a revocation (RFC 7009 §2.2: the body is ignored), unless it is an HTML page (not the server's).
            caller = 'revoked (2xx, body ignored)';
            stored = 'tokens removed, credentials kept';
            assert.deepEqual(JSON.parse(window.stored(rd.id)!), { v: 1, ...RD_CLIENT });
          } catch (error) {
            window.errors.push(error);
            assert.ok(isOAuthError(error), String(error));
            caller = `error: ${describeError(error)}`;
            stored = 'unchanged';
            assert.equal(window.stored(rd.id), before, 'the tokens stay until they are really revoked');
          }
          const attempts = requests('rdstation.revoke');
          emulator.control.clearFaults();

          let recovered = 'nothing left to do';
          if (window.manager.snapshot(rd.id).tokens) {
            assert.equal(await window.manager.signOut(rd.id, { requireRevoke: true }), 'revoked');
            assert.deepEqual(JSON.parse(window.stored(rd.id)!), { v: 1, ...RD_CLIENT });
            recovered = 'Revoke Token again: revoked';
          }
          window.check();
          rows.push({ endpoint: 'rdstation.revoke', fault: fault.name, attempts, caller, stored, nextTry: 'when the user asks again', recovered });
        } finally {
          window.dispose();
        }
      });
    }

    it('Sign Out under a fault forgets the tokens locally and says it could not revoke', async () => {
      const window = openWindow();
      try {
        await signIn(window);
        inject('rdstation.revoke', FAULTS.find((f) => f.name === '503')!);
        assert.equal(await window.manager.signOut(rd.id), 'forgotten');
        assert.deepEqual(JSON.parse(window.stored(rd.id)!), { v: 1, ...RD_CLIENT }, 'credentials kept, tokens gone');
        window.check();
      } finally {
        window.dispose();
      }
    });
  });
});
