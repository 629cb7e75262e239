import * as vscode from 'vscode';
import type { Profile } from '../core/profiles';
import { info, type CommandContext } from './context';
import { Commands } from './ids';

const MAX_LENGTH = 1024;

/** A client id or secret: one line of visible characters; what providers issue. */
function validate(value: string, what: string): string | undefined {
  if (value.trim() === '') return vscode.l10n.t('The {0} is required.', what);
  if (value !== value.trim()) return vscode.l10n.t('The {0} has spaces at the start or end: paste it without them.', what);
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return vscode.l10n.t('The {0} cannot contain spaces or line breaks.', what);
  if (value.length > MAX_LENGTH) return vscode.l10n.t('The {0} is longer than {1} characters.', what, MAX_LENGTH);
  return undefined;
}

/**
 * Asks for the client id and secret (password box for the secret, both kept open when focus moves
 * to copy from the provider's portal) and stores them in the keyring. True when stored.
 */
export async function promptCredentials(context: CommandContext, profile: Profile): Promise<boolean> {
  const current = (await context.tokens.ready(profile.id)).clientId;
  const idLabel = vscode.l10n.t('client ID');
  const secretLabel = vscode.l10n.t('client secret');
  const clientId = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: Client ID (1/2)', profile.label),
    prompt: vscode.l10n.t('The client ID of your app at {0}.', profile.label),
    value: current ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => validate(value, idLabel),
  });
  if (clientId === undefined) return false;
  const clientSecret = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: Client Secret (2/2)', profile.label),
    prompt: vscode.l10n.t('The client secret of the app. It is kept in the system keyring, never in settings.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => validate(value, secretLabel),
  });
  if (clientSecret === undefined) return false;
  const dropped = await context.tokens.setCredentials(profile.id, { clientId, clientSecret });
  const saved = dropped
    ? vscode.l10n.t('Client credentials for {0} saved in the system keyring. The tokens of the previous client ID were removed.', profile.label)
    : vscode.l10n.t('Client credentials for {0} saved in the system keyring.', profile.label);
  if (profile.grant === 'client_credentials') {
    const request = vscode.l10n.t('Request Token');
    void vscode.window.showInformationMessage(saved, request).then((choice) => {
      if (choice === request) void vscode.commands.executeCommand(Commands.requestClientCredentialsToken, profile.id);
    });
  } else {
    info(saved);
  }
  return true;
}
