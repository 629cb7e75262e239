import * as vscode from 'vscode';
import type { ProfileRegistry } from '../auth/profileRegistry';
import type { TokenManager } from '../auth/tokenManager';
import { nextStatusChange, type TokenStatus } from '../auth/tokenState';
import { Commands, TOOLTIP_COMMANDS } from '../commands/ids';
import type { Profile } from '../core/profiles';
import { timeLeft } from '../core/tokens';
import { Disposable } from '../util/lifecycle';
import { actionsFor, activeProfile, statusView } from './tokenStatusView';

/** What the item shows, for tests and for anyone asking without reading the DOM. */
export interface StatusBarState {
  readonly profileId: string;
  readonly status: TokenStatus;
  readonly text: string;
  readonly tooltip: string;
  readonly backgroundColor?: string;
  readonly accessibilityLabel: string;
  /** Milliseconds until the next scheduled repaint; undefined when nothing counts down. */
  readonly nextUpdateMs?: number;
}

const MINUTE = 60_000;
const SECOND = 1000;
/** Links per profile in the tooltip; the click's quick pick has them all. */
const TOOLTIP_ACTIONS = 4;

/**
 * The one status bar item: the active profile's token state, a tooltip with every profile and
 * command links, and a click that offers the actions that fit. Repaints on token events and on a
 * timer that runs only while a countdown is shown (minute steps, seconds in the last minute).
 */
export class StatusBarController extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('tokenwise.status', vscode.StatusBarAlignment.Right, 100));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: StatusBarState | undefined;

  constructor(
    private readonly profiles: ProfileRegistry,
    private readonly tokens: TokenManager,
  ) {
    super();
    this.item.name = vscode.l10n.t('Tokenwise Token');
    this._register(tokens.onDidChange(() => this.render()));
    this._register(profiles.onDidChange(() => this.render()));
    this._register(vscode.commands.registerCommand(Commands.statusBarActions, (profileId?: string) => this.pickAction(profileId)));
    this._register({ dispose: () => this.stopTimer() });
    this.render();
    this.item.show();
  }

  current(): StatusBarState | undefined {
    return this.state;
  }

  private activeProfile(): Profile {
    return activeProfile(this.profiles, this.tokens);
  }

  private render(): void {
    if (this.isDisposed) return;
    this.stopTimer();
    const now = Date.now();
    const profile = this.activeProfile();
    const snapshot = this.tokens.snapshot(profile.id);
    const view = statusView(profile, snapshot, now);
    const text = `$(${view.icon}) ${escapeIcons(profile.label)}${view.short ? `: ${view.short}` : ''}`;
    const accessibilityLabel = vscode.l10n.t('Tokenwise, {0}: {1}', profile.label, view.sentence);
    // Until the stored tokens are read (a few milliseconds after activation) there is nothing to list,
    // and each read repaints: the full tooltip is built then, not during activation. A click still
    // offers every action meanwhile.
    const tooltip = view.status === 'loading' ? loadingTooltip(view.sentence) : this.tooltip(profile.id, now);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    this.item.accessibilityInformation = { label: accessibilityLabel, role: 'button' };
    this.item.command = { command: Commands.statusBarActions, title: vscode.l10n.t('Token Actions'), arguments: [profile.id] };

    const delay = snapshot.tokens ? this.repaintDelay(profile, view.status, now) : undefined;
    if (delay !== undefined) this.timer = setTimeout(() => this.render(), delay);
    this.state = {
      profileId: profile.id,
      status: view.status,
      text,
      tooltip: tooltip.value,
      ...(view.background ? { backgroundColor: view.background } : {}),
      accessibilityLabel,
      ...(delay !== undefined ? { nextUpdateMs: delay } : {}),
    };
  }

  /** When the text or the status changes next; undefined when nothing on show counts down. */
  private repaintDelay(profile: Profile, status: TokenStatus, now: number): number | undefined {
    const tokens = this.tokens.snapshot(profile.id).tokens;
    if (!tokens || !['valid', 'expiring', 'offline'].includes(status)) return undefined;
    const left = timeLeft(tokens, now);
    if (left === undefined || left <= 0) return undefined;
    // The text shows whole minutes (seconds in the last minute): repaint when the shown value changes.
    const step = left > MINUTE ? MINUTE : SECOND;
    let delay = (left % step) + 1;
    const change = nextStatusChange(profile, tokens, now);
    if (change !== undefined) delay = Math.min(delay, change - now + 1);
    return Math.max(SECOND / 4, delay);
  }

  private tooltip(activeId: string, now: number): vscode.MarkdownString {
    const markdown = new vscode.MarkdownString(undefined, true);
    // Only our own commands may run from it; every text that is not ours goes in through appendText.
    markdown.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    markdown.appendMarkdown(`**Tokenwise**\n\n`);
    for (const profile of this.profiles.all()) {
      const snapshot = this.tokens.snapshot(profile.id);
      const view = statusView(profile, snapshot, now);
      markdown.appendMarkdown(`$(${view.icon}) **`).appendText(profile.label).appendMarkdown('**');
      if (profile.id === activeId) markdown.appendMarkdown(` _(${vscode.l10n.t('active')})_`);
      markdown.appendMarkdown(' — ').appendText(view.sentence).appendMarkdown('\n\n');
      const links = actionsFor(profile, snapshot, view.status)
        .filter((action) => action.command !== Commands.switchActiveProfile && action.command !== Commands.showLog)
        .slice(0, TOOLTIP_ACTIONS)
        .map((action) => commandLink(action.label, action.command, [profile.id]));
      if (links.length) markdown.appendMarkdown(`${links.join(' · ')}\n\n`);
    }
    markdown.appendMarkdown('---\n\n');
    markdown.appendMarkdown(
      [
        commandLink(vscode.l10n.t('Switch Active Profile…'), Commands.switchActiveProfile, []),
        commandLink(vscode.l10n.t('Add API Profile…'), Commands.addProfile, []),
        commandLink(vscode.l10n.t('Show Log'), Commands.showLog, []),
      ].join(' · '),
    );
    return markdown;
  }

  private async pickAction(profileId?: string): Promise<void> {
    const profile = (profileId && this.profiles.get(profileId)) || this.activeProfile();
    const snapshot = this.tokens.snapshot(profile.id);
    const view = statusView(profile, snapshot, Date.now());
    const items = actionsFor(profile, snapshot, view.status).map((action) => ({ label: `$(${action.icon}) ${action.label}`, action }));
    const picked = await vscode.window.showQuickPick(items, { title: `${profile.label}: ${view.sentence}`, placeHolder: vscode.l10n.t('What do you want to do?') });
    if (!picked) return;
    const global = picked.action.command === Commands.switchActiveProfile || picked.action.command === Commands.showLog;
    await vscode.commands.executeCommand(picked.action.command, ...(global ? [] : [profile.id]));
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function loadingTooltip(sentence: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString('**Tokenwise**\n\n');
  markdown.isTrusted = false;
  return markdown.appendText(sentence);
}

/** A label that is not ours must not turn `$(name)` into an icon. */
function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

function commandLink(label: string, command: string, args: readonly unknown[]): string {
  const query = args.length ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
