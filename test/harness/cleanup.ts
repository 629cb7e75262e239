import { say } from './log';

/**
 * Everything the harness starts registers here, so that it is ended however the run ends: normally,
 * on an error, on Ctrl+C (SIGINT), on SIGTERM/SIGHUP, or on `process.exit`.
 */
export interface Resource {
  /** Graceful stop, awaited on the normal paths. */
  stop(): Promise<void>;
  /** Synchronous last resort, for `process.on('exit')` where nothing can be awaited. */
  kill(): void;
}

const resources = new Set<Resource>();
let signalsHooked = false;
/** Ctrl+C is how `npm start` is meant to end: it may ask for a clean exit code instead of 130. */
let exitCodeOnSignal: number | undefined;

export function setExitCodeOnSignal(code: number): void {
  exitCodeOnSignal = code;
}

export function track(resource: Resource): Resource {
  hookSignals();
  resources.add(resource);
  return resource;
}

export function untrack(resource: Resource): void {
  resources.delete(resource);
}

/** Stops every tracked resource, newest first (the browser before the server it talks to). */
export async function stopAll(): Promise<void> {
  for (const resource of [...resources].reverse()) {
    try {
      await resource.stop(); // stop() is shared: a stop already under way is waited for
    } catch (error) {
      say(`cleanup: ${String(error)}`);
      resource.kill();
    } finally {
      resources.delete(resource);
    }
  }
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, signalCode: number) => {
    // One Ctrl+C often arrives twice (from the terminal, and forwarded by @vscode/test-electron's
    // runTests): later signals do not cut the graceful stop short; a deadline bounds it instead.
    if (stopping) return;
    stopping = true;
    const code = exitCodeOnSignal ?? signalCode;
    say(`${signal} received: stopping what the harness started`);
    setTimeout(() => process.exit(code), 15_000).unref();
    void stopAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const resource of resources) resource.kill();
  });
}
