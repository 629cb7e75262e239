import * as vscode from 'vscode';
import { redact } from './core/redact';

/**
 * The extension's one log: a LogOutputChannel (the user picks the level), messages tagged by
 * component, and every message passed through `redact` so no token or secret reaches it.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Tokenwise', { log: true });

  trace(component: string, message: string): void {
    if (this.writes(vscode.LogLevel.Trace)) this.channel.trace(this.format(component, message));
  }
  debug(component: string, message: string): void {
    if (this.writes(vscode.LogLevel.Debug)) this.channel.debug(this.format(component, message));
  }
  info(component: string, message: string): void {
    this.channel.info(this.format(component, message));
  }
  warn(component: string, message: string): void {
    this.channel.warn(this.format(component, message));
  }
  error(component: string, message: string, error?: unknown): void {
    const reason = error instanceof Error ? `: ${error.message}` : error === undefined ? '' : `: ${String(error)}`;
    this.channel.error(this.format(component, message + reason));
  }
  show(): void {
    this.channel.show(true);
  }
  /** The level the user (or a test) set for this channel: lines below it are not written. */
  get level(): vscode.LogLevel {
    return this.channel.logLevel;
  }
  dispose(): void {
    this.channel.dispose();
  }

  /** Trace and debug lines are formatted and redacted only when the channel's level lets them through. */
  private writes(level: vscode.LogLevel): boolean {
    const current = this.channel.logLevel;
    return current !== vscode.LogLevel.Off && current <= level;
  }

  private format(component: string, message: string): string {
    return `[${component}] ${redact(message)}`;
  }
}
