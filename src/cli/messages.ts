import type { Lang, Localized } from '../core/catalog/types';

/** The CLI's own texts; the findings' texts come from the catalogue. */
const MESSAGES = {
  usage: {
    en: `Usage: tokenwise lint [--format json|text] [--lang en|pt-BR] <files…>

Checks saved API responses for the error payloads of RD Station Marketing, Consistem WhatsApp and
standard OAuth 2.0 servers, and for tokens stored in files.

Options:
  --format json|text   output format (default: text)
  --lang en|pt-BR      language of the messages (default: from LANG)
  -h, --help           show this help

Exit status: 0 no error found, 1 an error-severity finding, 2 bad usage or an unreadable file.`,
    'pt-BR': `Uso: tokenwise lint [--format json|text] [--lang en|pt-BR] <arquivos…>

Verifica respostas de API salvas em busca dos payloads de erro do RD Station Marketing, do
Consistem WhatsApp e de servidores OAuth 2.0 padrão, e de tokens guardados em arquivos.

Opções:
  --format json|text   formato da saída (padrão: text)
  --lang en|pt-BR      idioma das mensagens (padrão: conforme LANG)
  -h, --help           mostra esta ajuda

Código de saída: 0 nenhum erro, 1 há um achado de severidade erro, 2 uso incorreto ou arquivo ilegível.`,
  },
  unknownCommand: { en: 'unknown command "{0}"', 'pt-BR': 'comando desconhecido "{0}"' },
  unknownOption: { en: 'unknown option "{0}"', 'pt-BR': 'opção desconhecida "{0}"' },
  badValue: { en: 'invalid value "{1}" for {0} (expected {2})', 'pt-BR': 'valor inválido "{1}" para {0} (esperado: {2})' },
  missingValue: { en: '{0} needs a value', 'pt-BR': '{0} precisa de um valor' },
  noFiles: { en: 'no files given', 'pt-BR': 'nenhum arquivo informado' },
  unreadable: { en: 'cannot read {0}: {1}', 'pt-BR': 'não foi possível ler {0}: {1}' },
  tryHelp: { en: 'Run "tokenwise --help" for usage.', 'pt-BR': 'Execute "tokenwise --help" para ver o uso.' },
  summary: {
    en: '{0} file(s) checked: {1} error(s), {2} warning(s), {3} information(s)',
    'pt-BR': '{0} arquivo(s) verificado(s): {1} erro(s), {2} aviso(s), {3} informação(ões)',
  },
  severity_error: { en: 'error', 'pt-BR': 'erro' },
  severity_warning: { en: 'warning', 'pt-BR': 'aviso' },
  severity_information: { en: 'info', 'pt-BR': 'info' },
} satisfies Record<string, Localized>;

export type MessageKey = keyof typeof MESSAGES;

export function message(lang: Lang, key: MessageKey, ...args: readonly (string | number)[]): string {
  return MESSAGES[key][lang].replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

/** Every key in both languages: used by the test that fails when a translation is missing. */
export const CLI_MESSAGES: Readonly<Record<string, Localized>> = MESSAGES;

/** The CLI's default language: Portuguese where the environment's locale says so. */
export function langFromEnvironment(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^pt/i.test(locale) ? 'pt-BR' : 'en';
}
