import * as assert from 'node:assert/strict';
import type * as SignInCommands from '../../src/commands/signInCommands';
import type { CommandContext } from '../../src/commands/context';
import type { Profile } from '../../src/core/profiles';
import { loadWithFakeVscode } from './fakes/loadWithFakeVscode';
import { fake } from './fakes/vscode';

// The module imports vscode, so it is loaded with the stand-in, at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { showCallbackUrl } = loadWithFakeVscode(() => require('../../src/commands/signInCommands') as typeof SignInCommands);

/**
 * Show Callback URL copies the URL to register and says what to do with it: an https-only provider
 * (RD Station's App Store) cannot take a vscode:// or http:// callback, so those point to the relay.
 */
describe('Show Callback URL', () => {
  const rdStation = { id: 'rdstation-marketing', preset: 'rdstation-marketing', label: 'RD Station Marketing' } as Profile;
  const shown = async (url: string, profile: Profile = rdStation) => {
    fake.reset();
    const context = { signIn: { callbackUrl: async () => url } } as unknown as CommandContext;
    await showCallbackUrl(context, profile);
    assert.deepEqual(fake.clipboard, [url]);
    assert.equal(fake.notifications.length, 1);
    return fake.notifications[0].message;
  };

  for (const url of ['vscode://tokenwise.tokenwise/callback', 'http://127.0.0.1:8080/stable-1/callback?vscode-reqid=1']) {
    it(`points to the relay page for ${url.split(':')[0]}:// callbacks`, async () => {
      const message = await shown(url);
      assert.ok(message.includes(url), message);
      assert.match(message, /relay page/);
      assert.match(message, /up to an hour/);
    });
  }

  it('does not for an https callback or a profile that already has its own redirectUri', async () => {
    assert.doesNotMatch(await shown('https://vscode.dev/redirect'), /relay page/);
    assert.doesNotMatch(await shown('https://relay.example.com/callback', { ...rdStation, redirectUri: 'https://relay.example.com/callback' } as Profile), /relay page/);
  });
});
