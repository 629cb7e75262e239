import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type * as vscode from 'vscode';
import { Emitter } from '../../src/auth/emitter';
import type * as SecretStoreModule from '../../src/auth/secretStore';
import type * as SignInModule from '../../src/auth/signIn';
import type * as RegistryModule from '../../src/auth/signInRegistry';
import { TokenManager, type OAuthOperations } from '../../src/auth/tokenManager';
import type * as UriHandlerModule from '../../src/auth/uriHandler';
import { Commands, TOOLTIP_COMMANDS } from '../../src/commands/ids';
import { parseCallback } from '../../src/core/oauth/authorize';
import { OAuthError } from '../../src/core/oauth/errors';
import { tokenSetFromResult } from '../../src/core/oauth/responses';
import { builtInProfile, type Profile } from '../../src/core/profiles';
import { plainText } from '../../src/core/text/plainText';
import type { Log } from '../../src/log';
import { loadWithFakeVscode } from './fakes/loadWithFakeVscode';
import { fake, FakeSecretStorage } from './fakes/vscode';

/**
 * Promise 4 of docs/RELIABILITY.md: the sign-in callback is not an attack surface. Generated
 * callbacks (random, missing, reused, cross-profile and expired `state`; codes with any character;
 * very long URIs; `error` parameters with script-like text) go through the one place callbacks are
 * checked (SignInRegistry.deliver, parseCallback) and the sign-in flow around it: nothing throws,
 * nothing is stored or handed over unless the state names a sign-in that waits, and whatever the
 * provider wrote reaches a notification as plain text (a notification renders `[x](command:…)` as a
 * link that runs the command). The host tests (test/host/signIn.test.ts) do the same in a real VS Code.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const { SignInRegistry } = loadWithFakeVscode(() => require('../../src/auth/signInRegistry') as typeof RegistryModule);
const { SignInService, SignInError } = loadWithFakeVscode(() => require('../../src/auth/signIn') as typeof SignInModule);
const { CallbackUriHandler } = loadWithFakeVscode(() => require('../../src/auth/uriHandler') as typeof UriHandlerModule);
const { SecretStore } = loadWithFakeVscode(() => require('../../src/auth/secretStore') as typeof SecretStoreModule);
/* eslint-enable @typescript-eslint/no-require-imports */

/** VS Code's own link syntax in notifications (parseLinkedText in base/common/linkedText.ts). */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const PENDING_KEY = 'tokenwise.signIn.pending';

/** Text shown in a notification must be inert: no link, no markup, no control or bidi-override characters. */
function assertInert(text: string, what: string): void {
  assert.ok(!LINK.test(text), `${what} holds a link: ${JSON.stringify(text)}`);
  assert.ok(!/[<>[\]\\]|\]\(/.test(text), `${what} holds markup syntax: ${JSON.stringify(text)}`);
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text), `${what} holds control characters: ${JSON.stringify(text)}`);
}

const HOSTILE = [
  '[',
  ']',
  '(',
  ')',
  '](',
  '[Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  '[x](https://evil.example/phish)',
  '[x](file:///etc/passwd)',
  'command:workbench.action.quit',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;b&gt;',
  '\u202e',
  '\u2066',
  '\u0000',
  '\n',
  '\r\n',
  '\u001b[31m',
  '%3Cscript%3E',
  '%5Bx%5D(command:x)',
  'javascript:alert(1)',
  '$(bug)',
  '**bold**',
  '`code`',
  '\\',
  '"',
  "'",
  '&',
  '=',
  '?',
  '#',
  ' ',
  'access_denied',
  'é',
  '\uD83D\uDE00',
];

/** A URL carries only well-formed text: a lone surrogate comes back as U+FFFD, which is the URL's doing, not ours. */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
const anyText = (maxLength: number, minLength = 0) => fc.string({ unit: 'binary', minLength, maxLength }).filter(wellFormed);

const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 12 }).map((parts) => parts.join('')),
  anyText(200),
  fc.string({ unit: fc.constantFrom(...'[]()<>\\:/ command'.split('')), maxLength: 60 }),
);
/** The same, with lone surrogates, for what never goes through a URL. */
const hostileRaw = fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('\uD800[x](command:y)\uDFFF'));

