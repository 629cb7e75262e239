import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { artifactsDir, repoRoot } from './paths';

/**
 * `npm run screenshots`: copies the screenshots the README shows from where the UI tests save them
 * (test-artifacts/ui/<name>.png, git-ignored) to media/screenshots/<name>.png, the committed copies
 * the README links. The list is the README itself: every `media/screenshots/*.png` it names. Run it
 * after `npm run test:ui` (or a narrowed run, TOKENWISE_TEST_FILES=walkthrough,responseFiles). If one
 * of them was not taken, nothing is copied and the command fails, so the README never shows a mix
 * of an old and a new run without saying so. Names as arguments (`npm run screenshots -- hover-pt-br`)
 * copy only those, for a run narrowed to the tests that take them.
 */

const screenshotsDir = path.join(repoRoot, 'media', 'screenshots');

function readmeScreenshots(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const names = [...readme.matchAll(/\bmedia\/screenshots\/([\w.-]+\.png)\b/g)].map((match) => match[1]);
  return [...new Set(names)].sort();
}

function main(): number {
  const wanted = process.argv.slice(2).map((name) => (name.endsWith('.png') ? name : `${name}.png`));
  const shown = readmeScreenshots();
  const unknown = wanted.filter((name) => !shown.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`screenshots: the README does not show ${unknown.join(', ')}\n`);
    return 1;
  }
  const names = wanted.length > 0 ? wanted : shown;
  const missing = names.filter((name) => !existsSync(path.join(artifactsDir, 'ui', name)));
  if (missing.length > 0) {
    process.stderr.write(`screenshots: not in test-artifacts/ui/, run the UI tests that take them first: ${missing.join(', ')}\n`);
    return 1;
  }
  mkdirSync(screenshotsDir, { recursive: true });
  for (const name of names) {
    const source = path.join(artifactsDir, 'ui', name);
    copyFileSync(source, path.join(screenshotsDir, name));
    process.stdout.write(`media/screenshots/${name}  (taken ${statSync(source).mtime.toISOString()})\n`);
  }
  process.stdout.write(`${names.length} screenshots copied; look at each before committing it.\n`);
  return 0;
}

process.exitCode = main();
