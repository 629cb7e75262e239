/**
 * API profiles: one OAuth client each (grant, endpoints, request shape). Two ship built in; users add
 * their own or override a built-in's endpoints in `tokenwise.profiles`. Validation reports every
 * problem with the field's path and what is expected, in English and Brazilian Portuguese.
 */
import type { Lang, Localized } from './catalog/types';

export type BuiltInProfileId = 'rdstation-marketing' | 'consistem-whatsapp';
export type GrantType = 'authorization_code' | 'client_credentials';
export type BodyEncoding = 'json' | 'form';
/** RFC 6749 §2.3.1: client credentials in the request body, or HTTP Basic. */
export type ClientAuthMethod = 'body' | 'basic';
/**
 * How token requests are shaped. `rfc6749`: `grant_type` plus the standard parameters. `rdstation`:
 * RD Station's documented bodies, `{client_id, client_secret, code}` and `{client_id, client_secret, refresh_token}`.
 */
export type RequestDialect = 'rfc6749' | 'rdstation';

export interface ProfileEndpoints {
  readonly authorize?: string;
  /** Refresh and client-credentials requests. */
  readonly token: string;
  /** Code exchange (RD Station adds `?token_by=code`); the token URL elsewhere. */
  readonly codeExchange: string;
  readonly revoke?: string;
}

export interface Profile {
  readonly id: string;
  readonly label: string;
  /** The built-in preset this profile is or extends. */
  readonly preset?: BuiltInProfileId;
  readonly grant: GrantType;
  readonly baseUrl?: string;
  readonly endpoints: ProfileEndpoints;
  readonly dialect: RequestDialect;
  readonly bodyEncoding: BodyEncoding;
  readonly revokeEncoding: BodyEncoding;
  readonly clientAuth: ClientAuthMethod;
  readonly pkce: boolean;
  readonly scopes: readonly string[];
  readonly extraAuthorizeParams: Readonly<Record<string, string>>;
  readonly extraTokenParams: Readonly<Record<string, string>>;
  /** Whether the provider issues refresh tokens worth using; otherwise a new token is requested. */
  readonly refresh: boolean;
  /** Renew this many seconds before expiry. */
  readonly refreshBeforeSeconds: number;
  /** A fixed callback URL (e.g. a hosted relay page); the extension's own callback when absent. */
  readonly redirectUri?: string;
  readonly docsUrl?: string;
}

interface Preset {
  readonly label: string;
  readonly grant: GrantType;
  readonly baseUrl: string;
  /** Paths appended to the base URL. */
  readonly paths: { readonly authorize?: string; readonly token: string; readonly revoke?: string };
  /** Query the code exchange adds to the token URL (RD Station's `token_by=code`). */
  readonly codeExchangeQuery?: string;
  readonly dialect: RequestDialect;
  readonly bodyEncoding: BodyEncoding;
  readonly revokeEncoding: BodyEncoding;
  readonly refresh: boolean;
  readonly docsUrl: string;
}

const PRESETS: Readonly<Record<BuiltInProfileId, Preset>> = {
  'rdstation-marketing': {
    label: 'RD Station Marketing',
    grant: 'authorization_code',
    baseUrl: 'https://api.rd.services',
    paths: { authorize: '/auth/dialog', token: '/auth/token', revoke: '/auth/revoke' },
    codeExchangeQuery: 'token_by=code',
    dialect: 'rdstation',
    bodyEncoding: 'json',
    revokeEncoding: 'form',
    refresh: true,
    docsUrl: 'https://developers.rdstation.com/reference/autenticacao',
  },
  'consistem-whatsapp': {
    label: 'Consistem WhatsApp',
    grant: 'client_credentials',
    baseUrl: 'https://whatsapphomologacao.consistem.com.br',
    paths: { token: '/oauth/token' },
    dialect: 'rfc6749',
    bodyEncoding: 'form',
    revokeEncoding: 'form',
    refresh: false,
    docsUrl: 'https://whatsapphomologacao.consistem.com.br',
  },
};

