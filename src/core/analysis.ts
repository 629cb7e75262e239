/**
 * The analysis engine as one separate bundle, `dist/analysis.js`: the scanner, the error catalogue
 * with its texts in every language, and the explanation of token endpoint errors. The extension and
 * the CLI reach it only through `lazyAnalysis.ts`, which requires it on the first scan, hover or
 * error answer, so activation neither compiles nor builds the catalogue. Only plain data crosses
 * this interface (findings and frozen catalogue entries): no classes, no state shared with the caller.
 */
export { scan } from './scan';
export { diagnosticMessage, explanation } from './catalog';
export { explainResponse } from './oauth/explain';
