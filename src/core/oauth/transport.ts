/**
 * The lazy door to `net.ts`. The module name is a variable on purpose: esbuild leaves such a
 * `require` alone, so `dist/extension.js` loads `dist/net.js` (built from net.ts, next to it) on the
 * first network call instead of inlining undici; unbundled, it loads `./net.js` beside this file.
 */
import type { NetModule, NetRequest, NetResult } from './netTypes';

const NET_MODULE = './net';

let net: NetModule | undefined;

function loadNet(): NetModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  net ??= require(NET_MODULE) as NetModule;
  return net;
}

export function send(request: NetRequest): Promise<NetResult> {
  return loadNet().send(request);
}

/** True once the first network call loaded undici (activation must leave this false). */
export function isNetLoaded(): boolean {
  return net !== undefined;
}

/** Closes pooled connections, without loading undici just to do so. */
export async function closeNet(): Promise<void> {
  await net?.closeAll();
}
