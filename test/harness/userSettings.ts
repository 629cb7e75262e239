import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * User settings of the workbenches the harness opens for people and UI tests: nothing that reaches
 * for the internet, no welcome page, no prompts or side panels that cover the editor and the
 * notification area. Tests add their own on top.
 */
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Editors such as Running Extensions open in the grid, as with the smoke-test driver, not as a modal.
  'workbench.editor.useModal': 'off',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
};

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}