export const BUILT_IN_PROFILE_IDS = Object.keys(PRESETS) as BuiltInProfileId[];

export const DEFAULT_REFRESH_BEFORE_SECONDS = 300;

export function isBuiltInProfileId(id: unknown): id is BuiltInProfileId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, id);
}

/** A built-in profile with its documented endpoints (or those under `baseUrl`). */
export function builtInProfile(id: BuiltInProfileId, baseUrl?: string): Profile {
  const result = validateProfile(baseUrl === undefined ? { id } : { id, baseUrl });
  if ('errors' in result) throw new Error(`invalid base URL for ${id}: ${result.errors.map((e) => e.message.en).join('; ')}`);
  return result.profile;
}

// ---- validation

export interface ProfileError {
  /** Path of the offending field, e.g. `tokenUrl`, `scopes[1]`, `[2].extraTokenParams.audience`. */
  readonly path: string;
  readonly message: Localized;
}

export type ProfileValidation = { readonly profile: Profile } | { readonly errors: readonly ProfileError[] };

/** The settings shape of a profile (`tokenwise.profiles` items). */
export interface ProfileSettings {
  id: string;
  label?: string;
  extends?: BuiltInProfileId;
  grant?: GrantType;
  baseUrl?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  codeExchangeUrl?: string;
  revokeUrl?: string;
  bodyEncoding?: BodyEncoding;
  revokeEncoding?: BodyEncoding;
  clientAuth?: ClientAuthMethod;
  pkce?: boolean;
  scopes?: string[];
  extraAuthorizeParams?: Record<string, string>;
  extraTokenParams?: Record<string, string>;
  refresh?: boolean;
  refreshBeforeSeconds?: number;
  redirectUri?: string;
}

const KNOWN_FIELDS: readonly (keyof ProfileSettings)[] = [
  'id', 'label', 'extends', 'grant', 'baseUrl', 'authorizeUrl', 'tokenUrl', 'codeExchangeUrl', 'revokeUrl', 'bodyEncoding',
  'revokeEncoding', 'clientAuth', 'pkce', 'scopes', 'extraAuthorizeParams', 'extraTokenParams', 'refresh', 'refreshBeforeSeconds', 'redirectUri',
];

/** Parameters the client sets itself; an extra parameter may not replace them. */
const RESERVED_PARAMS = new Set([
  'client_id', 'client_secret', 'grant_type', 'code', 'code_verifier', 'code_challenge', 'code_challenge_method', 'redirect_uri',
  'refresh_token', 'response_type', 'state', 'scope', 'token', 'token_type_hint',
]);

