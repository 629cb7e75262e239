import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI_MESSAGES } from '../../src/cli/messages';

/** Every user-visible string ships in English and Brazilian Portuguese: these tests fail when one does not. */

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const placeholders = (text: string): string[] => (text.match(/\{\d+\}/g) ?? []).sort();

function assertSameKeysAndPlaceholders(english: Record<string, string>, portuguese: Record<string, string>, what: string): void {
  assert.deepEqual(Object.keys(portuguese).sort(), Object.keys(english).sort(), `${what}: keys differ between en and pt-BR`);
  for (const [key, text] of Object.entries(english)) {
    assert.ok(portuguese[key].trim().length > 0, `${what}: "${key}" is empty in pt-BR`);
    assert.deepEqual(placeholders(portuguese[key]), placeholders(text), `${what}: placeholders of "${key}" differ`);
  }
}

describe('localisation', () => {
  it('l10n/bundle.l10n.json is what l10n-dev extracts from the sources now', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'tokenwise-l10n-'));
    try {
      execFileSync(path.join(root, 'node_modules/.bin/vscode-l10n-dev'), ['export', '--outDir', out, './src'], { cwd: root, stdio: 'pipe' });
      const extracted = JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
      assert.deepEqual(extracted, readJson('l10n/bundle.l10n.json'), 'run `npm run l10n:export` and translate the new strings');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('every l10n.t string has a Brazilian Portuguese translation', () => {
    assertSameKeysAndPlaceholders(readJson('l10n/bundle.l10n.json'), readJson('l10n/bundle.l10n.pt-br.json'), 'bundle.l10n');
  });

  it('every package.json string has both languages', () => {
    const english = readJson('package.nls.json');
    assertSameKeysAndPlaceholders(english, readJson('package.nls.pt-br.json'), 'package.nls');
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    for (const [, key] of manifest.matchAll(/"%([^"%]+)%"/g)) {
      assert.ok(key in english, `package.json uses %${key}% but package.nls.json lacks it`);
    }
  });

  it('every CLI message has both languages', () => {
    for (const [key, text] of Object.entries(CLI_MESSAGES)) {
      assert.ok(text.en.trim() && text['pt-BR'].trim(), `CLI message ${key} is missing a language`);
      assert.deepEqual(placeholders(text['pt-BR']), placeholders(text.en), `CLI message ${key}: placeholders differ`);
    }
  });
});
