import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir } from './paths';

/**
 * What a user does in the VS Code workbench, as the UI tests need it, written against the DOM of
 * VS Code 1.139 (code-server 4.139.1). Each helper waits for the UI it drives to settle.
 */

export interface StatusBarItem {
  /** The entry id: `<extension id>.<item id>` for an extension's item. */
  id: string;
  text: string;
  ariaLabel: string;
}

/** An element inside the page; the harness compiles without the DOM library. */
interface Rendered {
  innerText: string;
}

export type Severity = 'error' | 'warning' | 'info';

export class WorkbenchPage {
  constructor(readonly page: Page) {}

  /** The workbench is laid out and the extension host is connected. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: timeoutMs });
    // The explorer shows the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: timeoutMs });
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette and types `text` into it (`>` commands, or a file name). */
  private async quickInputWith(text: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
  }

  /** Runs a command by its palette label, e.g. `Tokenwise: Sign In…` (title match, exact first). */
  async runCommand(label: string): Promise<void> {
    await this.quickInputWith(`>${label}`);
    const rows = this.quickInput.locator('.monaco-list-row');
    const exact = rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
    const row = (await exact.count()) > 0 ? exact.first() : rows.first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    // Done when the palette is gone, or when the command showed its own quick pick or input box
    // (the widget stays, without the palette's `>` prefix).
    const input = this.quickInput.locator('input');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!(await this.quickInput.isVisible())) return;
      if (!(await input.inputValue().catch(() => '>')).startsWith('>')) return;
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Types into the input box or quick pick a command opened (a client id, a profile filter) and
   * accepts it with Enter. Resolves once that step has gone: the widget is hidden or shows the next step.
   */
  async answerInputBox(text: string): Promise<void> {
    const input = this.quickInput.locator('input');
    await input.waitFor({ state: 'visible' });
    const title = this.quickInput.locator('.quick-input-title');
    const step = await title.innerText().catch(() => '');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (!(await this.quickInput.isVisible())) return;
      if ((await title.innerText().catch(() => '')) !== step) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`the input step "${step}" did not accept "${text.length > 0 ? '…' : ''}"`);
  }

  /** The text of the status bar item with this id, once it matches `pattern`. */
  async waitForStatusBarText(id: string, pattern: RegExp, timeoutMs = 30_000): Promise<StatusBarItem> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const item = (await this.statusBarItems()).find((candidate) => candidate.id === id);
      if (item && pattern.test(item.text)) return item;
      if (Date.now() > deadline) throw new Error(`status bar item ${id} did not match ${pattern}: ${item ? JSON.stringify(item.text) : 'absent'}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Opens a workspace file through Quick Open, by name or relative path; resolves once its editor is active. */
  async openFile(relativePath: string): Promise<void> {
    await this.quickInputWith(relativePath);
    const name = path.basename(relativePath);
    const row = this.quickInput.locator('.monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.activeEditor.locator('.view-lines').waitFor();
  }

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The status bar's items, left to right. */
  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll((items) =>
      items.map((item) => ({
        id: item.id,
        text: (item as unknown as Rendered).innerText.trim(),
        ariaLabel: item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '',
      })),
    );
  }

  /** Opens the Problems panel and returns its badge count (0 when it shows none). */
  async problemsCount(): Promise<number> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor();
    const badge = this.page.locator('.part.panel .composite-bar .action-item.checked .badge-content').first();
    if (!(await badge.isVisible())) return 0;
    return Number((await badge.innerText()).replace(/\D/g, '')) || 0;
  }

  /** The rows of the Problems panel (open it with `problemsCount` first), as their accessible labels. */
  async problems(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? (row as unknown as Rendered).innerText));
  }

  /** The squiggles of the active editor, optionally of one severity. */
  squiggles(severity?: Severity): Locator {
    const classes = severity ? [severity] : ['error', 'warning', 'info'];
    return this.activeEditor.locator(classes.map((name) => `.squiggly-${name}`).join(', '));
  }

  /** Moves the mouse onto a squiggle and returns the text of the hover that opens. */
  async hoverSquiggle(index = 0, severity?: Severity): Promise<string> {
    const squiggle = this.squiggles(severity).nth(index);
    await squiggle.waitFor({ state: 'attached' });
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle is not on screen');
    await this.page.mouse.move(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').last();
    await hover.waitFor({ state: 'visible' });
    return hover.innerText();
  }

  /** The Ctrl+. menu (not its submenu panel, which shares the class). */
  private get actionWidget(): Locator {
    return this.page.locator('.action-widget:not(.action-list-submenu-panel)');
  }

  /** Puts the cursor on a squiggle, presses Ctrl+. and returns the offered quick fixes' titles. */
  async quickFixes(index = 0, severity?: Severity): Promise<string[]> {
    const squiggle = this.squiggles(severity).nth(index);
    await squiggle.waitFor({ state: 'attached' });
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle is not on screen');
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 12), box.y + box.height / 2);
    await this.page.keyboard.press('Control+Period');
    const widget = this.actionWidget;
    await widget.waitFor({ state: 'visible' });
    return widget.locator('.monaco-list-row.action').evaluateAll((rows) => rows.map((row) => (row as unknown as Rendered).innerText.trim()));
  }

  /** Applies one of the quick fixes listed by `quickFixes` (its menu must be open). */
  async applyQuickFix(title: string): Promise<void> {
    await this.actionWidget.locator('.monaco-list-row.action', { hasText: title }).first().click();
    await this.actionWidget.waitFor({ state: 'hidden' });
  }

  /**
   * Display names of the extensions running in the extension host, read from the Running Extensions
   * editor (left open). It is a virtual list: rows exist only while on screen, so it is scrolled through.
   */
  async runningExtensions(): Promise<string[]> {
    await this.runCommand('Developer: Show Running Extensions');
    return this.readRunningExtensions();
  }

  /** Waits until `displayName` is among the running extensions (activation may still be under way). */
  async waitForRunningExtension(displayName: string, timeoutMs = 30_000): Promise<string[]> {
    await this.runCommand('Developer: Show Running Extensions');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = await this.readRunningExtensions();
      if (running.includes(displayName)) return running;
      if (Date.now() > deadline) throw new Error(`${displayName} is not running after ${timeoutMs / 1000} s; running: ${running.join(', ')}`);
      await this.page.waitForTimeout(500);
    }
  }

  private async readRunningExtensions(): Promise<string[]> {
    const list = this.page.locator('.monaco-list[aria-label="Runtime Extensions"]').last();
    const names = list.locator('.monaco-list-row .name');
    await names.first().waitFor();
    const seen = new Set<string>();
    for (let page = 0; page < 50; page++) {
      const before = seen.size;
      for (const name of await names.allInnerTexts()) seen.add(name);
      if (page > 0 && seen.size === before) break;
      await list.hover();
      await this.page.mouse.wheel(0, 400);
      await this.page.waitForTimeout(100);
    }
    return [...seen];
  }

  /** Messages in the notification centre (headless, toasts may not show: the centre always does). */
  async notifications(): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor({ state: 'visible' });
    return center.locator('.notification-list-item-message').evaluateAll((items) => items.map((item) => (item as unknown as Rendered).innerText.trim()));
  }

  async pressEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Saves test-artifacts/ui/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(artifactsDir, 'ui', `${name.replace(/[^\w.-]+/g, '-')}.png`);
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
