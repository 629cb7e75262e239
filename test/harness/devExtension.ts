import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/**
 * Installs the working copy of the extension into an extensions folder, as a copy of the files a
 * packaged extension would hold (the manifest, its nls strings, dist/, l10n/, media/): no packaging
 * step. A copy, not symlinks: the extension host tells which extension calls the API by the real
 * path of the calling module, so code reached through a symlink runs as an unknown extension, with
 * no l10n bundle (English in every language) and no URI handler of its own. Outside the smoke-test
 * driver a workbench ignores `extensionDevelopmentPath`, so the UI tests and `npm run demo:dev` load
 * the extension this way; a rebuild is seen after a restart of `npm run demo:dev`.
 */
export function installDevExtension(extensionsDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string; main?: string };
  if (manifest.main && !existsSync(path.join(repoRoot, manifest.main))) {
    throw new Error(`${manifest.main} is missing: run \`npm run build\` first`);
  }
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  const shipped = readdirSync(repoRoot).filter(
    (name) => ['package.json', 'dist', 'l10n', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(name) || /^package\.nls(\..+)?\.json$/.test(name),
  );
  for (const name of shipped) cpSync(path.join(repoRoot, name), path.join(target, name), { recursive: true });
  return target;
}
