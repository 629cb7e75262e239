import * as vscode from 'vscode';
import { affects, profilesSetting, refreshBeforeExpirySeconds, TokenSettingKeys, activeProfileSetting } from '../config';
import { resolveLang } from '../core/catalog/lang';
import { describeProfileErrors, resolveProfiles, summarizeProfileErrors, type Profile, type ProfileError } from '../core/profiles';
import type { Log } from '../log';
import { Disposable } from '../util/lifecycle';

/**
 * The API profiles in effect: the built-ins, overridden and extended by the user's
 * `tokenwise.profiles`, re-resolved when the settings change. Invalid items are left out, logged and
 * reported once.
 */
export class ProfileRegistry extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the profiles, their renewal margin or the active profile change. */
  readonly onDidChange = this.changed.event;
  private profiles: readonly Profile[] = [];
  private byId = new Map<string, Profile>();
  private reportedErrors = '';

  constructor(private readonly log: Log) {
    super();
    this.resolve();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects(event, TokenSettingKeys.profiles, TokenSettingKeys.refreshBeforeExpirySeconds, TokenSettingKeys.activeProfile)) {
          this.resolve();
          this.changed.fire();
        }
      }),
    );
  }

  all(): readonly Profile[] {
    return this.profiles;
  }

  get(profileId: string): Profile | undefined {
    return this.byId.get(profileId);
  }

  /**
   * The profile the status bar shows: the one chosen in `tokenwise.activeProfile`, else the first
   * one with something stored (so a user of only one API sees that API), else the first.
   */
  active(hasStoredSecrets: (profileId: string) => boolean): Profile {
    const chosen = this.byId.get(activeProfileSetting());
    return chosen ?? this.profiles.find((profile) => hasStoredSecrets(profile.id)) ?? this.profiles[0];
  }

  private resolve(): void {
    const setting = profilesSetting();
    const { profiles, errors } = resolveProfiles(setting);
    // The global margin applies wherever a profile does not set its own.
    const margin = refreshBeforeExpirySeconds();
    const ownMargin = new Set(
      (Array.isArray(setting) ? setting : [])
        .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && 'refreshBeforeSeconds' in item)
        .map((item) => item.id),
    );
    this.profiles = profiles.map((profile) => (ownMargin.has(profile.id) ? profile : { ...profile, refreshBeforeSeconds: margin }));
    this.byId = new Map(this.profiles.map((profile) => [profile.id, profile]));
    this.report(errors, setting);
  }

  /** Logs every problem and shows them once per change of the setting (the same problems are not shown again). */
  private report(errors: readonly ProfileError[], setting: unknown): void {
    const lang = resolveLang(vscode.env.language);
    const lines = describeProfileErrors(errors, setting, lang);
    const key = lines.join('\n');
    if (key === this.reportedErrors) return;
    this.reportedErrors = key;
    if (lines.length === 0) return;
    for (const line of lines) this.log.warn('profiles', line);
    const open = vscode.l10n.t('Open Settings');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Some Tokenwise profiles in your settings are invalid and were ignored: {0}', summarizeProfileErrors(lines, lang)), open, showLog)
      .then((choice) => {
        // The profiles are read from user settings only: that is the file to open.
        if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
        else if (choice === showLog) this.log.show();
      });
  }
}
