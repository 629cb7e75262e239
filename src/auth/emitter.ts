import type * as vscode from 'vscode';

/**
 * A minimal event emitter with VS Code's `Event` shape, for the modules that must also run in plain
 * Node (the token manager is unit-tested without a host, where `vscode.EventEmitter` does not exist).
 */
export class Emitter<T> implements vscode.Disposable {
  private readonly listeners = new Set<(event: T) => void>();

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (event: T) => listener.call(thisArgs, event);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One failing listener must not keep the others from hearing the event.
        console.error(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
