import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * VS Code takes a display language (`--locale`, argv.json, the `vscode.nls.locale` cookie or the
 * browser's Accept-Language) only when a language pack for it is installed; otherwise the workbench,
 * and so `vscode.env.language` in the extension host, stays `en`. Language packs come from the
 * Marketplace, which these machines cannot reach. VS Code reads the installed packs from
 * `<user-data-dir>/languagepacks.json` and falls back to English for every message a pack lacks, so
 * an empty pack registered there is enough: the workbench stays in English, while
 * `vscode.env.language` (and with it `vscode.l10n` and the extension's package.nls.<lang>.json)
 * becomes `locale`.
 */
export function registerEmptyLanguagePack(userDataDir: string, locale: string): void {
  const language = locale.toLowerCase();
  if (language.startsWith('en')) return;
  const translations = path.join(userDataDir, 'tokenwise-empty-language-pack', `${language}.i18n.json`);
  mkdirSync(path.dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    [language]: {
      hash: `tokenwise-empty-${language}`,
      extensions: [{ extensionIdentifier: { id: `tokenwise-test.language-pack-${language}` }, version: '0.0.0' }],
      translations: { vscode: translations },
      label: language,
    },
  };
  writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 1));
}
