import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { cacheFileName, loadCachedModule, type CodeCacheState } from '../../src/codeCache';

interface Bundle {
  readonly greet: (name: string) => string;
  readonly helperName: string;
  readonly where: string;
}

/**
 * boot.ts loads the extension's bundle through these functions: a real bundle on disk, a real V8
 * cache. The host test (test/host/codeCache.test.ts) checks that the host writes a cache its own V8
 * takes. What matters most here: a cache that is cut, damaged or refused is never run, and the bundle
 * then still loads.
 */
describe('code cache', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;
  const load = (into: string = cacheDir) => loadCachedModule<Bundle>(bundle, into, createRequire(bundle));
  const loadWithoutFolder = () => loadCachedModule<Bundle>(bundle, undefined, createRequire(bundle));
  const cacheFiles = () => readdirSync(cacheDir);
  const writeBundle = (greeting: string) =>
    writeFileSync(
      bundle,
      `"use strict";
const helper = require('./helper');
exports.greet = (name) => ${JSON.stringify(greeting)} + ', ' + name + helper.mark;
exports.helperName = helper.name;
exports.where = __dirname + '|' + __filename;
// Enough code for V8 to cache something worth the name.
${Array.from({ length: 50 }, (_, i) => `function f${i}(a) { return a.map((x) => x * ${i}).filter(Boolean); }`).join('\n')}
`,
    );

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-code-cache-'));
    bundle = path.join(dir, 'main.js');
    cacheDir = path.join(dir, 'storage', 'code-cache');
    writeFileSync(path.join(dir, 'helper.js'), "exports.name = 'helper'; exports.mark = '!';");
    writeBundle('Hello');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const assertWorks = (loaded: { exports: Bundle }) => {
    assert.equal(loaded.exports.greet('Ana'), 'Hello, Ana!');
    assert.equal(loaded.exports.helperName, 'helper', 'relative requires resolve from the bundle');
    assert.equal(loaded.exports.where, `${dir}|${bundle}`);
  };

  it('compiles without a cache the first time, writes one, and uses it the next time', async () => {
    const first = load();
    assert.equal(first.cache, 'missing');
    assertWorks(first);
    await first.save();
    assert.deepEqual(cacheFiles(), [path.basename(first.cacheFile!)]);
    assert.match(path.basename(first.cacheFile!), /^main-[0-9a-f]{16}\.v8cache$/);

    const second = load();
    assert.equal(second.cache, 'used');
    assertWorks(second);
    await second.save();
    assert.deepEqual(cacheFiles(), [path.basename(first.cacheFile!)], 'a used cache is not written again');
  });

  for (const [what, damage] of [
    ['one changed byte', (data: Buffer) => Buffer.concat([data.subarray(0, 40), Buffer.from([data[40] ^ 1]), data.subarray(41)])],
    ['a file cut short', (data: Buffer) => data.subarray(0, data.length >> 1)],
    ['a file shorter than its checksum', (data: Buffer) => data.subarray(0, 10)],
    ['an empty file', () => Buffer.alloc(0)],
  ] as const) {
    it(`ignores ${what}, loads the bundle anyway, and writes a good cache again`, async () => {
      const first = load();
      await first.save();
      writeFileSync(first.cacheFile!, damage(readFileSync(first.cacheFile!)));
      const damaged = load();
      assert.equal(damaged.cache, 'damaged');
      assertWorks(damaged);
      await damaged.save();
      assert.equal(load().cache, 'used');
    });
  }

  it('says when V8 refuses a well-formed cache, and writes a new one', async () => {
    // A checksum that matches, over code V8 made for another source: what a build of another V8
    // would look like to the checksum.
    const other = new vm.Script('(function () { return 1; })').createCachedData();
    const { createHash } = await import('node:crypto');
    const source = readFileSync(bundle, 'utf8');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(path.join(cacheDir, cacheFileName(bundle, source)), Buffer.concat([createHash('sha256').update(other).digest(), other]));
    const refused = load();
    assert.equal(refused.cache, 'rejected');
    assertWorks(refused);
    await refused.save();
    assert.equal(load().cache, 'used');
  });

  it('keys the cache by the bundle text: a new build misses, and its cache replaces the old one', async () => {
    const old = load();
    await old.save();
    writeBundle('Olá');
    const rebuilt = load();
    assert.equal(rebuilt.cache, 'missing');
    assert.equal(rebuilt.exports.greet('Ana'), 'Olá, Ana!');
    assert.notEqual(rebuilt.cacheFile, old.cacheFile);
    mkdirSync(path.join(cacheDir, 'unrelated'), { recursive: true });
    writeFileSync(path.join(cacheDir, 'analysis-0123456789abcdef.v8cache'), 'another bundle');
    await rebuilt.save();
    assert.deepEqual(cacheFiles().sort(), ['analysis-0123456789abcdef.v8cache', path.basename(rebuilt.cacheFile!), 'unrelated'].sort());
  });

  it('lets two windows save at once: one good file, nothing left half-written', async () => {
    const [a, b] = [load(), load()];
    await Promise.all([a.save(), b.save()]);
    assert.deepEqual(cacheFiles(), [path.basename(a.cacheFile!)]);
    assert.equal(load().cache, 'used');
  });

  it('without a folder, compiles as usual and writes nothing', async () => {
    const loaded = loadWithoutFolder();
    assert.equal(loaded.cache, 'off' satisfies CodeCacheState);
    assert.equal(loaded.cacheFile, undefined);
    assertWorks(loaded);
    await loaded.save();
    assert.deepEqual(readdirSync(dir).sort(), ['helper.js', 'main.js']);
  });

  it('treats a cache it cannot read as damaged, and fails to save where it cannot write', async () => {
    // A folder where the file should be: unreadable, and not replaceable by a rename.
    const blocked = load();
    mkdirSync(blocked.cacheFile!, { recursive: true });
    const unreadable = load();
    assert.equal(unreadable.cache, 'damaged');
    assertWorks(unreadable);
    await assert.rejects(unreadable.save());
    assert.deepEqual(cacheFiles(), [path.basename(blocked.cacheFile!)], 'no temporary file is left behind');
  });

  it('passes on what the bundle throws: a broken build is not hidden', () => {
    writeFileSync(bundle, "throw new Error('broken build');");
    assert.throws(() => load(), /broken build/);
  });
});