/** The validation texts, each in every shipped language. `{x}` is replaced by the parameter. */
const MESSAGES = {
  notObject: { en: 'A profile must be an object with at least an "id".', 'pt-BR': 'Um perfil deve ser um objeto com pelo menos um "id".' },
  notArray: { en: '"tokenwise.profiles" must be a list of profiles.', 'pt-BR': '"tokenwise.profiles" deve ser uma lista de perfis.' },
  id: {
    en: '"id" is required: 1 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.',
    'pt-BR': '"id" é obrigatório: de 1 a 64 letras minúsculas, dígitos, ".", "_" ou "-", começando por letra ou dígito.',
  },
  idInvalid: {
    en: '"id" {x} is not valid: use 1 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.',
    'pt-BR': '"id" {x} não é válido: use de 1 a 64 letras minúsculas, dígitos, ".", "_" ou "-", começando por letra ou dígito.',
  },
  duplicateId: { en: 'Another profile already has the id "{x}".', 'pt-BR': 'Outro perfil já usa o id "{x}".' },
  unknownField: { en: 'Unknown field "{x}". Expected one of: {y}.', 'pt-BR': 'Campo desconhecido "{x}". Esperado um destes: {y}.' },
  misspelledField: { en: 'Unknown field "{x}": did you mean "{y}"?', 'pt-BR': 'Campo desconhecido "{x}": você quis dizer "{y}"?' },
  secretField: {
    en: '"{x}" does not belong in settings: client ids, client secrets and tokens are kept in the system keyring. Remove it, then run "Tokenwise: Set Client Credentials…".',
    'pt-BR': '"{x}" não pode ficar nas configurações: client ids, client secrets e tokens ficam no chaveiro do sistema. Remova-o e execute "Tokenwise: Definir credenciais do cliente…".',
  },
  string: { en: '"{x}" must be a non-empty text.', 'pt-BR': '"{x}" deve ser um texto não vazio.' },
  boolean: { en: '"{x}" must be true or false.', 'pt-BR': '"{x}" deve ser true ou false.' },
  oneOf: { en: '"{x}" must be one of: {y}.', 'pt-BR': '"{x}" deve ser um destes valores: {y}.' },
  extendsBuiltIn: { en: '"extends" must name a built-in profile: {y}.', 'pt-BR': '"extends" deve indicar um perfil embutido: {y}.' },
  extendsConflict: {
    en: 'The built-in profile "{x}" cannot extend another built-in profile.',
    'pt-BR': 'O perfil embutido "{x}" não pode estender outro perfil embutido.',
  },
  grantFixed: {
    en: 'The grant of the built-in profile is "{x}" and cannot be changed.',
    'pt-BR': 'O grant do perfil embutido é "{x}" e não pode ser alterado.',
  },
  url: {
    en: '"{x}" must be an absolute https:// URL (http:// is accepted only for localhost), or a path starting with "/" when "baseUrl" is set.',
    'pt-BR': '"{x}" deve ser uma URL https:// absoluta (http:// só para localhost), ou um caminho iniciado por "/" quando "baseUrl" estiver definido.',
  },
  baseUrl: {
    en: '"baseUrl" must be an absolute https:// URL without query or fragment (http:// is accepted only for localhost).',
    'pt-BR': '"baseUrl" deve ser uma URL https:// absoluta, sem query nem fragmento (http:// só para localhost).',
  },
  redirectUri: { en: '"redirectUri" must be an absolute URL.', 'pt-BR': '"redirectUri" deve ser uma URL absoluta.' },
  requiredFor: { en: '"{x}" is required for the {y} grant.', 'pt-BR': '"{x}" é obrigatório para o grant {y}.' },
  pkceGrant: {
    en: '"pkce" applies only to the authorization_code grant.',
    'pt-BR': '"pkce" só se aplica ao grant authorization_code.',
  },
  scopes: {
    en: '"{x}" must be a scope: printable ASCII without spaces, quotes or backslashes.',
    'pt-BR': '"{x}" deve ser um escopo: ASCII visível, sem espaços, aspas ou barras invertidas.',
  },
  list: { en: '"{x}" must be a list of texts.', 'pt-BR': '"{x}" deve ser uma lista de textos.' },
  params: { en: '"{x}" must be an object of text values.', 'pt-BR': '"{x}" deve ser um objeto com valores de texto.' },
  reservedParam: {
    en: '"{x}" is set by Tokenwise itself and cannot be an extra parameter.',
    'pt-BR': '"{x}" é definido pelo próprio Tokenwise e não pode ser um parâmetro extra.',
  },
  seconds: { en: '"{x}" must be a number of seconds from 0 to 86400.', 'pt-BR': '"{x}" deve ser um número de segundos de 0 a 86400.' },
  // Where a problem is, for people: entries counted from 1, as they appear in settings.json.
  entry: { en: 'entry {x}', 'pt-BR': 'item {x}' },
  more: { en: 'and {x} more (see the Tokenwise log)', 'pt-BR': 'e mais {x} (veja o log do Tokenwise)' },
} satisfies Record<string, Localized>;

