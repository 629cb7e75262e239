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

  it('every user-visible text of package.json is a %key% of package.nls.json, walkthroughs included', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const literal: string[] = [];
    const check = (where: string, text: unknown) => {
      if (typeof text === 'string' && !/^%[^%]+%$/.test(text)) literal.push(`${where}: ${JSON.stringify(text)}`);
    };
    check('description', manifest.description);
    for (const command of manifest.contributes.commands ?? []) check(`command ${command.command}`, command.title);
    for (const walkthrough of manifest.contributes.walkthroughs ?? []) {
      check(`walkthrough ${walkthrough.id} title`, walkthrough.title);
      check(`walkthrough ${walkthrough.id} description`, walkthrough.description);
      for (const step of walkthrough.steps) {
        for (const field of ['title', 'description']) check(`walkthrough step ${step.id} ${field}`, step[field]);
        check(`walkthrough step ${step.id} altText`, step.media?.altText);
      }
    }
    const visit = (where: string, schema: Record<string, unknown>) => {
      for (const field of ['description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage']) check(`${where} ${field}`, schema[field]);
      for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) visit(`${where}.${name}`, child);
      if (schema.items && typeof schema.items === 'object') visit(`${where}[]`, schema.items as Record<string, unknown>);
      for (const snippet of (schema.defaultSnippets ?? []) as { label?: string }[]) check(`${where} snippet`, snippet.label);
    };
    visit('settings', manifest.contributes.configuration);
    assert.deepEqual(literal, [], 'texts that would not be translated: put them in package.nls.json and package.nls.pt-br.json');
  });

  it('walkthrough steps keep their buttons and links in both languages', () => {
    const english = readJson('package.nls.json');
    const portuguese = readJson('package.nls.pt-br.json');
    const targets = (text: string) => [...text.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]);
    const keys = Object.keys(english).filter((key) => key.startsWith('walkthrough.'));
    assert.ok(keys.length > 0, 'no walkthrough strings in package.nls.json');
    for (const key of keys) assert.deepEqual(targets(portuguese[key]), targets(english[key]), `links of "${key}" differ between en and pt-BR`);
  });

  it('every CLI message has both languages', () => {
    for (const [key, text] of Object.entries(CLI_MESSAGES)) {
      assert.ok(text.en.trim() && text['pt-BR'].trim(), `CLI message ${key} is missing a language`);
      assert.deepEqual(placeholders(text['pt-BR']), placeholders(text.en), `CLI message ${key}: placeholders differ`);
    }
  });
});
