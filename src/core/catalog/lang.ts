import type { Lang } from './types';

/**
 * VS Code display language (or a locale) → catalogue language: any Brazilian/plain Portuguese → pt-BR.
 * In its own file so that the code that only picks a language does not pull in the catalogue.
 */
export function resolveLang(vscodeLanguage: string): Lang {
  const language = vscodeLanguage.trim().toLowerCase().replace(/_/g, '-');
  return language === 'pt' || language === 'pt-br' ? 'pt-BR' : 'en';
}
