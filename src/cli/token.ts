/**
 * `tokenwise token`: one token request against any OAuth 2.0 token endpoint, through the same client
 * the extension uses. Client credentials by default; a refresh with --refresh-token-env. Secrets come
 * from environment variables only: a flag value would land in the shell history and `ps`.
 * Exit codes: 0 token printed, 1 refused or unreachable (with the catalogue's explanation), 2 usage.
 */
import type { Lang } from '../core/catalog/types';
import { closeNet, isOAuthError, refreshAccessToken, requestClientCredentialsToken, type ClientCredentials } from '../core/oauth/index';
import { BUILT_IN_PROFILE_IDS, isBuiltInProfileId, validateProfile, type Profile } from '../core/profiles';
import type { TokenSet } from '../core/tokens';
import type { CliIO } from './main';
import { message } from './messages';

class TokenUsageError extends Error {}

const DEFAULT_SECRET_VARIABLE = 'TOKENWISE_CLIENT_SECRET';
/** Flags that would carry a secret on the command line: refused with the safe alternative. */
const SECRET_FLAGS: Readonly<Record<string, string>> = {
  '--client-secret': '--client-secret-env',
  '--secret': '--client-secret-env',
  '--refresh-token': '--refresh-token-env',
};
const VALUE_FLAGS = ['--profile', '--base-url', '--token-url', '--client-id', '--client-secret-env', '--refresh-token-env', '--scope', '--body', '--client-auth', '--lang'];

interface TokenOptions {
  lang: Lang;
  profile?: string;
  baseUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  secretVariable: string;
  refreshVariable?: string;
  scopes: string[];
  body?: 'json' | 'form';
  clientAuth?: 'body' | 'basic';
  json: boolean;
}

function parseArgs(args: readonly string[], lang: Lang): TokenOptions | 'help' {
  const options: TokenOptions = { lang, secretVariable: DEFAULT_SECRET_VARIABLE, scopes: [], json: false };
  const choice = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new TokenUsageError(message(options.lang, 'badValue', name, value, allowed.join('|')));
    return value as T;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (SECRET_FLAGS[name]) throw new TokenUsageError(message(options.lang, 'secretOnCommandLine', name, SECRET_FLAGS[name]));
    if (name === '--json') {
      options.json = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(name)) throw new TokenUsageError(message(options.lang, 'unknownOption', arg));
    const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
    if (value === undefined || value === '') throw new TokenUsageError(message(options.lang, 'missingValue', name));
    switch (name) {
      case '--profile':
        options.profile = value;
        break;
      case '--base-url':
        options.baseUrl = value;
        break;
      case '--token-url':
        options.tokenUrl = value;
        break;
      case '--client-id':
        options.clientId = value;
        break;
      case '--client-secret-env':
        options.secretVariable = value;
        break;
      case '--refresh-token-env':
        options.refreshVariable = value;
        break;
      case '--scope':
        options.scopes.push(...value.split(/\s+/).filter(Boolean));
        break;
      case '--body':
        options.body = choice(name, value, ['json', 'form'] as const);
        break;
      case '--client-auth':
        options.clientAuth = choice(name, value, ['body', 'basic'] as const);
        break;
      case '--lang': {
        const normalized = value.toLowerCase();
        if (normalized !== 'en' && normalized !== 'pt-br') throw new TokenUsageError(message(options.lang, 'badValue', name, value, 'en|pt-BR'));
        options.lang = normalized === 'en' ? 'en' : 'pt-BR';
        break;
      }
    }
  }
  return options;
}

