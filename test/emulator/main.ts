/**
 * Command line: `node out/test/emulator/main.js [--port 0] [options]`. The first stdout line is
 * `Tokenwise API emulator listening on <baseUrl>`; the request log (redacted) goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, DEMO_CLIENTS, settingsErrors, type ApiName, type ClientConfig, type EmulatorOptions } from './options';
import { startEmulator } from './server';

const USAGE = `Usage: node out/test/emulator/main.js [options]

  --port N                     port to listen on (0 = any free port; default 0)
  --host ADDRESS               interface to bind (default 127.0.0.1)
  --config FILE                JSON file with any of the options below, plus "clients" and "signingKey"
  --client API:ID:SECRET[:URI,URI…]
                               register a client (API: rdstation, consistem or oauth2); repeatable; replaces
                               the demo clients. A redirect URI ending in * matches by prefix.
  --token-lifetime SECONDS     access-token lifetime (default 86400)
  --code-lifetime SECONDS      authorization-code lifetime (default 3600)
  --rate-limit N               protected-resource calls per grant and window before 429 (default 0 = off)
  --rate-limit-window SECONDS  (default 60)
  --refresh-token-rotation same|rotate|omit   (default same)
  --auto-approve               skip the consent page
  --quiet                      no request log
  --help
`;

function parseClient(spec: string): ClientConfig {
  const [api, clientId, clientSecret, ...rest] = spec.split(':');
  if (!['rdstation', 'consistem', 'oauth2'].includes(api) || !clientId || !clientSecret) {
    throw new Error(`--client expects API:ID:SECRET[:URI,…], got an invalid value for API "${api}"`);
  }
  const uris = rest.join(':');
  return { api: api as ApiName, clientId, clientSecret, redirectUris: uris ? uris.split(',') : [] };
}

export function parseArgs(argv: readonly string[]): EmulatorOptions & { quiet: boolean; help: boolean } {
  const options: EmulatorOptions & { quiet: boolean; help: boolean } = { quiet: false, help: false };
  const clients: ClientConfig[] = [];
  const numberFlags: Record<string, 'tokenLifetimeSeconds' | 'codeLifetimeSeconds' | 'rateLimit' | 'rateLimitWindowSeconds' | 'port'> = {
    '--port': 'port',
    '--token-lifetime': 'tokenLifetimeSeconds',
    '--code-lifetime': 'codeLifetimeSeconds',
    '--rate-limit': 'rateLimit',
    '--rate-limit-window': 'rateLimitWindowSeconds',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg in numberFlags) {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${arg} needs a number >= 0`);
      options[numberFlags[arg]] = n;
    } else if (arg === '--host') options.host = value();
    else if (arg === '--config') Object.assign(options, readConfig(value()));
    else if (arg === '--client') clients.push(parseClient(value()));
    else if (arg === '--refresh-token-rotation') options.refreshTokenRotation = value() as EmulatorOptions['refreshTokenRotation'];
    else if (arg === '--auto-approve') options.autoApprove = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (clients.length) options.clients = clients;
  const settings = Object.fromEntries(Object.entries(options).filter(([key]) => key in DEFAULT_SETTINGS));
  const errors = settingsErrors(settings);
  if (errors.length) throw new Error(errors.join('; '));
  return options;
}

function readConfig(file: string): EmulatorOptions {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file} must hold a JSON object`);
  return raw as EmulatorOptions;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator({
    ...options,
    log: options.quiet ? undefined : (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  const clients = options.clients ?? DEMO_CLIENTS;
  process.stdout.write(
    [
      `Tokenwise API emulator listening on ${emulator.baseUrl}`,
      `  RD Station Marketing  ${emulator.baseUrl}/auth/dialog, /auth/token, /auth/revoke, /platform/contacts`,
      `  Consistem WhatsApp    ${emulator.baseUrl}/oauth/token, /api/v1/messages`,
      `  Generic OAuth 2.0     ${emulator.baseUrl}/oauth2/authorize, /oauth2/token, /oauth2/revoke, /oauth2/userinfo`,
      `  Control               ${emulator.baseUrl}/__emulator`,
      // Client ids only: secrets are never printed.
      `  Clients               ${clients.map((c) => `${c.api}:${c.clientId}`).join(', ')}`,
      '',
    ].join('\n'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
