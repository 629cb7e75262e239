import * as path from 'node:path';
import { setExitCodeOnSignal, stopAll } from './cleanup';
import { startCodeServer } from './codeServer';
import { installDevExtension } from './devExtension';
import { say } from './log';
import { defaultWorkspace } from './paths';
import { ensureTools } from './tools';
import { quietSettings } from './userSettings';

/**
 * `npm start [-- <folder>]`: VS Code (code-server) on 127.0.0.1 with the working copy of Tokenwise
 * installed and a folder open, for trying the extension by hand. Open the printed URL in a browser;
 * Ctrl+C stops everything. After `npm run watch` rebuilds, "Developer: Reload Window" loads the new
 * build. TOKENWISE_PORT fixes the port (a free one otherwise), TOKENWISE_LOCALE sets the display
 * language (e.g. pt-br). Each start has a fresh profile: settings and stored secrets do not persist.
 */
async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? process.env.TOKENWISE_WORKSPACE ?? defaultWorkspace);
  const port = process.env.TOKENWISE_PORT ? Number(process.env.TOKENWISE_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`TOKENWISE_PORT is not a port: ${process.env.TOKENWISE_PORT}`);
  const tools = await ensureTools();
  setExitCodeOnSignal(0);
  const server = await startCodeServer(tools, {
    port,
    locale: process.env.TOKENWISE_LOCALE,
    settings: quietSettings,
    prepareExtensions: installDevExtension,
  });
  say(`VS Code ${process.env.TOKENWISE_LOCALE ? `(${process.env.TOKENWISE_LOCALE}) ` : ''}with Tokenwise is up. Open:`);
  process.stdout.write(`\n  ${server.workbenchUrl(folder)}\n\n`);
  say('it listens on 127.0.0.1 only (from another machine: ssh -L <port>:127.0.0.1:<port>). Ctrl+C stops it.');
  // Stays up until a signal: cleanup.ts stops the server and exits.
  await new Promise<never>(() => undefined);
}

main().catch(async (error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  await stopAll();
  process.exit(1);
});
