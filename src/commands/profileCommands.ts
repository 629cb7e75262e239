import * as vscode from 'vscode';
import { addProfileSetting, setActiveProfileSetting } from '../config';
import { validateProfile, type ProfileSettings } from '../core/profiles';
import { displayLang, type CommandContext } from './context';
import { Commands } from './ids';
import { activeProfile, statusView } from '../ui/tokenStatusView';

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export async function switchActiveProfile(context: CommandContext, argument: unknown): Promise<void> {
  let profileId = typeof argument === 'string' && argument !== '' ? argument : undefined;
  if (profileId === undefined) {
    const active = activeProfile(context.profiles, context.tokens);
    const now = Date.now();
    const items = context.profiles.all().map((profile) => {
      const view = statusView(profile, context.tokens.snapshot(profile.id), now);
      return { label: `$(${view.icon}) ${profile.label}`, description: profile.id === active.id ? vscode.l10n.t('active') : profile.id, detail: view.sentence, id: profile.id };
    });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch Active Profile'), placeHolder: vscode.l10n.t('The profile the status bar shows') });
    if (!picked) return;
    profileId = picked.id;
  }
  const profile = context.profiles.get(profileId);
  if (!profile) throw new Error(vscode.l10n.t('There is no Tokenwise profile "{0}".', profileId));
  await setActiveProfileSetting(profile.id);
}

/**
 * Adds a custom profile to the user's `tokenwise.profiles` (never a secret: credentials are asked
 * for afterwards and go to the keyring). A complete settings object as argument skips the questions.
 */
export async function addProfile(context: CommandContext, argument: unknown): Promise<void> {
  const settings = argument && typeof argument === 'object' ? (argument as ProfileSettings) : await askProfile(context, typeof argument === 'string' ? argument : '');
  if (!settings) return;
  if (context.profiles.get(settings.id)) throw new Error(vscode.l10n.t('A profile with the id "{0}" exists already.', settings.id));
  const result = validateProfile(settings);
  if ('errors' in result) {
    const lang = displayLang();
    throw new Error(result.errors.map((error) => `${error.path}: ${error.message[lang]}`).join(' '));
  }
  await addProfileSetting(settings as unknown as Record<string, unknown>);
  const setCredentials = vscode.l10n.t('Set Client Credentials');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Profile {0} added to your user settings. Set its client credentials to use it.', result.profile.label), setCredentials)
    .then((choice) => {
      if (choice === setCredentials) void vscode.commands.executeCommand(Commands.setClientCredentials, result.profile.id);
    });
}

/** The questions: id, label, grant, endpoints, body encoding, scopes. Undefined when dismissed. */
async function askProfile(context: CommandContext, initialId: string): Promise<ProfileSettings | undefined> {
  const lang = displayLang();
  /** The messages settings validation gives for one field of a candidate profile. */
  const fieldErrors = (raw: Record<string, unknown>, field: string): string | undefined => {
    const check = validateProfile(raw);
    const messages = 'errors' in check ? check.errors.filter((error) => error.path === field || error.path.startsWith(`${field}[`)).map((error) => error.message[lang]) : [];
    return messages.length ? messages.join(' ') : undefined;
  };
  let steps = 6;
  const title = (step: number) => vscode.l10n.t('Add API Profile ({0}/{1})', step, steps);
  const id = await vscode.window.showInputBox({
    title: title(1),
    prompt: vscode.l10n.t('An id for the profile: lowercase letters, digits, ".", "_" or "-".'),
    value: initialId,
    ignoreFocusOut: true,
    validateInput: (value) =>
      !ID.test(value)
        ? vscode.l10n.t('Use 1 to 64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.')
        : context.profiles.get(value)
          ? vscode.l10n.t('A profile with the id "{0}" exists already.', value)
          : undefined,
  });
  if (id === undefined) return undefined;
  const label = await vscode.window.showInputBox({ title: title(2), prompt: vscode.l10n.t('A name to show for it.'), value: id, ignoreFocusOut: true });
  if (label === undefined) return undefined;
  const grant = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Authorization code'), description: 'authorization_code', detail: vscode.l10n.t('A user signs in in the browser (with PKCE).'), value: 'authorization_code' as const },
      { label: vscode.l10n.t('Client credentials'), description: 'client_credentials', detail: vscode.l10n.t('The app itself gets tokens with its client ID and secret.'), value: 'client_credentials' as const },
    ],
    { title: title(3), placeHolder: vscode.l10n.t('How does this API hand out tokens?'), ignoreFocusOut: true },
  );
  if (!grant) return undefined;
  if (grant.value === 'authorization_code') steps = 7;
  const tokenUrl = await vscode.window.showInputBox({
    title: title(4),
    prompt: vscode.l10n.t('The token endpoint URL.'),
    placeHolder: 'https://',
    ignoreFocusOut: true,
    validateInput: (value) => fieldErrors({ id, grant: 'client_credentials', tokenUrl: value }, 'tokenUrl'),
  });
  if (tokenUrl === undefined) return undefined;
  let authorizeUrl: string | undefined;
  if (grant.value === 'authorization_code') {
    authorizeUrl = await vscode.window.showInputBox({
      title: title(5),
      prompt: vscode.l10n.t('The authorization endpoint URL (where the user signs in).'),
      placeHolder: 'https://',
      ignoreFocusOut: true,
      validateInput: (value) => fieldErrors({ id, grant: 'authorization_code', tokenUrl, authorizeUrl: value }, 'authorizeUrl'),
    });
    if (authorizeUrl === undefined) return undefined;
  }
  const encoding = await vscode.window.showQuickPick(
    [
      { label: 'form', description: 'application/x-www-form-urlencoded', detail: vscode.l10n.t('What RFC 6749 asks for; most servers.'), value: 'form' as const },
      { label: 'json', description: 'application/json', detail: vscode.l10n.t('For servers that only take JSON bodies.'), value: 'json' as const },
    ],
    { title: title(steps - 1), placeHolder: vscode.l10n.t('How are token requests encoded?'), ignoreFocusOut: true },
  );
  if (!encoding) return undefined;
  const scopes = await vscode.window.showInputBox({
    title: title(steps),
    prompt: vscode.l10n.t('Scopes to request, separated by spaces (optional).'),
    ignoreFocusOut: true,
    validateInput: (value) => fieldErrors({ id, grant: 'client_credentials', tokenUrl, scopes: value.split(/\s+/).filter(Boolean) }, 'scopes'),
  });
  if (scopes === undefined) return undefined;
  const scopeList = scopes.split(/\s+/).filter(Boolean);
  return {
    id,
    ...(label.trim() && label.trim() !== id ? { label: label.trim() } : {}),
    grant: grant.value,
    tokenUrl: tokenUrl.trim(),
    ...(authorizeUrl ? { authorizeUrl: authorizeUrl.trim() } : {}),
    bodyEncoding: encoding.value,
    ...(scopeList.length ? { scopes: scopeList } : {}),
  };
}

export function showLog(context: CommandContext): void {
  context.log.show();
}
