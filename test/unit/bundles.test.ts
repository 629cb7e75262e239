import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The analysis engine (scanner, catalogue and its texts, jsonc-parser) is its own bundle,
 * dist/analysis.js, required through src/core/lazyAnalysis.ts on first use, and undici is
 * dist/net.js, required through src/core/oauth/transport.ts. These checks keep each out of the
 * bundles that require it: a second copy would cost activation time and could drift apart.
 */

const root = path.join(__dirname, '..', '..', '..');

/** The inputs esbuild puts into a bundle of `entry` built as esbuild.js builds the extension. */
async function bundleInputs(entry: string): Promise<{ inputs: string[]; text: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    mainFields: ['module', 'main'],
    external: ['vscode'],
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0].text };
}

/** What belongs to the engine only; catalog/types, lang and define are small and stateless. */
function engineFiles(inputs: readonly string[]): string[] {
  return inputs.filter((file) => file.includes('node_modules/jsonc-parser') || file.startsWith('src/core/scan/') || /^src\/core\/catalog\/(?!lang|define|types)/.test(file) || file === 'src/core/analysis.ts' || file === 'src/core/oauth/explain.ts');
}

describe('bundles', function () {
  this.timeout(30_000);

  for (const entry of ['src/extension.ts', 'src/cli/main.ts']) {
    it(`${entry} requires the analysis engine at run time instead of bundling it`, async () => {
      const { inputs, text } = await bundleInputs(entry);
      assert.deepEqual(engineFiles(inputs), []);
      assert.match(text, /require\(ANALYSIS_MODULE\)/);
    });
  }

  it('keeps undici out of a bundle of the oauth client (it requires ./net at run time)', async () => {
    const { inputs, text } = await bundleInputs('src/core/oauth/index.ts');
    assert.ok(!inputs.some((file) => file.includes('node_modules/undici')), 'undici was bundled');
    assert.ok(!inputs.some((file) => file.endsWith('oauth/net.ts')), 'net.ts was bundled');
    assert.match(text, /require\(NET_MODULE\)/);
  });

  it('dist/main.js, as built, requires vscode once (esbuild.js, vscodeOncePlugin)', function () {
    const file = path.join(root, 'dist', 'main.js');
    if (!existsSync(file)) this.skip();
    assert.equal(readFileSync(file, 'utf8').match(/require\("vscode"\)/g)?.length, 1);
  });

  it('dist/extension.js, what VS Code loads, is only boot.ts: no copy of the extension, no vscode', async () => {
    const { inputs, text } = await bundleInputs('src/boot.ts');
    assert.deepEqual(inputs.sort(), ['src/boot.ts', 'src/codeCache.ts']);
    assert.doesNotMatch(text, /require\("vscode"\)/);
  });

  it('dist/analysis.js, as built, scans and explains', function () {
    const file = path.join(root, 'dist', 'analysis.js');
    if (!existsSync(file)) this.skip();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const engine = require(file) as typeof import('../../src/core/analysis');
    const [finding] = engine.scan('{"error_type":"UNAUTHORIZED","error_message":"Invalid token."}').findings;
    assert.equal(finding.entry.code, 'rdstation/invalid-token');
    assert.ok(engine.explanation(finding, 'pt-BR').meaning.length > 0);
    assert.ok(engine.diagnosticMessage(finding, 'en').length > 0);
  });
});
