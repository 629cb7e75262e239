import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

/**
 * The bundle users get: `node esbuild.js --production`, run in a scratch folder whose `src`,
 * `node_modules`, `package.json` and `tsconfig.json` link to the working copy, so the build is the
 * project's own and `dist/` of the working copy (a development build others may be watching) is
 * left alone.
 */

export const SIZE_TARGET_BYTES = 150_000;

export interface BundleResult {
  readonly dir: string;
  /** What activation loads: dist/extension.js (boot.ts) and dist/main.js, the extension it loads. */
  readonly extensionBytes: number;
  readonly bootBytes: number;
  readonly mainBytes: number;
  readonly netBytes: number;
  /** dist/analysis.js: the scanner and the catalogue, required on the first scan or hover. */
  readonly analysisBytes: number;
  /** Packages from node_modules inside what activation loads, with their bytes there. */
  readonly packagesInExtension: Readonly<Record<string, number>>;
  readonly undiciInExtension: boolean;
  /** dist/main.js requires dist/net.js (undici) at run time, on the first network call. */
  readonly netLoadedLazily: boolean;
  /** dist/main.js requires dist/analysis.js at run time and holds no copy of the scanner. */
  readonly analysisLoadedLazily: boolean;
  readonly largestInputs: readonly { readonly file: string; readonly bytes: number }[];
  readonly activationEvents: readonly string[];
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

export function buildProduction(scratch: string): BundleResult {
  const dir = path.join(scratch, 'production-build');
  mkdirSync(dir, { recursive: true });
  for (const name of ['src', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(path.join(repoRoot, name), path.join(dir, name));
  execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js'), '--production'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });

  const dist = path.join(dir, 'dist');
  const meta = JSON.parse(readFileSync(path.join(dist, 'meta.json'), 'utf8')) as Metafile;
  const loadedAtStart = ['dist/extension.js', 'dist/main.js'].map((name) => {
    const output = meta.outputs[name];
    if (!output) throw new Error(`dist/meta.json has no ${name}`);
    return output;
  });
  const packages: Record<string, number> = {};
  const inputs: { file: string; bytes: number }[] = [];
  for (const output of loadedAtStart) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const file = path.relative(repoRoot, path.resolve(dir, input));
      inputs.push({ file, bytes: bytesInOutput });
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      if (match) packages[match[1]] = (packages[match[1]] ?? 0) + bytesInOutput;
    }
  }
  inputs.sort((a, b) => b.bytes - a.bytes);
  const code = readFileSync(path.join(dist, 'main.js'), 'utf8');
  const bootBytes = statSync(path.join(dist, 'extension.js')).size;
  const mainBytes = statSync(path.join(dist, 'main.js')).size;
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { activationEvents?: string[] };
  return {
    dir,
    extensionBytes: bootBytes + mainBytes,
    bootBytes,
    mainBytes,
    netBytes: statSync(path.join(dist, 'net.js')).size,
    analysisBytes: existsSync(path.join(dist, 'analysis.js')) ? statSync(path.join(dist, 'analysis.js')).size : 0,
    packagesInExtension: packages,
    undiciInExtension: 'undici' in packages,
    // transport.ts requires the module through a variable, which esbuild leaves as a run-time require.
    netLoadedLazily: !('undici' in packages) && /["']\.\/net["']/.test(code),
    analysisLoadedLazily: !inputs.some((input) => input.file.startsWith('src/core/scan/')) && /["']\.\/analysis["']/.test(code),
    largestInputs: inputs.slice(0, 6),
    activationEvents: manifest.activationEvents ?? [],
  };
}
