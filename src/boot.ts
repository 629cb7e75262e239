import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadCachedModule, type CachedModule } from './codeCache';
import type * as Extension from './extension';

/**
 * The file VS Code loads (`dist/extension.js`, package.json `main`). It loads the extension itself,
 * `dist/main.js` (built from extension.ts), through a V8 code cache in the extension's global
 * storage (codeCache.ts): every start after the first skips compiling the bundle and the functions
 * activation runs. Without a usable cache the bundle is compiled as usual, and the cache is written
 * a few seconds later, when the first repaints and scans have compiled their code too.
 */

/** Long enough for the first status bar repaint and the first scans of open files. */
const SAVE_DELAY_MS = 3000;
const CACHE_FOLDER = 'code-cache';

let extension: CachedModule<typeof Extension> | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<typeof Extension.activate> {
  // A global storage that is not on disk (a web host) has no place for it.
  const storage = context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  extension = loadCachedModule<typeof Extension>(path.join(__dirname, 'main.js'), storage && path.join(storage, CACHE_FOLDER), require);
  const result = extension.exports.activate(context, { codeCache: extension.cache });
  const loaded = extension;
  if (loaded.cache !== 'used' && loaded.cache !== 'off') {
    // Losing the cache costs the next start a few milliseconds, nothing else: a failure stays quiet.
    saveTimer = setTimeout(() => void loaded.save().catch(() => undefined), SAVE_DELAY_MS);
    saveTimer.unref?.();
  }
  return result;
}

export function deactivate(): Promise<void> | undefined {
  clearTimeout(saveTimer);
  return extension?.exports.deactivate();
}
