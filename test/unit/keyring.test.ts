import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type * as ExtensionModule from '../../src/extension';
import { loadWithFakeVscode } from './fakes/loadWithFakeVscode';
import { ExtensionMode, fake, FakeSecretStorage, Uri, type Notification } from './fakes/vscode';

/**
 * Promise 6 of docs/RELIABILITY.md: no keyring. The whole extension is activated (the real
 * `activate()`, with the stand-in vscode module) over a SecretStorage that throws, as VS Code's does
 * on Linux without an unlocked keyring. Then every command of package.json runs, with a profile id
 * (quick fixes, links) and without (the palette). Each one that needs the keyring says so once, with
 * what to do, and nothing is written anywhere else instead: not the settings, not globalState or
 * workspaceState, not the clipboard, not a document, not the log, not a browser URL.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = loadWithFakeVscode(() => require('../../src/extension') as typeof ExtensionModule);

const RD = 'rdstation-marketing';
const CS = 'consistem-whatsapp';
/** What a user would type if a command asked for credentials anyway. */
const TYPED = { clientId: 'typed-client-id', clientSecret: 'TYPED-SECRET-a9f3c2' };
const KEYRING_ERROR = 'Cannot create an item in a locked collection';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
const COMMANDS = manifest.contributes.commands.map((command) => command.command);

/** The commands that need the keyring, and the profile a quick fix or link would pass. */
const NEEDS_KEYRING: Record<string, string> = {
  'tokenwise.signIn': RD,
  'tokenwise.setClientCredentials': CS,
  'tokenwise.requestClientCredentialsToken': CS,
  'tokenwise.refreshAccessToken': RD,
  'tokenwise.signOut': RD,
  'tokenwise.revokeToken': RD,
  'tokenwise.copyAccessToken': CS,
  'tokenwise.copyAuthorizationHeader': CS,
  'tokenwise.showTokenDetails': RD,
  // The status bar's click offers the actions that fit (here Set Client Credentials first, which needs it).
  'tokenwise.internal.statusBarActions': RD,
};
/** The others work without it, and must not claim a keyring problem (or write a secret). */
const OTHERS: Record<string, unknown[]> = {
  'tokenwise.showCallbackUrl': [RD],
  'tokenwise.switchActiveProfile': [CS],
  'tokenwise.addProfile': [{ id: 'custom-api', grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:9/token' }],
  'tokenwise.showLog': [],
  'tokenwise.openSampleResponse': [],
  'tokenwise.internal.switchSignInMethod': ['paste'],
};

interface Memento {
  keys(): readonly string[];
  get<T>(key: string, fallback?: T): T | undefined;
  update(key: string, value: unknown): Promise<void>;
  setKeysForSync(keys: readonly string[]): void;
}

function memento(writes: string[], name: string): Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key, value) => {
      writes.push(`${name}.${key}`);
      values.set(key, value);
    },
    setKeysForSync: () => undefined,
  };
}

/** Lets background reads and fire-and-forget promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** The workbench shows an identical notification (same text, same buttons) once: a new one replaces the open one. */
function asShown(notifications: readonly Notification[]): Notification[] {
  const key = (n: Notification) => JSON.stringify([n.severity, n.message, n.items]);
  return notifications.filter((n, index) => notifications.findIndex((other) => key(other) === key(n)) === index);
}

function assertKeyringMessage(notification: Notification | undefined, what: string): void {
  assert.ok(notification, `${what}: no error was shown`);
  assert.equal(notification.severity, 'error', what);
  // Clear: what failed, that nothing went elsewhere, and what to do.
  assert.match(notification.message, /system keyring/, what);
  assert.match(notification.message, new RegExp(KEYRING_ERROR), `${what}: the keyring's own words`);
  assert.match(notification.message, /Nothing was stored elsewhere/, what);
  assert.match(notification.message, /gnome-keyring/, `${what}: what to install`);
  assert.match(notification.message, /--password-store=basic/, `${what}: the alternative`);
  assert.ok(notification.items.includes('Show Log'), `${what}: a way to the details`);
}

