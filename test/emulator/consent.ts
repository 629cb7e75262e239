/** The consent page of the authorize endpoints. Every reflected value is escaped. */
import { escapeHtml, html, redirect, type Reply } from './http';

export interface ConsentRequest {
  readonly action: string; // where the form posts its decision
  readonly appName: string;
  readonly redirectUri: string;
  /** Hidden fields carried to the decision (client_id, redirect_uri, state, PKCE…). */
  readonly fields: Record<string, string>;
}

export function consentPage(request: ConsentRequest): Reply {
  const hidden = Object.entries(request.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  return html(
    200,
    `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Authorize ${escapeHtml(request.appName)} — Tokenwise API emulator</title>
  <style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}code{word-break:break-all}</style>
</head>
<body>
  <h1>Authorize <em>${escapeHtml(request.appName)}</em>?</h1>
  <p>This is the Tokenwise API emulator, not the real service. Approving sends an authorization code to:</p>
  <p><code>${escapeHtml(request.redirectUri)}</code></p>
  <form method="post" action="${escapeHtml(relativeAction(request.action))}">
      ${hidden}
      <button type="submit" name="decision" value="approve" id="approve">Approve</button>
      <button type="submit" name="decision" value="deny" id="deny">Deny</button>
  </form>
</body>
</html>
`,
  );
}

/**
 * The form's target relative to the page (`/auth/dialog` → `dialog`), so that the page also works
 * behind a path prefix: code-server's openExternal turns a localhost URL into its own port proxy,
 * `http://127.0.0.1:<code-server port>/proxy/<emulator port>/auth/dialog?…`, where an absolute
 * `/auth/dialog` would post to code-server itself.
 */
function relativeAction(action: string): string {
  return action.slice(action.lastIndexOf('/') + 1) || './';
}

/** The redirect back to the client, keeping any query the registered callback URL already has. */
export function callbackRedirect(redirectUri: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return redirect(url.toString());
}

export function denied(redirectUri: string, state: string | undefined): Reply {
  return callbackRedirect(redirectUri, {
    error: 'access_denied',
    error_description: 'The user denied the authorization request.',
    state,
  });
}
