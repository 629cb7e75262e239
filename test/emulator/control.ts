/**
 * The emulator's control surface, in process (`EmulatorControl`) and over HTTP under `/__emulator/`.
 * Control requests are not counted in the stats and never get faults.
 */
import { faultErrors, type FaultSpec } from './faults';
import { json, type EmulatorRequest, type Reply } from './http';
import { settingsErrors, type ApiName, type ClientConfig, type EmulatorSettings } from './options';
import type { AuthorizationRecord, EmulatorState, EmulatorStats, RequestRecord } from './state';

export interface EmulatorControl {
  /** Queues faults; each applies to the next `count` (default 1) matching requests, then clears. */
  injectFault(...faults: FaultSpec[]): void;
  clearFaults(): void;
  faults(): FaultSpec[];
  stats(): EmulatorStats;
  /** What each request looked like (names only: never a value). */
  requests(): readonly RequestRecord[];
  resetStats(): void;
  /** Forgets codes, grants, tokens, faults, stats and clock offset; keeps clients and settings. */
  reset(): void;
  configure(settings: Partial<EmulatorSettings>): void;
  settings(): EmulatorSettings;
  /** Moves the emulator's clock forward: codes and tokens expire without waiting. */
  advanceClock(seconds: number): void;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  /** An authorization code as the consent page would issue it, without the browser step. */
  issueCode(api: ApiName, clientId: string, redirectUri: string): string;
  /** The last authorize request of RD Station (its state, and its code once approved). */
  lastAuthorization(): AuthorizationRecord | undefined;
  addClient(client: ClientConfig): void;
}

export function createControl(state: EmulatorState): EmulatorControl {
  return {
    injectFault: (...faults) => {
      for (const fault of faults) {
        const errors = faultErrors(fault);
        if (errors.length) throw new Error(`Invalid fault: ${errors.join('; ')}`);
        state.faults.add(fault);
      }
    },
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.list(),
    stats: () => state.stats(),
    requests: () => state.requestLog(),
    resetStats: () => state.resetStats(),
    reset: () => state.reset(),
    configure: (settings) => {
      const errors = settingsErrors(settings as Record<string, unknown>);
      if (errors.length) throw new Error(`Invalid settings: ${errors.join('; ')}`);
      state.settings = { ...state.settings, ...settings };
    },
    settings: () => ({ ...state.settings }),
    advanceClock: (seconds) => state.advanceClock(seconds),
    expireAccessTokens: () => state.expireAccessTokens(),
    issueCode: (api, clientId, redirectUri) => state.issueCode(api, clientId, redirectUri),
    lastAuthorization: () => state.lastAuthorization,
    addClient: (client) => {
      state.clients = [...state.clients.filter((c) => !(c.api === client.api && c.clientId === client.clientId)), client];
    },
  };
}

/** Routes `/__emulator/*`. */
export function handleControl(req: EmulatorRequest, control: EmulatorControl): Reply {
  const route = `${req.method} ${req.url.pathname.replace(/\/+$/, '')}`;
  let body: unknown;
  try {
    body = req.body ? JSON.parse(req.body) : {};
  } catch {
    return json(400, { error: 'the body must be JSON' });
  }
  try {
    switch (route) {
      case 'GET /__emulator':
        return json(200, CONTROL_INDEX);
      case 'GET /__emulator/stats':
        return json(200, control.stats());
      case 'DELETE /__emulator/stats':
        control.resetStats();
        return json(200, control.stats());
      case 'GET /__emulator/requests':
        return json(200, control.requests());
      case 'GET /__emulator/faults':
        return json(200, control.faults());
      case 'POST /__emulator/faults': {
        const faults = (Array.isArray(body) ? body : [body]) as FaultSpec[];
        const errors = faults.flatMap(faultErrors);
        if (errors.length) return json(400, { errors });
        control.injectFault(...faults);
        return json(200, { pending: control.faults() });
      }
      case 'DELETE /__emulator/faults':
        control.clearFaults();
        return json(200, { pending: [] });
      case 'POST /__emulator/reset':
        control.reset();
        return json(200, control.stats());
      case 'GET /__emulator/settings':
        return json(200, control.settings());
      case 'POST /__emulator/settings': {
        const errors = settingsErrors(body as Record<string, unknown>);
        if (errors.length) return json(400, { errors });
        control.configure(body as Partial<EmulatorSettings>);
        return json(200, control.settings());
      }
      case 'POST /__emulator/clock': {
        const seconds = (body as { advanceSeconds?: unknown }).advanceSeconds;
        if (typeof seconds !== 'number' || seconds < 0) return json(400, { errors: ['"advanceSeconds" must be a number >= 0'] });
        control.advanceClock(seconds);
        return json(200, {});
      }
      case 'POST /__emulator/expire-tokens':
        control.expireAccessTokens();
        return json(200, {});
      default:
        return json(404, { error: `no control endpoint ${route}`, endpoints: CONTROL_INDEX.control });
    }
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

export const CONTROL_INDEX = {
  name: 'Tokenwise API emulator',
  apis: {
    rdstation: ['GET /auth/dialog', 'POST /auth/dialog', 'POST /auth/token?token_by=code', 'POST /auth/token', 'POST /auth/revoke', 'GET /platform/contacts', 'GET /platform/contacts/email:{email}'],
    consistem: ['POST /oauth/token', 'GET /api/v1/messages'],
    oauth2: ['GET /oauth2/authorize', 'POST /oauth2/authorize', 'POST /oauth2/token', 'POST /oauth2/revoke', 'GET /oauth2/userinfo'],
  },
  control: [
    'GET /__emulator/stats',
    'DELETE /__emulator/stats',
    'GET /__emulator/requests',
    'GET|POST|DELETE /__emulator/faults',
    'POST /__emulator/reset',
    'GET|POST /__emulator/settings',
    'POST /__emulator/clock {"advanceSeconds":n}',
    'POST /__emulator/expire-tokens',
  ],
};
