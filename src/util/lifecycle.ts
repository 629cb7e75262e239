import type * as vscode from 'vscode';

/**
 * Owns disposables: every object that registers listeners or providers extends this and hands
 * what it creates to `_register`, so disposing the owner disposes everything it made.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly _disposables: vscode.Disposable[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this._isDisposed) {
      disposable.dispose();
    } else {
      this._disposables.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    // Last registered, first disposed: later objects may depend on earlier ones.
    for (const disposable of this._disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }
}