/** Keys an object literal answers without owning them: a lookup by state must not find these. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const PREFIXES = ['vscode://tokenwise.tokenwise/callback?', 'code-oss://tokenwise.tokenwise/callback?', 'http://127.0.0.1:7777/callback?', 'https://relay.example/tokenwise/callback?', '?', ''];

function silentLog(lines: string[] = []): Log {
  const write = (component: string, message: string) => void lines.push(`[${component}] ${message}`);
  return { trace: write, debug: write, info: write, warn: write, error: write, show: () => undefined, dispose: () => undefined } as unknown as Log;
}

describe('the sign-in callback is not an attack surface', function () {
  this.timeout(60_000);

  describe('parseCallback', () => {
    it('never throws, whatever the text (3,000 cases)', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), hostileRaw, fc.webUrl({ withQueryParameters: true, withFragments: true })), (text) => {
          const result = parseCallback(text);
          assert.ok(['code', 'error', 'invalid'].includes(result.kind));
          if (result.kind === 'code') assert.ok(result.code.length > 0);
          if (result.kind === 'error') assert.ok(result.error.length > 0);
        }),
        { numRuns: 3000 },
      );
    });

    it('reads back exactly the code, state and error it was given, with any characters, behind any prefix (2,000 cases)', () => {
      const params = fc.record({
        code: fc.option(anyText(100, 1), { nil: undefined }),
        state: fc.option(anyText(60), { nil: undefined }),
        error: fc.option(anyText(60, 1), { nil: undefined }),
        description: fc.option(hostileText.filter((text) => text !== ''), { nil: undefined }),
        prefix: fc.constantFrom(...PREFIXES),
      });
      fc.assert(
        fc.property(params, ({ code, state, error, description, prefix }) => {
          const query = new URLSearchParams();
          if (code !== undefined) query.set('code', code);
          if (state !== undefined) query.set('state', state);
          if (error !== undefined) query.set('error', error);
          if (description !== undefined) query.set('error_description', description);
          const result = parseCallback(prefix + query.toString());
          const expectedState = state === undefined ? {} : { state };
          if (error !== undefined) {
            assert.deepEqual(result, { kind: 'error', error, ...(description ? { description } : {}), ...expectedState });
          } else if (code !== undefined) {
            assert.deepEqual(result, { kind: 'code', code, ...expectedState });
          } else {
            assert.deepEqual(result, { kind: 'invalid' });
          }
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('plainText (provider text in notifications)', () => {
    it('leaves no link, markup, control or bidi-override character, and stays bounded (5,000 cases)', () => {
      fc.assert(
        fc.property(hostileRaw, fc.integer({ min: 1, max: 400 }), (text, max) => {
          const shown = plainText(text, max);
          assertInert(shown, 'plainText');
          assert.ok(shown.length <= max + 1, `${shown.length} > ${max} + the ellipsis`);
          assert.equal(shown, shown.trim());
        }),
        { numRuns: 5000 },
      );
    });

    it('keeps ordinary words as they are', () => {
      assert.equal(plainText('access_denied: The user denied access.'), 'access_denied: The user denied access.');
      assert.equal(plainText('O usuário negou o acesso'), 'O usuário negou o acesso');
    });
  });

  describe('token endpoint errors (shown in notifications by every command)', () => {
    it('carry the provider text of any error body or WWW-Authenticate challenge as plain text (2,000 cases)', () => {
      const answer = fc.record({
        status: fc.constantFrom(400, 401, 403, 429, 500, 503),
        shape: fc.constantFrom('rdstation', 'rdstation-array', 'oauth', 'challenge', 'malformed'),
        type: hostileText,
        message: hostileText,
      });
      fc.assert(
        fc.property(answer, ({ status, shape, type, message }) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          let body: string;
          switch (shape) {
            case 'rdstation':
              body = JSON.stringify({ error_type: type, error_message: message });
              break;
            case 'rdstation-array':
              body = JSON.stringify({ errors: [{ error_type: type, error_message: message }] });
              break;
            case 'oauth':
              body = JSON.stringify({ error: type, error_description: message });
              break;
            case 'challenge':
              body = '';
              headers['www-authenticate'] = `Bearer error="${type.replace(/"/g, '')}", error_description="${message.replace(/"/g, '')}"`;
              break;
            default:
              body = `{"error_type": "INVALID_${type.replace(/[^A-Z]/g, '')}", "error_message": "${message.replace(/["\\]/g, '')}"`;
          }
          let error: unknown;
          try {
            tokenSetFromResult({ ok: true, status, headers, body, attempts: 1 }, { operation: 'refresh', host: 'api.example', issuedAt: 0 });
          } catch (caught) {
            error = caught;
          }
          assert.ok(error instanceof OAuthError, String(error));
          assertInert(error.summary.en, 'the English message');
          assertInert(error.summary['pt-BR'], 'the Portuguese message');
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('SignInRegistry.deliver', () => {
    const clock = { now: Date.UTC(2025, 0, 1) };
    let keyring: FakeSecretStorage;
    let registry: InstanceType<typeof SignInRegistry>;
    let logLines: string[];

    beforeEach(() => {
      clock.now = Date.UTC(2025, 0, 1);
      keyring = new FakeSecretStorage();
      logLines = [];
      registry = new SignInRegistry(keyring as unknown as vscode.SecretStorage, () => 'this window', silentLog(logLines), () => clock.now);
    });
    afterEach(() => registry.dispose());

    /** Lets the registry's bookkeeping writes (fire and forget) finish. */
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('refuses anything when no sign-in waits, and writes nothing (3,000 cases)', async () => {
      const callback = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        hostileText,
        fc
          .record({ prefix: fc.constantFrom(...PREFIXES), code: hostileText, state: fc.oneof(hostileText, fc.constantFrom(...PROTOTYPE_KEYS)), error: fc.option(hostileText, { nil: undefined }) })
          .map(({ prefix, code, state, error }) => prefix + new URLSearchParams({ code, state, ...(error !== undefined ? { error } : {}) }).toString()),
      );
      await fc.assert(
        fc.asyncProperty(callback, fc.option(fc.string(), { nil: undefined }), async (url, pasteFor) => {
          const delivery = await registry.deliver(url, pasteFor);
          assert.equal(delivery.kind, 'refused', JSON.stringify(delivery));
          assert.deepEqual(keyring.writes, [], 'nothing written');
        }),
        { numRuns: 3000 },
      );
    });

    it('refuses a state that is a property name of every object (constructor, __proto__, …) without handing anything over', async () => {
      // Another window's pending sign-in makes the shared list non-empty.
      await keyring.store(PENDING_KEY, JSON.stringify({ 'state-of-another-window': { profileId: 'rdstation-marketing', window: 'other', expiresAt: clock.now + 60_000 } }));
      keyring.writes.length = 0;
      for (const state of PROTOTYPE_KEYS) {
        const started = Date.now();
        const delivery = await registry.deliver(`vscode://tokenwise.tokenwise/callback?code=SECRET-CODE&state=${encodeURIComponent(state)}`);
        assert.deepEqual(delivery, { kind: 'refused', reason: 'unknown-state' }, state);
        assert.ok(Date.now() - started < 1000, `${state}: answered at once, not after a hand-over wait`);
      }
      assert.deepEqual(keyring.writes, [], 'no hand-over written: the code never reached the shared storage');
    });

    type StateKind = 'valid' | 'other-profile' | 'random' | 'missing' | 'reused' | 'expired' | 'timed-out' | 'prototype' | 'paste-bare-code' | 'paste-foreign-state';
    const scenario = fc.record({
      kind: fc.constantFrom<StateKind>('valid', 'other-profile', 'random', 'missing', 'reused', 'expired', 'timed-out', 'prototype', 'paste-bare-code', 'paste-foreign-state'),
      code: anyText(80, 1).map((text) => `C0DE:${text}`),
      error: fc.option(hostileText.filter((text) => text !== ''), { nil: undefined }),
      description: fc.option(hostileText.filter((text) => text !== ''), { nil: undefined }),
      randomState: anyText(60),
      prototypeKey: fc.constantFrom(...PROTOTYPE_KEYS),
      prefix: fc.constantFrom(...PREFIXES),
      padding: fc.nat({ max: 20_000 }),
    });

    it('hands a callback only to the sign-in its state names; refused ones change nothing (3,000 cases)', async () => {
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          seen.set(s.kind, (seen.get(s.kind) ?? 0) + 1);
          keyring = new FakeSecretStorage();
          logLines = [];
          registry.dispose();
          registry = new SignInRegistry(keyring as unknown as vscode.SecretStorage, () => 'this window', silentLog(logLines), () => clock.now);
          const controllers: AbortController[] = [];
          const received: Record<string, RegistryModule.CallbackOutcome | undefined> = {};
          const waitFor = (state: string, profileId: string, expiresAt: number) => {
            const controller = new AbortController();
            controllers.push(controller);
            void registry.wait(state, profileId, expiresAt, controller.signal).then(
              (outcome) => void (received[profileId] = outcome),
              () => undefined,
            );
            return controller;
          };
          try {
            waitFor('state-A', 'profile-a', clock.now + 60_000);
            waitFor('state-B', 'profile-b', clock.now + 60_000);
            // A used state and a cancelled (timed-out) one, both remembered.
            waitFor('state-used', 'profile-a2', clock.now + 60_000);
            assert.equal((await registry.deliver('?code=first&state=state-used')).kind, 'accepted');
            waitFor('state-cancelled', 'profile-a3', clock.now + 60_000).abort();
            await settle();

            let state: string | undefined;
            let pasteFor: string | undefined;
            let expected: RegistryModule.Delivery;
            const refused = (reason: RegistryModule.RefusalReason): RegistryModule.Delivery => ({
              kind: 'refused',
              reason,
              ...(s.error !== undefined ? { providerError: { error: s.error, ...(s.description ? { description: s.description } : {}) } } : {}),
            });
            switch (s.kind) {
              case 'valid':
                state = 'state-A';
                expected = { kind: 'accepted', profileId: 'profile-a' };
                break;
              case 'other-profile':
                state = 'state-B';
                expected = { kind: 'accepted', profileId: 'profile-b' };
                break;
              case 'random':
                state = s.randomState.startsWith('state-') ? `x${s.randomState}` : s.randomState;
                expected = refused('unknown-state');
                break;
              case 'prototype':
                state = s.prototypeKey;
                expected = refused('unknown-state');
                break;
              case 'missing':
                expected = refused('missing-state');
                break;
              case 'reused':
                state = 'state-used';
                expected = refused('reused-state');
                break;
              case 'timed-out':
                state = 'state-cancelled';
                expected = refused('expired-state');
                break;
              case 'expired':
                state = 'state-A';
                clock.now += 61_000;
                expected = refused('expired-state');
                break;
              case 'paste-bare-code':
                // The paste box of B: a bare code belongs to the sign-in the box was opened for.
                pasteFor = 'state-B';
                expected = { kind: 'accepted', profileId: 'profile-b' };
                break;
              case 'paste-foreign-state':
                // A whole URL pasted into B's box goes where its own state says, never to B by default.
                state = s.randomState.startsWith('state-') ? `x${s.randomState}` : s.randomState;
                pasteFor = 'state-B';
                expected = refused('unknown-state');
                break;
            }
            const bareCode = s.kind === 'paste-bare-code' ? s.code.replace(/[?=&#\s:]/g, '') || 'C0DE' : undefined;
            const query = new URLSearchParams();
            if (s.error !== undefined) query.set('error', s.error);
            if (s.error !== undefined && s.description !== undefined) query.set('error_description', s.description);
            query.set('code', s.code);
            if (state !== undefined) query.set('state', state);
            if (s.padding > 0) query.set('pad', 'p'.repeat(s.padding));
            const url = bareCode ?? s.prefix + query.toString();
            if (url.length > 16 * 1024) expected = { kind: 'refused', reason: 'invalid' };
            if (bareCode !== undefined && s.error !== undefined) expected = { kind: 'accepted', profileId: 'profile-b' };

            const before = keyring.writes.length;
            const delivery = await registry.deliver(url, pasteFor);
            await settle();
            assert.deepEqual(delivery, expected);

            const newWrites = keyring.writes.slice(before);
            assert.ok(
              newWrites.every((write) => write.key === PENDING_KEY),
              `only the list of waiting states is written, never a hand-over: ${newWrites.map((w) => w.key).join(', ')}`,
            );
            const code = bareCode ?? s.code;
            for (const write of keyring.writes) assert.ok(!write.value?.includes(code), 'a code is never written to the secret storage');
            for (const line of logLines) assert.ok(!line.includes(code), 'nor logged');
            if (delivery.kind === 'accepted') {
              // Exactly what the provider sent, to the one sign-in that asked, and nobody else.
              const outcome = received[delivery.profileId];
              if (s.error !== undefined && bareCode === undefined) assert.deepEqual(outcome, { kind: 'error', error: s.error, ...(s.description ? { description: s.description } : {}) });
              else assert.deepEqual(outcome, { kind: 'code', code });
              assert.deepEqual(
                Object.keys(received).filter((id) => id !== 'profile-a2'),
                [delivery.profileId],
              );
            } else {
              assert.deepEqual(Object.keys(received), ['profile-a2'], 'a refused callback settles no sign-in');
            }
          } finally {
            for (const controller of controllers) controller.abort();
            clock.now = Date.UTC(2025, 0, 1);
          }
        }),
        { numRuns: 3000 },
      );
      assert.equal([...seen.values()].reduce((a, b) => a + b, 0), 3000);
      assert.equal(seen.size, 10, 'every kind of state was tried');
    });
  });

  describe('the sign-in flow around it (SignInService, fake vscode)', () => {
    const RD = builtInProfile('rdstation-marketing', 'http://127.0.0.1:9');
    const CREDENTIALS = { clientId: 'rd-app', clientSecret: 'rd-secret' };

    function open() {
      fake.reset();
      const keyring = new FakeSecretStorage();
      const store = new SecretStore(keyring as unknown as vscode.SecretStorage);
      const exchanged: string[] = [];
      const oauth: OAuthOperations = {
        exchangeCode: async (_profile, _credentials, params) => {
          exchanged.push(params.code);
          return { accessToken: 'access', refreshToken: 'refresh', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
        },
        refreshAccessToken: async () => assert.fail('no refresh expected'),
        requestClientCredentialsToken: async () => assert.fail('no client-credentials request expected'),
        revokeToken: async () => 'revoked',
      };
      const profiles: Profile[] = [RD];
      const changes = new Emitter<void>();
      const log = silentLog();
      const tokens = new TokenManager({
        storage: store,
        profiles: { get: (id) => profiles.find((p) => p.id === id), all: () => profiles, onDidChange: changes.event },
        log,
        oauth,
      });
      const registry = new SignInRegistry(keyring as unknown as vscode.SecretStorage, () => 'this window', log);
      const uriHandler = new CallbackUriHandler();
      const service = new SignInService({
        tokens,
        registry,
        uriHandler,
        log,
        extensionId: 'tokenwise.tokenwise',
        promptCredentials: async () => false,
        timeoutMs: () => 60_000,
      });
      const profileValue = () => keyring.values.get(`tokenwise.profile.${RD.id}`);
      const dispose = () => {
        fake.cancelProgress();
        service.dispose();
        uriHandler.dispose();
        registry.dispose();
        tokens.dispose();
        store.dispose();
        changes.dispose();
      };
      return { keyring, tokens, service, exchanged, profileValue, dispose };
    }

    /** Starts a sign-in and returns it with the state of the authorize URL it opened. */
    async function startSignIn(window: ReturnType<typeof open>) {
      const signingIn = window.service.signIn(RD);
      signingIn.catch(() => undefined);
      for (let i = 0; i < 50 && fake.openedExternally.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
      const opened = fake.openedExternally.at(-1);
      assert.ok(opened, 'the authorize page was opened');
      return { signingIn, state: new URL(opened).searchParams.get('state')! };
    }

    it('a provider error with the right state ends the sign-in with plain text, and stores nothing (300 cases)', async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(hostileText.filter((t) => t.trim() !== ''), fc.option(hostileText, { nil: undefined }), async (error, description) => {
          runs++;
          const window = open();
          try {
            await window.tokens.setCredentials(RD.id, CREDENTIALS);
            const before = window.profileValue();
            const { signingIn, state } = await startSignIn(window);
            const query = new URLSearchParams({ error, state, ...(description !== undefined ? { error_description: description } : {}) });
            assert.equal((await window.service.receive(`vscode://tokenwise.tokenwise/callback?${query}`)).kind, 'accepted');
            const failure = await signingIn.then(
              () => assert.fail('the sign-in should fail'),
              (reason: unknown) => reason,
            );
            assert.ok(failure instanceof SignInError, String(failure));
            assertInert(failure.message.replace(/^RD Station Marketing did not authorize the sign-in: /, '').replace(/\. Nothing was stored\.$/, ''), 'the sign-in error');
            assert.match(failure.message, /Nothing was stored\.$/);
            assert.equal(window.profileValue(), before, 'nothing stored');
            assert.deepEqual(window.exchanged, [], 'nothing exchanged');
          } finally {
            window.dispose();
          }
        }),
        { numRuns: 300 },
      );
      assert.equal(runs, 300);
    });

    it('a refused callback is explained in plain text; the waiting sign-in and the storage are untouched (300 cases)', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, fc.option(hostileText, { nil: undefined }), fc.constantFrom(...PREFIXES), async (state, error, description, prefix) => {
          const window = open();
          try {
            await window.tokens.setCredentials(RD.id, CREDENTIALS);
            const before = window.profileValue();
            const { state: waiting } = await startSignIn(window);
            fc.pre(state !== waiting);
            const query = new URLSearchParams({ error, state, code: 'C0DE-123', ...(description !== undefined ? { error_description: description } : {}) });
            const delivery = await window.service.receive(prefix + query.toString());
            assert.equal(delivery.kind, 'refused');
            const shown = fake.notifications.filter((n) => n.severity === 'error');
            assert.equal(shown.length, 1, 'one message');
            // Our own sentence, then the provider's words, which must be inert.
            const providerPart = shown[0].message.split('The provider said: ')[1] ?? '';
            assertInert(providerPart, 'the provider part of the refusal');
            assert.ok(window.service.isSigningIn(RD.id), 'the sign-in still waits');
            assert.equal(window.profileValue(), before, 'nothing stored');
            assert.deepEqual(window.exchanged, []);
            assert.ok(window.keyring.writes.every((write) => !write.value?.includes('C0DE-123')), 'the code is never written');
          } finally {
            window.dispose();
          }
        }),
        { numRuns: 300 },
      );
    });

    it('a code with any characters reaches the exchange unchanged, once', async () => {
      await fc.assert(
        fc.asyncProperty(anyText(200, 1), async (code) => {
          const window = open();
          try {
            await window.tokens.setCredentials(RD.id, CREDENTIALS);
            const { signingIn, state } = await startSignIn(window);
            const url = `vscode://tokenwise.tokenwise/callback?${new URLSearchParams({ code, state })}`;
            assert.equal((await window.service.receive(url)).kind, 'accepted');
            await signingIn;
            assert.deepEqual(window.exchanged, [code]);
            assert.equal((await window.service.receive(url)).kind, 'refused', 'and only once');
            assert.deepEqual(window.exchanged, [code]);
          } finally {
            window.dispose();
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('Markdown that can run commands', () => {
    const root = path.resolve(__dirname, '../../..');

    it('trusts only the extension’s own commands, each one a command the extension has', () => {
      const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
      const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
      const ours = new Set<string>(Object.values(Commands));
      assert.ok(TOOLTIP_COMMANDS.length > 0);
      for (const command of TOOLTIP_COMMANDS) {
        assert.match(command, /^tokenwise\./, 'only our own namespace');
        assert.ok(ours.has(command) && contributed.has(command), `${command} is one of ours and declared in package.json`);
      }
    });

    it('every MarkdownString in src/ says how far it is trusted: not at all, or our commands only; never HTML', () => {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const file = path.join(dir, name);
          if (statSync(file).isDirectory()) walk(file);
          else if (name.endsWith('.ts')) files.push(file);
        }
      };
      walk(path.join(root, 'src'));
      let markdowns = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const created = (text.match(/new vscode\.MarkdownString\(/g) ?? []).length;
        const trust = [...text.matchAll(/\.isTrusted\s*=\s*([^;]+);/g)].map((match) => match[1].trim());
        markdowns += created;
        assert.equal(trust.length, created, `${path.relative(root, file)}: each MarkdownString sets isTrusted`);
        for (const value of trust) assert.ok(value === 'false' || value === '{ enabledCommands: [...TOOLTIP_COMMANDS] }', `${path.relative(root, file)}: isTrusted = ${value}`);
        assert.ok(!/supportHtml\s*[:=]\s*true/.test(text), `${path.relative(root, file)}: no HTML`);
        assert.ok(!/MarkdownString\([^)]*,\s*true\s*,/.test(text), `${path.relative(root, file)}: no HTML through the constructor`);
      }
      assert.ok(markdowns >= 2, 'the hover and the status bar tooltip were found');
    });
  });
});
