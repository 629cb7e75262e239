import { runTestsIn } from '../host/index';

/**
 * The bootstrap of the installed-package smoke test (`npm run test:vsix`, runVsixTests.ts): the
 * `*.test.js` files of this folder, with the host tests' mocha setup.
 */
export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
