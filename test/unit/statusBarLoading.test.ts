import * as assert from 'node:assert/strict';
import type * as ProfileRegistryModule from '../../src/auth/profileRegistry';
import type { ProfileSecrets } from '../../src/auth/secretStore';
import type * as TokenManagerModule from '../../src/auth/tokenManager';
import type * as StatusBarModule from '../../src/ui/statusBar';
import { loadWithFakeVscode } from './fakes/loadWithFakeVscode';
import { EventEmitter, fake } from './fakes/vscode';

// These modules import vscode, so they are loaded with the stand-in, at run time.
/* eslint-disable @typescript-eslint/no-require-imports */
const { ProfileRegistry, StatusBarController, TokenManager } = loadWithFakeVscode(() => ({
  ...(require('../../src/auth/profileRegistry') as typeof ProfileRegistryModule),
  ...(require('../../src/auth/tokenManager') as typeof TokenManagerModule),
  ...(require('../../src/ui/statusBar') as typeof StatusBarModule),
}));
/* eslint-enable @typescript-eslint/no-require-imports */

const quiet = { debug() {}, info() {}, warn() {} };

/**
 * The status bar as activation leaves it: the stored tokens are still being read. The real item in
 * every later state is checked in the host tests (test/host/statusBar.test.ts); this state lasts
 * only until SecretStorage answers, so here the reads wait for the test.
 */
describe('status bar while the stored tokens are read', () => {
  it('says so, with no per-profile tooltip, and lists every profile once they are read', async () => {
    fake.reset();
    const reads: Array<(secrets: ProfileSecrets) => void> = [];
    const storageChanged = new EventEmitter<string>();
    const storage = {
      read: () => new Promise<ProfileSecrets>((resolve) => reads.push(resolve)),
      update: () => Promise.reject(new Error('nothing is written in this test')),
      onDidChange: storageChanged.event,
    };
    const profiles = new ProfileRegistry(quiet as unknown as ConstructorParameters<typeof ProfileRegistry>[0]);
    const tokens = new TokenManager({ storage, profiles, log: quiet });
    const statusBar = new StatusBarController(profiles, tokens);
    try {
      const loading = statusBar.current()!;
      assert.equal(loading.status, 'loading');
      assert.equal(loading.text, '$(loading~spin) RD Station Marketing: Loading…');
      assert.equal(loading.tooltip, '**Tokenwise**\n\nReading the stored tokens…');
      assert.equal(reads.length, profiles.all().length, 'every profile is being read');

      reads[0]({ clientId: 'id', clientSecret: 'secret' });
      await new Promise((resolve) => setImmediate(resolve));
      const read = statusBar.current()!;
      assert.equal(read.status, 'signed-out');
      // The full tooltip: every profile, the one still loading says so, and the actions that fit.
      assert.match(read.tooltip, /RD Station Marketing\*\* _\(active\)_ — No token yet\\\./);
      assert.match(read.tooltip, /Consistem WhatsApp\*\* — Reading the stored tokens…/);
      assert.ok(read.tooltip.includes(`command:tokenwise.signIn?${encodeURIComponent(JSON.stringify(['rdstation-marketing']))}`), read.tooltip);
    } finally {
      statusBar.dispose();
      tokens.dispose();
      profiles.dispose();
    }
  });
});
