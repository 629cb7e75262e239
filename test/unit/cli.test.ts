import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LintRecord } from '../../src/cli/lint';
import { main } from '../../src/cli/main';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures');
const expected: Record<string, string[]> = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8'));
const cli = path.join(root, 'dist/cli.js');

async function runInProcess(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

/** The built command, as CI pipelines run it. */
function runBinary(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: fixtures, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tokenwise lint', () => {
  for (const [file, codes] of Object.entries(expected)) {
    it(`reports ${codes.length ? codes.join(', ') : 'nothing'} in ${file}`, async () => {
      const { code, stdout } = await runInProcess(['lint', '--format', 'json', path.join(fixtures, file)]);
      const records: LintRecord[] = JSON.parse(stdout);
      assert.deepEqual(records.map((record) => record.code), codes);
      assert.equal(code, records.some((record) => record.severity === 'error') ? 1 : 0);
      for (const record of records) {
        assert.ok(['error', 'warning', 'information'].includes(record.severity));
        assert.ok(record.message.length > 0);
        const { start, end } = record.range;
        assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character));
      }
    });
  }

  const withError = Object.keys(expected).find((file) => expected[file].some((code) => /invalid-token|wrong-credentials/.test(code)));
  const clean = Object.keys(expected).find((file) => expected[file].length === 0);

  it('exits 1 on an error finding and 0 on a clean file (built binary)', () => {
    assert.ok(withError && clean, 'fixtures must include an auth error and a clean file');
    assert.equal(runBinary(['lint', clean]).code, 0);
    const result = runBinary(['lint', withError]);
    assert.equal(result.code, 1);
    // Text format: file:line:column: severity code: message — 1-based like compilers print.
    assert.match(result.stdout, new RegExp(`^${withError.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error rdstation/[a-z-]+: .+$`, 'm'));
  });

  it('fails on warnings too with --fail-on warning: a token stored in a file blocks a pre-commit hook', async () => {
    const stored = Object.keys(expected).find((file) => expected[file].length > 0 && expected[file].every((code) => code === 'token/stored-secret'));
    assert.ok(stored, 'fixtures must include a file whose only finding is a stored token');
    const file = path.join(fixtures, stored);
    assert.equal((await runInProcess(['lint', file])).code, 0, 'a warning alone passes by default');
    assert.equal((await runInProcess(['lint', '--fail-on', 'warning', file])).code, 1);
    assert.equal((await runInProcess(['lint', '--fail-on=information', file])).code, 1);
    assert.equal((await runInProcess(['lint', '--fail-on', 'error', file])).code, 0);
    assert.equal((await runInProcess(['lint', '--fail-on', 'warning', path.join(fixtures, clean!)])).code, 0);
    const bad = await runInProcess(['lint', '--fail-on', 'fatal', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on.*error\|warning\|information/);
  });

  it('exits 2 on an unreadable file, says which, and still lints the others', () => {
    const result = runBinary(['lint', '--format', 'json', 'no-such-file.json', withError!]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no-such-file\.json/);
    const records: LintRecord[] = JSON.parse(result.stdout);
    assert.ok(records.length > 0 && records.every((record) => record.file === withError));
  });

  it('exits 2 with a clear message on bad usage', async () => {
    for (const args of [['lint'], ['lint', '--format', 'xml', 'a.json'], ['lint', '--lang'], ['frobnicate'], ['lint', '--nope', 'a.json']]) {
      const result = await runInProcess(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^tokenwise: .+\n.*--help/, args.join(' '));
    }
  });

  it('speaks Brazilian Portuguese with --lang pt-BR or a Portuguese LANG', async () => {
    const file = path.join(fixtures, withError!);
    const english: LintRecord[] = JSON.parse((await runInProcess(['lint', '--format', 'json', '--lang', 'en', file])).stdout);
    const portuguese: LintRecord[] = JSON.parse((await runInProcess(['lint', '--format', 'json', '--lang', 'pt-BR', file])).stdout);
    const fromEnv: LintRecord[] = JSON.parse((await runInProcess(['lint', '--format', 'json', file], { LANG: 'pt_BR.UTF-8' })).stdout);
    assert.notEqual(portuguese[0].message, english[0].message);
    assert.equal(fromEnv[0].message, portuguese[0].message);
    const help = await runInProcess(['--help'], { LANG: 'pt_BR.UTF-8' });
    assert.match(help.stdout, /^Uso: tokenwise lint/);
  });
});
