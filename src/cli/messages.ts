import type { Lang, Localized } from '../core/catalog/types';

/** The CLI's own texts; the findings' texts come from the catalogue. */
const MESSAGES = {
  usage: {
    en: `Usage: tokenwise lint [--format json|text] [--lang en|pt-BR] [--fail-on error|warning|information] <files…>
       tokenwise token (--profile ID [--base-url URL] | --token-url URL) --client-id ID [options]

lint: checks saved API responses for the error payloads of RD Station Marketing, Consistem WhatsApp
and standard OAuth 2.0 servers, and for tokens stored in files.

  --format json|text   output format (default: text)
  --lang en|pt-BR      language of the messages (default: from LANG)
  --fail-on SEVERITY   the least severity that makes the exit status 1 (default: error; warning
                       also fails on tokens stored in files, token/stored-secret)
  -h, --help           show this help

  Exit status: 0 nothing at --fail-on or above, 1 a finding at --fail-on or above, 2 bad usage or an
  unreadable file.

token: gets an access token from any OAuth 2.0 token endpoint and prints it: a client-credentials
token, or a refreshed one with --refresh-token-env. Secrets are read from environment variables,
never from the command line.

  --profile ID               a built-in profile: consistem-whatsapp, rdstation-marketing
  --base-url URL             the built-in profile's server (default: the documented one)
  --token-url URL            the token endpoint (any standard OAuth 2.0 server)
  --client-id ID             the client ID
  --client-secret-env NAME   variable holding the client secret (default: TOKENWISE_CLIENT_SECRET)
  --refresh-token-env NAME   refresh: variable holding the refresh token
  --scope SCOPE              scope to request (repeatable, or space separated)
  --body json|form           body encoding of the request (default: the profile's, else form)
  --client-auth body|basic   how the client authenticates (default: body)
  --json                     print the whole token response as JSON instead of the access token
  --lang en|pt-BR            language of the messages

  Exit status: 0 token printed, 1 the server refused or could not be reached, 2 bad usage.`,
    'pt-BR': `Uso: tokenwise lint [--format json|text] [--lang en|pt-BR] [--fail-on error|warning|information] <arquivos…>
     tokenwise token (--profile ID [--base-url URL] | --token-url URL) --client-id ID [opções]

lint: verifica respostas de API salvas em busca dos payloads de erro do RD Station Marketing, do
Consistem WhatsApp e de servidores OAuth 2.0 padrão, e de tokens guardados em arquivos.

  --format json|text   formato da saída (padrão: text)
  --lang en|pt-BR      idioma das mensagens (padrão: conforme LANG)
  --fail-on SEVERIDADE a menor severidade que faz o código de saída ser 1 (padrão: error; warning
                       também falha com tokens guardados em arquivos, token/stored-secret)
  -h, --help           mostra esta ajuda

  Código de saída: 0 nada em --fail-on ou acima, 1 há um achado em --fail-on ou acima, 2 uso
  incorreto ou arquivo ilegível.

token: obtém um access token de qualquer endpoint de token OAuth 2.0 e o imprime: um token client
credentials, ou um token renovado com --refresh-token-env. Os segredos são lidos de variáveis de
ambiente, nunca da linha de comando.

  --profile ID               um perfil embutido: consistem-whatsapp, rdstation-marketing
  --base-url URL             o servidor do perfil embutido (padrão: o documentado)
  --token-url URL            o endpoint de token (qualquer servidor OAuth 2.0 padrão)
  --client-id ID             o client ID
  --client-secret-env NOME   variável com o client secret (padrão: TOKENWISE_CLIENT_SECRET)
  --refresh-token-env NOME   renovação: variável com o refresh token
  --scope ESCOPO             escopo a solicitar (repetível, ou separado por espaços)
  --body json|form           codificação do corpo da requisição (padrão: a do perfil, senão form)
  --client-auth body|basic   como o cliente se autentica (padrão: body)
  --json                     imprime a resposta de token inteira em JSON em vez do access token
  --lang en|pt-BR            idioma das mensagens

  Código de saída: 0 token impresso, 1 o servidor recusou ou não respondeu, 2 uso incorreto.`,
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
  // tokenwise token
  tokenTarget: {
    en: 'say where to get the token: --profile consistem-whatsapp|rdstation-marketing, or --token-url URL',
    'pt-BR': 'informe onde obter o token: --profile consistem-whatsapp|rdstation-marketing, ou --token-url URL',
  },
  unknownProfile: { en: 'unknown profile "{0}" (expected {1})', 'pt-BR': 'perfil desconhecido "{0}" (esperado: {1})' },
  secretOnCommandLine: {
    en: '{0} would put a secret in the shell history and the process list: put it in an environment variable and pass {1} NAME',
    'pt-BR': '{0} deixaria um segredo no histórico do shell e na lista de processos: coloque-o em uma variável de ambiente e use {1} NOME',
  },
  missingClientId: { en: '--client-id is required', 'pt-BR': '--client-id é obrigatório' },
  emptyVariable: { en: 'the environment variable {0} ({1}) is not set or empty', 'pt-BR': 'a variável de ambiente {0} ({1}) não está definida ou está vazia' },
  clientSecretWhat: { en: 'client secret', 'pt-BR': 'client secret' },
  refreshTokenWhat: { en: 'refresh token', 'pt-BR': 'refresh token' },
  noClientCredentials: {
    en: '{0} has no client-credentials grant: pass --refresh-token-env NAME to refresh a token',
    'pt-BR': '{0} não tem o grant client credentials: use --refresh-token-env NOME para renovar um token',
  },
  invalidEndpoint: { en: 'invalid endpoint: {0}', 'pt-BR': 'endpoint inválido: {0}' },
  explainMeaning: { en: 'What it means', 'pt-BR': 'O que significa' },
  explainFix: { en: 'How to fix it', 'pt-BR': 'Como corrigir' },
  explainDocs: { en: 'Documentation', 'pt-BR': 'Documentação' },
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
