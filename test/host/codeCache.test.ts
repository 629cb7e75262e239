import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCachedModule } from '../../src/codeCache';
import { hooks, waitFor } from './tokenSupport';

/**
 * boot.ts (dist/extension.js) loads the extension, dist/main.js, through a V8 code cache in its
 * global storage. This host is fresh: the first activation finds no cache and writes one a few
 * seconds later, and the host's own V8 must take that cache on the next start.
 */
describe('code cache', () => {
  it('is written after the first start, and this V8 takes it', async () => {
    const h = await hooks();
    assert.equal(h.codeCache, 'missing', 'a fresh host has no cache yet');
    const folder = path.join(h.globalStorageUri.fsPath, 'code-cache');
    const [file] = await waitFor(
      'the code cache file',
      () => {
        try {
          const names = readdirSync(folder).filter((name) => name.endsWith('.v8cache'));
          return names.length > 0 ? names : undefined;
        } catch {
          return undefined;
        }
      },
      15_000,
    );
    assert.match(file, /^main-[0-9a-f]{16}\.v8cache$/);

    // The next start, as boot.ts makes it: a second copy of the bundle, loaded but not activated.
    const dist = path.join(vscode.extensions.getExtension('tokenwise.tokenwise')!.extensionPath, 'dist');
    const next = loadCachedModule<typeof import('../../src/extension')>(path.join(dist, 'main.js'), folder, createRequire(path.join(dist, 'extension.js')));
    assert.equal(next.cache, 'used');
    assert.equal(path.basename(next.cacheFile!), file);
    assert.equal(typeof next.exports.activate, 'function');
  });
});
