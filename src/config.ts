import * as vscode from 'vscode';

/** Setting keys, in one place: renaming one is a breaking change for users. */
export const SettingKeys = {
  section: 'tokenwise',
  diagnosticsEnabled: 'diagnostics.enabled',
  diagnosticsInclude: 'diagnostics.include',
  diagnosticsMaxFileSizeMB: 'diagnostics.maxFileSizeMB',
} as const;

export interface DiagnosticsSettings {
  readonly enabled: boolean;
  readonly include: readonly string[];
  readonly maxFileSizeBytes: number;
}

const DEFAULT_INCLUDE = ['**/*.json', '**/*.http', '**/*.rest', '**/*.har', '**/*.log', '**/*.txt'];
const DEFAULT_MAX_MB = 20;

/** Reads the diagnostics settings for one resource (settings can differ per workspace folder). */
export function diagnosticsSettings(scope?: vscode.ConfigurationScope): DiagnosticsSettings {
  const config = vscode.workspace.getConfiguration(SettingKeys.section, scope);
  const maxMB = config.get<number>(SettingKeys.diagnosticsMaxFileSizeMB, DEFAULT_MAX_MB);
  return {
    enabled: config.get<boolean>(SettingKeys.diagnosticsEnabled, true),
    include: config.get<string[]>(SettingKeys.diagnosticsInclude, DEFAULT_INCLUDE),
    maxFileSizeBytes: (Number.isFinite(maxMB) && maxMB > 0 ? maxMB : DEFAULT_MAX_MB) * 1024 * 1024,
  };
}

/** True when a configuration change touches any of the given Tokenwise settings. */
export function affects(event: vscode.ConfigurationChangeEvent, ...keys: string[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`${SettingKeys.section}.${key}`));
}

// ---- profiles and tokens

export const TokenSettingKeys = {
  profiles: 'profiles',
  activeProfile: 'activeProfile',
  refreshBeforeExpirySeconds: 'refreshBeforeExpirySeconds',
  signInTimeoutSeconds: 'signIn.timeoutSeconds',
} as const;

const DEFAULT_REFRESH_BEFORE_SECONDS = 300;

/**
 * The `tokenwise.profiles` items from the user settings only. A profile decides where client secrets
 * and refresh tokens are sent, so a workspace (a cloned repository) must never redirect them: the
 * setting is application-scoped in package.json, and only the user value is read here as well.
 */
export function profilesSetting(): unknown {
  const inspected = vscode.workspace.getConfiguration(SettingKeys.section).inspect<unknown>(TokenSettingKeys.profiles);
  return inspected?.globalValue ?? [];
}

/** Appends a profile to the user's `tokenwise.profiles`. */
export async function addProfileSetting(item: Readonly<Record<string, unknown>>): Promise<void> {
  const current = profilesSetting();
  const list = Array.isArray(current) ? current : [];
  await vscode.workspace.getConfiguration(SettingKeys.section).update(TokenSettingKeys.profiles, [...list, item], vscode.ConfigurationTarget.Global);
}

/** The profile id the user chose for the status bar; empty when none was chosen. */
export function activeProfileSetting(): string {
  const value = vscode.workspace.getConfiguration(SettingKeys.section).get<unknown>(TokenSettingKeys.activeProfile, '');
  return typeof value === 'string' ? value.trim() : '';
}

export async function setActiveProfileSetting(profileId: string): Promise<void> {
  await vscode.workspace.getConfiguration(SettingKeys.section).update(TokenSettingKeys.activeProfile, profileId, vscode.ConfigurationTarget.Global);
}

/** Seconds before expiry at which tokens are renewed (a profile's own `refreshBeforeSeconds` wins). */
export function refreshBeforeExpirySeconds(): number {
  const value = vscode.workspace.getConfiguration(SettingKeys.section).get<unknown>(TokenSettingKeys.refreshBeforeExpirySeconds);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 86400 ? value : DEFAULT_REFRESH_BEFORE_SECONDS;
}

const DEFAULT_SIGN_IN_TIMEOUT_SECONDS = 300;

/** How long a sign-in waits for the redirect, in ms (10 s to 1 h; the default otherwise). */
export function signInTimeoutMs(): number {
  const value = vscode.workspace.getConfiguration(SettingKeys.section).get<unknown>(TokenSettingKeys.signInTimeoutSeconds);
  const seconds = typeof value === 'number' && Number.isFinite(value) && value >= 10 && value <= 3600 ? value : DEFAULT_SIGN_IN_TIMEOUT_SECONDS;
  return seconds * 1000;
}

/** VS Code's own proxy settings, in the shape the token client takes; undefined leaves it to HTTPS_PROXY/NO_PROXY. */
export function proxySettings(): { url?: string; strictSSL: boolean; noProxy?: string } {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy', '').trim();
  const noProxy = http.get<unknown>('noProxy', []);
  const hosts = Array.isArray(noProxy) ? noProxy.filter((host): host is string => typeof host === 'string' && host.trim() !== '') : [];
  return {
    ...(url ? { url } : {}),
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    ...(hosts.length ? { noProxy: hosts.join(',') } : {}),
  };
}
