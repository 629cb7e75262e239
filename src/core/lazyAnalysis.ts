/**
 * The lazy door to `analysis.ts`, built as its own file (`dist/analysis.js`). As in
 * `oauth/transport.ts`, the module name is a variable so that esbuild leaves the `require` alone:
 * bundled, it loads `dist/analysis.js` next to the bundle; unbundled, `./analysis.js` beside this file.
 * Everything else imports the engine's types only, so each bundle holds no copy of it.
 */
import type * as Analysis from './analysis';

export type AnalysisModule = typeof Analysis;

const ANALYSIS_MODULE = './analysis';

let loaded: AnalysisModule | undefined;

/** The engine, required on first use. */
export function analysis(): AnalysisModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(ANALYSIS_MODULE) as AnalysisModule;
  return loaded;
}
