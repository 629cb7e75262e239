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
