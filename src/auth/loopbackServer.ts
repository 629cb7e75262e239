/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot HTTP server on 127.0.0.1 that receives the
 * provider's redirect at `/callback`, answers with a small page that says the tab can be closed, and
 * hands the query to the sign-in. No `vscode` here: the page's texts come from the caller.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackPage {
  readonly lang: string;
  readonly title: string;
  readonly body: string;
}

export interface LoopbackTexts {
  /** The page for a redirect that reached the server (success or a provider error: VS Code says which). */
  readonly received: LoopbackPage;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/callback`: the redirect URI to send to the provider. */
  readonly redirectUri: string;
  /** Every redirect that reaches `/callback`, as the full URL; the sign-in decides what it means. */
  onCallback(listener: (url: string) => void): void;
  close(): Promise<void>;
}

export const LOOPBACK_PATH = '/callback';

/** Starts the server on `port` (0: any free one). Only GET /callback is answered; everything else is a 404. */
export function startLoopbackServer(texts: LoopbackTexts, port = 0): Promise<LoopbackServer> {
  const listeners: ((url: string) => void)[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== LOOPBACK_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The page runs no script and loads nothing: the query (with the code) goes nowhere else.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'referrer-policy': 'no-referrer',
      })
      .end(page(texts.received));
    for (const listener of listeners) listener(`http://127.0.0.1:${port}${request.url ?? ''}`);
  });
  // Sockets kept alive by the browser must not hold the sign-in open after it ended.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        redirectUri: `http://127.0.0.1:${port}${LOOPBACK_PATH}`,
        onCallback: (listener) => listeners.push(listener),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function page(text: LoopbackPage): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(text.lang)}">
<head><meta charset="utf-8"><title>${escapeHtml(text.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5}</style></head>
<body><h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.body)}</p></body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
