import * as vscode from 'vscode';
import type { TokenManager } from '../auth/tokenManager';
import { resolveLang } from '../core/catalog/lang';
import { Disposable } from '../util/lifecycle';

/**
 * Says once per window that the keyring cannot be used, with what to do: tokens are then neither
 * read nor stored, and nothing is quietly kept anywhere else instead.
 */
export class StorageProblemNotice extends Disposable {
  private shown = false;

  constructor(tokens: TokenManager, showLog: () => void) {
    super();
    const listener = this._register(
      tokens.onDidChange(({ profileId }) => {
        const problem = tokens.snapshot(profileId).problem;
        if (this.shown || problem?.kind !== 'storage') return;
        this.shown = true;
        listener.dispose();
        const log = vscode.l10n.t('Show Log');
        // The keyring's own message says what to do.
        void vscode.window.showErrorMessage(problem.message[resolveLang(vscode.env.language)], log).then((choice) => choice === log && showLog());
      }),
    );
  }
}
