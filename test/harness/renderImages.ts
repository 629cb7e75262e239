import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { say } from './log';
import { repoRoot } from './paths';
import { chromiumPath, codeServerEntry, node24 } from './tools';

/**
 * Renders the SVG sources of the extension's PNG images with Debian's Chromium (no internet, no image
 * library): `npm run compile-tests && node out/test/harness/renderImages.js`. The Marketplace and
 * vsce take only a PNG icon; the SVG in media/ is the source to edit.
 */

const images = [{ svg: 'media/icon.svg', png: 'media/icon.png', size: 128 }];

async function main(): Promise<void> {
  // Only the browser is needed here: nothing is installed.
  const browser = await launchBrowser({ chromium: chromiumPath, node: node24, codeServerEntry });
  try {
    for (const image of images) {
      await browser.page.setViewportSize({ width: image.size, height: image.size });
      const svg = readFileSync(path.join(repoRoot, image.svg), 'utf8');
      await browser.page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const element = await browser.page.$('svg');
      if (!element) throw new Error(`${image.svg} has no <svg> element`);
      writeFileSync(path.join(repoRoot, image.png), await element.screenshot({ omitBackground: true, type: 'png' }));
      say(`rendered ${image.png} (${image.size}×${image.size}) from ${image.svg}`);
    }
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
