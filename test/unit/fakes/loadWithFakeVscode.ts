import Module from 'node:module';

/**
 * Loads modules that import `vscode` at run time with ./vscode.ts standing in for it. The stand-in
 * answers only while `load` runs: afterwards `require('vscode')` fails again as plain Node does, so
 * a core module that starts importing `vscode` by mistake still breaks its own unit tests.
 */
export function loadWithFakeVscode<T>(load: () => T): T {
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = loader._resolveFilename;
  const fake = require.resolve('./vscode');
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake : original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    loader._resolveFilename = original;
  }
}
