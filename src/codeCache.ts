import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Loads a CommonJS bundle through a V8 code cache kept in a folder of its own, the way Node's
 * `module.enableCompileCache()` does for a whole process, but for one file: that call would also
 * cache every other extension of the shared extension host.
 *
 * Why: compiling `dist/main.js` and the functions activation runs is most of what activation costs
 * (a V8 profile of the real host: 3.5 ms of compile for the bundle alone, out of 15 ms). With the
 * cache, V8 reads bytecode instead.
 *
 * The cache file's name holds a hash of the bundle and the V8 version, because V8 itself only checks
 * the source's length. Its content starts with a SHA-256 of the rest, because a release V8 does not
 * check the checksum of what it reads: a cut or damaged file must be refused here, never run.
 */

/** What happened to the cache when the bundle was loaded. */
export type CodeCacheState =
  /** V8 took the cached code. */
  | 'used'
  /** There was none for this bundle and this V8 (first start, or an update). */
  | 'missing'
  /** The file was cut, damaged or unreadable: it was ignored. */
  | 'damaged'
  /** V8 refused it (another V8 build or flags). */
  | 'rejected'
  /** No folder to keep it in: the bundle was compiled as usual. */
  | 'off';

export interface CachedModule<T> {
  readonly exports: T;
  readonly cache: CodeCacheState;
  /** The cache file for this bundle; undefined when the cache is off. */
  readonly cacheFile: string | undefined;
  /**
   * Writes the cache, with every function compiled so far, unless V8 used it; removes the files of
   * earlier bundles. Atomic: a window starting meanwhile reads the old file or the new one.
   */
  save(): Promise<void>;
}

const DIGEST_BYTES = 32;
const CACHE_EXTENSION = '.v8cache';

/** Node's own module wrapper: the bundle sees the same five names as when `require` loads it. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

function digest(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** The cache's file name for this bundle text and this V8. */
export function cacheFileName(file: string, source: string): string {
  const key = createHash('sha256').update(process.versions.v8).update('\0').update(process.arch).update('\0').update(source).digest('hex');
  return `${path.basename(file, '.js')}-${key.slice(0, 16)}${CACHE_EXTENSION}`;
}

/** The cached code in `cacheFile`, or why there is none. */
function readCache(cacheFile: string): { data?: Buffer; state: CodeCacheState } {
  let content: Buffer;
  try {
    content = fs.readFileSync(cacheFile);
  } catch (error) {
    return { state: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'damaged' };
  }
  const data = content.subarray(DIGEST_BYTES);
  if (content.length <= DIGEST_BYTES || !digest(data).equals(content.subarray(0, DIGEST_BYTES))) return { state: 'damaged' };
  return { data, state: 'used' };
}

/**
 * Loads `file` as a CommonJS module whose `require` is `requireFn` (so that relative paths and the
 * host's `vscode` module resolve as they would for the caller), through the cache in `cacheDir`.
 */
export function loadCachedModule<T>(file: string, cacheDir: string | undefined, requireFn: NodeJS.Require): CachedModule<T> {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, cacheFileName(file, source));
  const read = cacheFile === undefined ? { state: 'off' as const } : readCache(cacheFile);
  const script = new vm.Script(wrap(source), { filename: file, ...(read.data ? { cachedData: read.data } : {}) });
  const state: CodeCacheState = read.data && script.cachedDataRejected ? 'rejected' : read.state;
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, requireFn, module, file, path.dirname(file));
  return {
    exports: module.exports,
    cache: state,
    cacheFile,
    save: async () => {
      if (cacheFile === undefined || state === 'used') return;
      const data = script.createCachedData();
      await fs.promises.mkdir(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${randomUUID()}.tmp`;
      try {
        await fs.promises.writeFile(temporary, Buffer.concat([digest(data), data]));
        await fs.promises.rename(temporary, cacheFile);
      } finally {
        await fs.promises.rm(temporary, { force: true });
      }
      await removeOtherCaches(cacheFile);
    },
  };
}

/** The caches of earlier bundles of the same file (or of another V8): never read again. */
async function removeOtherCaches(cacheFile: string): Promise<void> {
  const dir = path.dirname(cacheFile);
  const prefix = `${path.basename(cacheFile).replace(/-[0-9a-f]+\.v8cache$/, '')}-`;
  for (const name of await fs.promises.readdir(dir)) {
    if (name !== path.basename(cacheFile) && name.startsWith(prefix) && name.endsWith(CACHE_EXTENSION)) {
      await fs.promises.rm(path.join(dir, name), { force: true });
    }
  }
}