describe('no keyring: every command says so once, and nothing is written elsewhere', function () {
  this.timeout(20_000);
  let keyring: FakeSecretStorage;
  let context: { subscriptions: vscode.Disposable[] };
  let stateWrites: string[];
  let startup: Notification[];

  before(async () => {
    fake.reset();
    fake.configuration['tokenwise.profiles'] = [
      { id: RD, baseUrl: 'http://127.0.0.1:9' },
      { id: CS, baseUrl: 'http://127.0.0.1:9' },
    ];
    keyring = new FakeSecretStorage();
    keyring.failing = new Error(KEYRING_ERROR);
    stateWrites = [];
    context = {
      secrets: keyring,
      subscriptions: [],
      extension: { id: 'tokenwise.tokenwise' },
      extensionMode: ExtensionMode.Test,
      logUri: Uri.parse('file:///tmp/tokenwise-unit/log'),
      globalStorageUri: Uri.parse('file:///tmp/tokenwise-unit/global'),
      globalState: memento(stateWrites, 'globalState'),
      workspaceState: memento(stateWrites, 'workspaceState'),
    } as unknown as { subscriptions: vscode.Disposable[] };
    extension.activate(context as unknown as vscode.ExtensionContext);
    await settle();
    startup = [...fake.notifications];
  });

  after(() => {
    fake.cancelProgress();
    for (const disposable of context?.subscriptions.splice(0) ?? []) disposable.dispose();
  });

  /** Clears what the last command left, keeping the registered commands and settings. */
  function clearRecorded(): void {
    fake.notifications.length = 0;
    fake.configurationWrites.length = 0;
    fake.clipboard.length = 0;
    fake.openedExternally.length = 0;
    fake.openedDocuments.length = 0;
    fake.inputAnswers = [TYPED.clientId, TYPED.clientSecret];
    fake.quickPickAnswer = (items) => items[0];
  }

  /** Nothing secret anywhere but the (failing) keyring. */
  function assertNothingElsewhere(what: string, allowed: { settings?: string[]; documents?: boolean; clipboard?: boolean } = {}): void {
    const secret = TYPED.clientSecret;
    assert.deepEqual(keyring.writes, [], `${what}: nothing reached the keyring either`);
    assert.deepEqual(stateWrites, [], `${what}: globalState and workspaceState untouched`);
    assert.deepEqual(
      fake.configurationWrites.map((write) => write.key).filter((key) => !(allowed.settings ?? []).includes(key)),
      [],
      `${what}: no setting written`,
    );
    if (!allowed.clipboard) assert.deepEqual(fake.clipboard, [], `${what}: clipboard untouched`);
    if (!allowed.documents) assert.deepEqual(fake.openedDocuments, [], `${what}: no document opened`);
    assert.deepEqual(fake.openedExternally, [], `${what}: no browser opened`);
    const everything = JSON.stringify([fake.configurationWrites, fake.clipboard, fake.openedDocuments, fake.notifications, fake.log]);
    assert.ok(!everything.includes(secret), `${what}: the typed secret appears somewhere`);
  }

  it('says it once at start-up, with what to do', () => {
    const errors = startup.filter((n) => n.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(startup));
    assertKeyringMessage(errors[0], 'start-up');
    assert.ok(fake.log.some((line) => line.includes(KEYRING_ERROR)), 'and logs it');
  });

  it('covers every command of package.json', () => {
    const covered = new Set([...Object.keys(NEEDS_KEYRING), ...Object.keys(OTHERS)]);
    assert.deepEqual(
      COMMANDS.filter((command) => !covered.has(command)),
      [],
    );
    for (const command of covered) assert.ok(fake.commands.has(command), `${command} is registered`);
  });

  for (const [command, profileId] of Object.entries(NEEDS_KEYRING)) {
    for (const how of ['with a profile id', 'from the palette'] as const) {
      it(`${command}, ${how}: one clear error, nothing stored elsewhere`, async () => {
        clearRecorded();
        const args = how === 'with a profile id' ? [profileId] : [];
        await fake.commands.get(command)!(...args);
        await settle();
        assert.equal(fake.notifications.length, 1, `exactly one message, not: ${JSON.stringify(fake.notifications)}`);
        assertKeyringMessage(fake.notifications[0], command);
        assertNothingElsewhere(command);
      });
    }
  }

  for (const [command, args] of Object.entries(OTHERS)) {
    it(`${command} works without the keyring and claims no keyring problem`, async () => {
      clearRecorded();
      await fake.commands.get(command)!(...args);
      await settle();
      assert.deepEqual(
        fake.notifications.filter((n) => n.severity === 'error'),
        [],
      );
      assertNothingElsewhere(command, { settings: ['activeProfile', 'profiles'], documents: command === 'tokenwise.openSampleResponse', clipboard: command === 'tokenwise.showCallbackUrl' });
    });
  }

  it('a keyring that fails later is reported once too (the notice and the command say the same thing)', async () => {
    fake.reset();
    fake.configuration['tokenwise.profiles'] = [{ id: RD, baseUrl: 'http://127.0.0.1:9' }];
    const later = new FakeSecretStorage();
    const expiresAt = Date.now() + 3_600_000;
    await later.store(
      `tokenwise.profile.${RD}`,
      JSON.stringify({ v: 1, clientId: 'a', clientSecret: 'b', tokens: { accessToken: 'x', refreshToken: 'y', issuedAt: Date.now(), expiresAt }, sessionId: 's' }),
    );
    later.writes.length = 0;
    const second = { ...context, secrets: later, subscriptions: [] as vscode.Disposable[] };
    extension.activate(second as unknown as vscode.ExtensionContext);
    try {
      await settle();
      assert.equal(fake.notifications.length, 0, 'the keyring works at start-up');
      later.failing = new Error(KEYRING_ERROR);
      await fake.commands.get('tokenwise.refreshAccessToken')!(RD);
      await settle();
      const shown = asShown(fake.notifications.filter((n) => n.severity === 'error'));
      assert.equal(shown.length, 1, JSON.stringify(fake.notifications));
      assertKeyringMessage(shown[0], 'refresh after the keyring failed');
      assert.deepEqual(later.writes, []);
    } finally {
      fake.cancelProgress();
      for (const disposable of second.subscriptions.splice(0)) disposable.dispose();
    }
  });
});
