import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scan } from '../../src/core/scan';

/**
 * The folder `npm run demo` opens: every response file in it shows something to hover and fix, and
 * START-HERE.md, the page a newcomer reads first, names every one of them.
 */

const workspace = path.resolve(__dirname, '../../../samples/demo-workspace');
const guide = 'START-HERE.md';
const samples = readdirSync(workspace, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(workspace, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  .filter((file) => file !== guide)
  .sort();

describe('the demo workspace (samples/demo-workspace)', () => {
  it('holds response files of every kind', () => {
    const kinds = new Set(samples.map((file) => path.extname(file)));
    for (const kind of ['.json', '.http', '.har', '.log']) assert.ok(kinds.has(kind), `no ${kind} sample`);
  });

  for (const file of samples) {
    it(`${file} has findings with a severity`, () => {
      const findings = scan(readFileSync(path.join(workspace, file), 'utf8')).findings.filter((finding) => finding.severity !== undefined);
      assert.ok(findings.length > 0, `${file}: nothing for the demo to show`);
    });
  }

  it(`${guide} names every sample file and no other`, () => {
    const text = readFileSync(path.join(workspace, guide), 'utf8');
    const named = [...text.matchAll(/`([\w-]+\/[\w.-]+\.\w+)`/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(named)].sort(), samples);
  });
});