/** The profile the request is shaped by: a built-in preset (maybe on another server) or a bare token URL. */
function resolveProfile(options: TokenOptions): Profile {
  const { lang } = options;
  if (!options.profile && !options.tokenUrl) throw new TokenUsageError(message(lang, 'tokenTarget'));
  if (options.profile && !isBuiltInProfileId(options.profile)) {
    throw new TokenUsageError(message(lang, 'unknownProfile', options.profile, BUILT_IN_PROFILE_IDS.join(', ')));
  }
  const refresh = options.refreshVariable !== undefined;
  const raw: Record<string, unknown> = {
    id: options.profile ?? 'cli',
    // Validated as client credentials: a refresh needs only the token endpoint, not an authorize URL.
    ...(options.profile ? {} : { grant: 'client_credentials' }),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
    ...(options.body ? { bodyEncoding: options.body } : {}),
    ...(options.clientAuth ? { clientAuth: options.clientAuth } : {}),
    ...(options.scopes.length ? { scopes: options.scopes } : {}),
  };
  const result = validateProfile(raw);
  if ('errors' in result) throw new TokenUsageError(message(lang, 'invalidEndpoint', result.errors.map((error) => `${error.path}: ${error.message[lang]}`).join('; ')));
  const profile = result.profile;
  if (!refresh && profile.grant !== 'client_credentials') throw new TokenUsageError(message(lang, 'noClientCredentials', profile.id));
  return refresh ? { ...profile, grant: 'authorization_code', refresh: true } : profile;
}

function secretFrom(env: NodeJS.ProcessEnv, variable: string, what: 'clientSecretWhat' | 'refreshTokenWhat', lang: Lang): string {
  const value = env[variable];
  if (!value) throw new TokenUsageError(message(lang, 'emptyVariable', variable, message(lang, what)));
  return value;
}

/** The token response as RFC 6749 §5.1 names its fields, plus the absolute expiry. */
function responseJson(tokens: TokenSet): string {
  const expiresIn = tokens.expiresAt !== undefined ? Math.round((tokens.expiresAt - tokens.issuedAt) / 1000) : undefined;
  return JSON.stringify(
    {
      access_token: tokens.accessToken,
      token_type: tokens.tokenType ?? 'Bearer',
      ...(expiresIn !== undefined ? { expires_in: expiresIn, expires_at: new Date(tokens.expiresAt!).toISOString() } : {}),
      ...(tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {}),
      ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
    },
    null,
    2,
  );
}

function explainFailure(error: unknown, lang: Lang): string {
  if (!isOAuthError(error)) return `tokenwise: ${error instanceof Error ? error.message : String(error)}`;
  const lines = [`tokenwise: ${error.summary[lang]}`];
  const entry = error.entry;
  if (entry) {
    lines.push(`  ${entry.code}: ${entry.title[lang]}`);
    lines.push(`  ${message(lang, 'explainMeaning')}: ${entry.meaning[lang]}`);
    lines.push(`  ${message(lang, 'explainFix')}: ${entry.fix[lang]}`);
    lines.push(`  ${message(lang, 'explainDocs')}: ${entry.docUrl}`);
  }
  return lines.join('\n');
}

export async function tokenCommand(args: readonly string[], io: CliIO, lang: Lang): Promise<number> {
  let options: TokenOptions;
  let profile: Profile;
  let credentials: ClientCredentials;
  let refreshToken: string | undefined;
  try {
    const parsed = parseArgs(args, lang);
    if (parsed === 'help') {
      io.stdout(`${message(lang, 'usage')}\n`);
      return 0;
    }
    options = parsed;
    profile = resolveProfile(options);
    if (!options.clientId) throw new TokenUsageError(message(options.lang, 'missingClientId'));
    credentials = { clientId: options.clientId, clientSecret: secretFrom(io.env, options.secretVariable, 'clientSecretWhat', options.lang) };
    if (options.refreshVariable) refreshToken = secretFrom(io.env, options.refreshVariable, 'refreshTokenWhat', options.lang);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    io.stderr(`tokenwise: ${error.message}\n${message(lang, 'tryHelp')}\n`);
    return 2;
  }
  try {
    const tokens = refreshToken
      ? // Only the refresh token is sent; the access token of the set is never read.
        await refreshAccessToken(profile, credentials, { accessToken: '', refreshToken, issuedAt: Date.now() })
      : await requestClientCredentialsToken(profile, credentials);
    io.stdout(`${options.json ? responseJson(tokens) : tokens.accessToken}\n`);
    return 0;
  } catch (error) {
    io.stderr(`${explainFailure(error, options.lang)}\n`);
    return 1;
  } finally {
    // Pooled keep-alive connections would hold the process open.
    await closeNet();
  }
}