function message(key: keyof typeof MESSAGES, x = '', y = ''): Localized {
  const fill = (text: string) => text.replace('{x}', x).replace('{y}', y);
  return { en: fill(MESSAGES[key].en), 'pt-BR': fill(MESSAGES[key]['pt-BR']) };
}

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Field names that would hold a credential: client id, secret, tokens, passwords, keys. */
const SECRET_FIELD = /^(client[_-]?(id|secret)|(access|refresh|id|bearer)[_-]?token|token|secret|password|api[_-]?key)$/i;

/** A value shown in a message: quoted, and cut short so that a long paste cannot flood a notification. */
function quote(value: string): string {
  const text = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return JSON.stringify(text);
}

/** The known field a typo most likely meant: same letters in another case, or at most two edits away. */
function closestField(key: string): string | undefined {
  let best: { field: string; distance: number } | undefined;
  for (const field of KNOWN_FIELDS) {
    const distance = field.toLowerCase() === key.toLowerCase() ? 0 : editDistance(field.toLowerCase(), key.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

/** Levenshtein distance; the strings are field names, so the quadratic table is tiny. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost')))) return url;
  } catch {
    // Not a URL at all.
  }
  return undefined;
}

/**
 * Validates one profile from settings and resolves it against its preset: `{ profile }`, or every
 * problem found. `basePath` prefixes the reported paths (e.g. `[2]` for the third list item).
 */
export function validateProfile(raw: unknown, basePath = ''): ProfileValidation {
  const errors: ProfileError[] = [];
  const at = (field: string) => (basePath ? `${basePath}.${field}` : field);
  const fail = (field: string, msg: Localized) => void errors.push({ path: at(field), message: msg });

  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [{ path: basePath, message: message('notObject') }] };
  const r = raw as Record<string, unknown>;

  for (const key of Object.keys(r)) {
    if ((KNOWN_FIELDS as readonly string[]).includes(key)) continue;
    // A secret pasted into settings is named, never echoed, and sent where it belongs.
    if (SECRET_FIELD.test(key)) fail(key, message('secretField', key));
    else {
      const meant = closestField(key);
      fail(key, meant ? message('misspelledField', key, meant) : message('unknownField', key, KNOWN_FIELDS.join(', ')));
    }
  }
  const str = (field: keyof ProfileSettings): string | undefined => {
    const value = r[field];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    fail(field, message('string', field));
    return undefined;
  };
  const bool = (field: keyof ProfileSettings): boolean | undefined => {
    if (r[field] === undefined || typeof r[field] === 'boolean') return r[field] as boolean | undefined;
    fail(field, message('boolean', field));
    return undefined;
  };
  const oneOf = <T extends string>(field: keyof ProfileSettings, values: readonly T[]): T | undefined => {
    if (r[field] === undefined) return undefined;
    if (values.includes(r[field] as T)) return r[field] as T;
    fail(field, message('oneOf', field, values.join(', ')));
    return undefined;
  };

  const id = typeof r.id === 'string' && ID.test(r.id) ? r.id : undefined;
  if (!id) fail('id', typeof r.id === 'string' && r.id.trim() !== '' ? message('idInvalid', quote(r.id)) : message('id'));

  let preset: BuiltInProfileId | undefined;
  if (r.extends !== undefined) {
    if (!isBuiltInProfileId(r.extends)) fail('extends', message('extendsBuiltIn', '', BUILT_IN_PROFILE_IDS.join(', ')));
    else if (isBuiltInProfileId(id) && id !== r.extends) fail('extends', message('extendsConflict', id));
    else preset = r.extends;
  } else if (isBuiltInProfileId(id)) {
    preset = id;
  }
  const base = preset && PRESETS[preset];

  const grantField = oneOf<GrantType>('grant', ['authorization_code', 'client_credentials']);
  if (base && grantField && grantField !== base.grant) fail('grant', message('grantFixed', base.grant));
  const grant = base?.grant ?? grantField;
  if (!grant && r.grant === undefined) fail('grant', message('oneOf', 'grant', 'authorization_code, client_credentials'));

  let baseUrl = base?.baseUrl;
  if (r.baseUrl !== undefined) {
    const url = typeof r.baseUrl === 'string' ? httpUrl(r.baseUrl.trim()) : undefined;
    if (!url || url.search || url.hash) fail('baseUrl', message('baseUrl'));
    else baseUrl = url.toString().replace(/\/+$/, '');
  }
  const endpoint = (field: 'authorizeUrl' | 'tokenUrl' | 'codeExchangeUrl' | 'revokeUrl', presetPath: string | undefined): string | undefined => {
    const value = str(field);
    if (value === undefined) return presetPath !== undefined && baseUrl ? baseUrl + presetPath : undefined;
    if (value.startsWith('/') && !value.startsWith('//')) {
      if (baseUrl) return baseUrl + value;
    } else {
      const url = httpUrl(value);
      if (url) return url.toString();
    }
    fail(field, message('url', field));
    return undefined;
  };
  const authorize = endpoint('authorizeUrl', base?.paths.authorize);
  const token = endpoint('tokenUrl', base?.paths.token);
  const query = base?.codeExchangeQuery;
  const codeExchange = endpoint('codeExchangeUrl', undefined) ?? (token && query ? `${token}${token.includes('?') ? '&' : '?'}${query}` : token);
  const revoke = endpoint('revokeUrl', base?.paths.revoke);
  if (grant && !token && r.tokenUrl === undefined) fail('tokenUrl', message('requiredFor', 'tokenUrl', grant));
  if (grant === 'authorization_code' && !authorize && r.authorizeUrl === undefined) fail('authorizeUrl', message('requiredFor', 'authorizeUrl', grant));

  const label = str('label');
  const bodyEncoding = oneOf<BodyEncoding>('bodyEncoding', ['json', 'form']);
  const revokeEncoding = oneOf<BodyEncoding>('revokeEncoding', ['json', 'form']);
  const clientAuth = oneOf<ClientAuthMethod>('clientAuth', ['body', 'basic']);
  const pkce = bool('pkce');
  if (pkce && grant === 'client_credentials') fail('pkce', message('pkceGrant'));
  const refresh = bool('refresh');

  const scopes: string[] = [];
  if (r.scopes !== undefined) {
    if (!Array.isArray(r.scopes)) fail('scopes', message('list', 'scopes'));
    else {
      r.scopes.forEach((scope, i) => {
        if (typeof scope === 'string' && SCOPE_TOKEN.test(scope)) scopes.push(scope);
        else fail(`scopes[${i}]`, message('scopes', `scopes[${i}]`));
      });
    }
  }
  const params = (field: 'extraAuthorizeParams' | 'extraTokenParams'): Record<string, string> => {
    const value = r[field];
    if (value === undefined) return {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      fail(field, message('params', field));
      return {};
    }
    const result: Record<string, string> = {};
    for (const [name, v] of Object.entries(value)) {
      if (RESERVED_PARAMS.has(name)) fail(`${field}.${name}`, message('reservedParam', name));
      else if (typeof v !== 'string' || name === '') fail(`${field}.${name}`, message('params', field));
      else result[name] = v;
    }
    return result;
  };
  const extraAuthorizeParams = params('extraAuthorizeParams');
  const extraTokenParams = params('extraTokenParams');

  let refreshBeforeSeconds = DEFAULT_REFRESH_BEFORE_SECONDS;
  if (r.refreshBeforeSeconds !== undefined) {
    const n = r.refreshBeforeSeconds;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 86400) refreshBeforeSeconds = n;
    else fail('refreshBeforeSeconds', message('seconds', 'refreshBeforeSeconds'));
  }
  const redirectUri = str('redirectUri');
  if (redirectUri !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(redirectUri)) fail('redirectUri', message('redirectUri'));

  if (errors.length || !id || !grant || !token) return { errors };
  return {
    profile: {
      id,
      label: label ?? base?.label ?? id,
      ...(preset ? { preset } : {}),
      grant,
      ...(baseUrl ? { baseUrl } : {}),
      endpoints: {
        ...(grant === 'authorization_code' && authorize ? { authorize } : {}),
        token,
        codeExchange: codeExchange ?? token,
        ...(revoke ? { revoke } : {}),
      },
      dialect: base?.dialect ?? 'rfc6749',
      bodyEncoding: bodyEncoding ?? base?.bodyEncoding ?? 'form',
      revokeEncoding: revokeEncoding ?? base?.revokeEncoding ?? 'form',
      clientAuth: clientAuth ?? 'body',
      // RD Station documents no PKCE; a custom authorization-code profile uses it unless told not to.
      pkce: grant === 'authorization_code' && (pkce ?? !base),
      scopes,
      extraAuthorizeParams,
      extraTokenParams,
      refresh: grant === 'authorization_code' && (refresh ?? base?.refresh ?? true),
      refreshBeforeSeconds,
      ...(redirectUri ? { redirectUri } : {}),
      ...(base ? { docsUrl: base.docsUrl } : {}),
    },
  };
}

export interface ResolvedProfiles {
  /** The built-ins (overridden where settings say so) followed by the valid custom profiles. */
  readonly profiles: readonly Profile[];
  readonly errors: readonly ProfileError[];
}

/** Resolves the whole `tokenwise.profiles` setting. Invalid items are left out and reported. */
export function resolveProfiles(setting: unknown): ResolvedProfiles {
  const errors: ProfileError[] = [];
  const byId = new Map<string, Profile>(BUILT_IN_PROFILE_IDS.map((id) => [id, builtInProfile(id)]));
  const seen = new Set<string>();
  if (setting !== undefined && setting !== null && !Array.isArray(setting)) {
    errors.push({ path: '', message: message('notArray') });
  } else {
    (setting ?? []).forEach((raw: unknown, i: number) => {
      const result = validateProfile(raw, `[${i}]`);
      if ('errors' in result) return void errors.push(...result.errors);
      if (seen.has(result.profile.id)) return void errors.push({ path: `[${i}].id`, message: message('duplicateId', result.profile.id) });
      seen.add(result.profile.id);
      byId.set(result.profile.id, result.profile);
    });
  }
  return { profiles: [...byId.values()], errors };
}

/**
 * The problems of `tokenwise.profiles` as lines a person can act on: where (the entry, counted from 1
 * as it appears in settings.json, with its id when it has one, and the field), then what is expected:
 * `tokenwise.profiles › entry 2 ("my-api") › tokenUrl — "tokenUrl" must be…`. The dash, not a colon,
 * ends the location: `clientSecret: "…"` would read as a secret to the log's redaction.
 * `setting` is the raw setting the errors were found in.
 */
export function describeProfileErrors(errors: readonly ProfileError[], setting: unknown, lang: Lang): string[] {
  const items = Array.isArray(setting) ? setting : [];
  return errors.map((error) => {
    const where = ['tokenwise.profiles'];
    const match = /^\[(\d+)\](?:\.(.+))?$/.exec(error.path);
    if (match) {
      const index = Number(match[1]);
      const item: unknown = items[index];
      const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id.trim() : '';
      where.push(`${message('entry', String(index + 1))[lang]}${id ? ` (${quote(id)})` : ''}`);
      if (match[2]) where.push(match[2]);
    } else if (error.path) {
      where.push(error.path);
    }
    return `${where.join(' › ')} — ${error.message[lang]}`;
  });
}

/** The first `max` lines for a notification, and how many more the log has. */
export function summarizeProfileErrors(lines: readonly string[], lang: Lang, max = 3): string {
  const shown = lines.slice(0, max).join(' · ');
  return lines.length > max ? `${shown} · ${message('more', String(lines.length - max))[lang]}` : shown;
}
