/** Emulator configuration: registered clients, lifetimes, limits. Plain data so it can come from a JSON file. */

export type ApiName = 'rdstation' | 'consistem' | 'oauth2';

export interface ClientConfig {
  /** Which emulated API the client is registered with. */
  readonly api: ApiName;
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Registered callback URLs (authorization-code APIs). Matched exactly, except that an entry ending
   * in `*` matches every URL starting with what precedes it (`*` alone matches any URL), for tests
   * whose callback URL is only known at run time.
   */
  readonly redirectUris?: readonly string[];
  readonly name?: string;
}

/** What happens to the refresh token when it is used (RD Station's documented behaviour is `same`). */
export type RefreshTokenRotation = 'same' | 'rotate' | 'omit';

export interface EmulatorSettings {
  /** Access-token lifetime in seconds (`expires_in`), for every API. */
  tokenLifetimeSeconds: number;
  /** Authorization codes expire this many seconds after issue (RD Station: 60 min). */
  codeLifetimeSeconds: number;
  /** Protected-resource calls allowed per grant and window before 429 RATE_LIMIT_EXCEDDED; 0 = unlimited. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
  /** Approve the consent page at once (302 straight to the callback). */
  autoApprove: boolean;
  refreshTokenRotation: RefreshTokenRotation;
}

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** Interface to bind; only loopback makes sense. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Registered clients; the demo clients below when omitted. */
  clients?: readonly ClientConfig[];
  /** HMAC key for the access-token JWTs; random per start when omitted. */
  signingKey?: string;
  /** Receives one redacted line per request. Silent when omitted. */
  log?: (line: string) => void;
  /** Serve the `/__emulator/*` control endpoints (default true). */
  control?: boolean;
}

/** Ready-made clients, so the demo and a curious user can sign in without configuring anything. */
export const DEMO_CLIENTS: readonly ClientConfig[] = [
  { api: 'rdstation', clientId: 'tokenwise-demo', clientSecret: 'tokenwise-demo-secret', redirectUris: ['*'], name: 'Tokenwise demo' },
  { api: 'consistem', clientId: 'tokenwise-demo', clientSecret: 'tokenwise-demo-secret', name: 'Tokenwise demo' },
  { api: 'oauth2', clientId: 'tokenwise-demo', clientSecret: 'tokenwise-demo-secret', redirectUris: ['*'], name: 'Tokenwise demo' },
];

export const DEFAULT_SETTINGS: EmulatorSettings = {
  tokenLifetimeSeconds: 86400,
  codeLifetimeSeconds: 3600,
  rateLimit: 0,
  rateLimitWindowSeconds: 60,
  autoApprove: false,
  refreshTokenRotation: 'same',
};

export function settingsFrom(options: Partial<EmulatorSettings>): EmulatorSettings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof EmulatorSettings)[]) {
    if (options[key] !== undefined) (settings as Record<string, unknown>)[key] = options[key];
  }
  return settings;
}

/** Validates settings coming from JSON (config file or control endpoint); returns the problems found. */
export function settingsErrors(raw: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const numbers = ['tokenLifetimeSeconds', 'codeLifetimeSeconds', 'rateLimit', 'rateLimitWindowSeconds'];
  for (const key of Object.keys(raw)) {
    if (!(key in DEFAULT_SETTINGS)) errors.push(`unknown setting "${key}"`);
    else if (numbers.includes(key) && !(typeof raw[key] === 'number' && (raw[key] as number) >= 0)) {
      errors.push(`"${key}" must be a number >= 0`);
    }
  }
  if ('autoApprove' in raw && typeof raw.autoApprove !== 'boolean') errors.push('"autoApprove" must be true or false');
  if ('refreshTokenRotation' in raw && !['same', 'rotate', 'omit'].includes(raw.refreshTokenRotation as string)) {
    errors.push('"refreshTokenRotation" must be "same", "rotate" or "omit"');
  }
  return errors;
}

export function redirectUriAllowed(client: ClientConfig, redirectUri: string): boolean {
  return (client.redirectUris ?? []).some((registered) =>
    registered.endsWith('*') ? redirectUri.startsWith(registered.slice(0, -1)) : registered === redirectUri,
  );
}
