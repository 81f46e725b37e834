// V8's code cache for the CLI's own files: a run loads the bytecode an earlier run compiled instead
// of parsing and compiling its bundle again (bench/noop.mjs: a no-op commit ~3 ms faster). Node 22
// has this built in (`module.enableCompileCache`); on Node 20 the CommonJS loader's `_compile` is
// wrapped for the files of this folder only, as Node 22 does it: the cache is made after the run,
// so it holds the functions the run compiled lazily too, not only the top level (which is all the
// v8-compile-cache package gets: measured slower than none here).
//
// The cache is a folder per user under the temp dir, used only when it is theirs alone, one file
// per bundle file, named by its size and modification time; V8 checks its own version, flags and
// the source's length, and rejects anything else (then the file is made again). Nothing here may
// fail a run: any problem means compiling as usual. MLHOOKS_COMPILE_CACHE=0 turns it off.

import type { Script } from 'node:vm';
import { hash64 } from './selectors/graph/hash.js';

type Compile = (this: NodeJS.Module, content: string, filename: string, ...rest: unknown[]) => unknown;

const builtin = <T>(id: string): T => process.getBuiltinModule(id) as T;

/**
 * This user's cache folder for the files of `root` (each install has its own: a run clears what
 * its build no longer has), made if need be; null when it is not theirs alone (another user made
 * it, or anyone may write to it).
 */
const cacheFolder = (root: string): string | null => {
  const fs = builtin<typeof import('node:fs')>('node:fs');
  const { tmpdir } = builtin<typeof import('node:os')>('node:os');
  const { join } = builtin<typeof import('node:path')>('node:path');
  const uid = process.getuid?.();
  const mine = join(tmpdir(), `mlhooks-compile-cache-${uid ?? 'user'}`);
  const dir = join(mine, `${hash64(root)}-${process.versions.v8}`);
  try {
    // Each folder checked before anything is made in it; made only when missing (a first run).
    for (const folder of [mine, dir]) {
      let stat = fs.lstatSync(folder, { throwIfNoEntry: false });
      if (!stat) {
        fs.mkdirSync(folder, { mode: 0o700 });
        stat = fs.lstatSync(folder);
      }
      // (Windows has no uid and no such modes: its temp dir is the user's own.)
      if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)))
        return null;
    }
    return dir;
  } catch {
    return null;
  }
};

/**
 * The end of a file that must be compiled as usual: it calls import() (scripts/build.mjs), which a
 * script made from a code cache cannot do on Node 20 (and one made here has no way to, either).
 */
const NO_CODE_CACHE = '//# mlhooks-no-code-cache\n';

/** Writes the cache of the files this thread compiled without one: set by `enableCompileCache`. */
let save: (() => void) | null = null;

/**
 * Writes the cache of the files this thread loaded that had none (or a stale one): once the run
 * has done its work, so that it holds what the run compiled. Nothing when it is off.
 */
export const saveCompileCache = (): void => save?.();

/**
 * Turns the code cache on for the CommonJS files of `root` (the CLI's dist folder) that this thread
 * loads from now on.
 */
export const enableCompileCache = (root: string): void => {
  const env = process.env;
  if (save || env.MLHOOKS_COMPILE_CACHE === '0' || env.NODE_DISABLE_COMPILE_CACHE) return;
  // What this needs of the module loader, Node 20's internals and Node 22's cache included.
  const Module = builtin<{
    enableCompileCache?: () => unknown;
    wrapper: [string, string];
    createRequire: typeof import('node:module').createRequire;
    prototype: { _compile: Compile };
  }>('node:module');
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache();
    } catch {}
    return;
  }
  const dir = cacheFolder(root);
  if (!dir) return;
  const fs = builtin<typeof import('node:fs')>('node:fs');
  const { join, basename, dirname, sep } = builtin<typeof import('node:path')>('node:path');
  const vm = builtin<typeof import('node:vm')>('node:vm');
  const { threadId } = builtin<typeof import('node:worker_threads')>('node:worker_threads');
  const [head, tail] = Module.wrapper;
  const inRoot = root.endsWith(sep) ? root : root + sep;
  const original = Module.prototype._compile;
  const unsaved: { file: string; script: Script }[] = [];
  Module.prototype._compile = function (content, filename, ...rest) {
    if (!filename.startsWith(inRoot) || !filename.endsWith('.cjs') || content.endsWith(NO_CODE_CACHE))
      return original.call(this, content, filename, ...rest);
    let file: string | null = null;
    let cachedData: Buffer | undefined;
    try {
      const { size, mtimeMs } = fs.statSync(filename);
      file = join(dir, `${basename(filename)}-${size}-${Math.trunc(mtimeMs)}`);
      cachedData = fs.readFileSync(file);
    } catch {}
    // A script cannot start with `#!` after the wrapper: the same length, as a comment.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(head + source + tail, {
      filename,
      cachedData,
      columnOffset: -head.length,
    });
    if (file && (cachedData === undefined || script.cachedDataRejected)) unsaved.push({ file, script });
    const wrapped = script.runInThisContext() as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return wrapped.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  save = () => {
    if (unsaved.length === 0) return;
    for (const { file, script } of unsaved.splice(0)) {
      const temp = `${file}.${process.pid}-${threadId}.tmp`;
      try {
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        try {
          fs.rmSync(temp, { force: true });
        } catch {}
      }
    }
    // Files of builds that are gone (another size, time or chunk name) go with the first run of a new one.
    try {
      const current = new Set(
        fs.readdirSync(root).flatMap((name) => {
          if (!name.endsWith('.cjs')) return [];
          const { size, mtimeMs } = fs.statSync(join(root, name));
          return [`${name}-${size}-${Math.trunc(mtimeMs)}`];
        }),
      );
      for (const name of fs.readdirSync(dir)) {
        if (current.has(name)) continue;
        // Another thread's or process's file being written is left to it (a minute is plenty).
        if (name.endsWith('.tmp') && Date.now() - fs.statSync(join(dir, name)).mtimeMs < 60_000) continue;
        fs.rmSync(join(dir, name), { force: true });
      }
    } catch {}
  };
};
