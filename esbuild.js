// Bundles the extension and the CLI. `--production` minifies, `--watch` rebuilds and prints the
// lines the `$esbuild-watch` problem matcher reads. A metafile is written for the bundle-size check.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints the start and end markers of the `$esbuild-watch` problem matcher. */
const watchMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * One `require('vscode')` for the whole bundle. Each `import * as vscode from 'vscode'` of an external
 * module becomes its own `__toESM(require('vscode'))`, which copies every property of the API object
 * into a new namespace, and the extension host resolves every such `require` again: 26 times, a few
 * milliseconds of each activation (measured with a CPU profile of the real host). Here every import of
 * `vscode` is served by one internal module that re-exports the API once.
 */
const vscodeOncePlugin = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /^vscode$/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // jsonc-parser's `main` is a UMD build that breaks once bundled; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  external: ['vscode'],
  logLevel: 'warning',
  metafile: true,
  plugins: [vscodeOncePlugin, ...(watch ? [watchMatcherPlugin] : [])],
};

const entries = [
  // What VS Code loads: a small file that loads the extension (dist/main.js) through a V8 code cache.
  { entryPoints: ['src/boot.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/extension.ts'], outfile: 'dist/main.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // undici lives in its own file, required on the first network call, so activation never pays for it.
  { entryPoints: ['src/core/oauth/net.ts'], outfile: 'dist/net.js' },
  // The scanner and the catalogue with all its texts, required on the first scan, hover or error answer
  // (src/core/lazyAnalysis.ts), so activation neither compiles them nor builds the catalogue's tables.
  { entryPoints: ['src/core/analysis.ts'], outfile: 'dist/analysis.js' },
].filter((entry) => fs.existsSync(entry.entryPoints[0]));

async function main() {
  fs.mkdirSync('dist', { recursive: true });
  const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const metafiles = {};
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    Object.assign(metafiles, result.metafile.outputs);
    await ctx.dispose();
  }
  fs.writeFileSync(path.join('dist', 'meta.json'), JSON.stringify({ outputs: metafiles }, null, 1));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
