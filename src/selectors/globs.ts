import { hashChecksum, readCacheFile, writeCacheFile } from './graph/cacheFile.js';

export type Matcher = (path: string) => boolean;

// Globs are compiled by picomatch once and kept as regular expressions in the git dir: loading
// and compiling picomatch costs more than the whole rest of a no-op commit (bench/noop.mjs).
const OPTIONS = { dot: true } as const;
const compiled = new Map<string, RegExp>();
let cacheFile: string | null = null;
let dirty = false;

const GLOB_CHARS = /[*?[\]{}()!+@]/;
const isLiteral = (glob: string) => !GLOB_CHARS.test(glob) && !glob.includes('\\');

type CacheData = Record<string, [source: string, flags: string]>;

// The format number changes whenever how a glob is compiled does, so old regexes are never reused.
// Checksummed like the other caches: a regex changed on disk, still valid, would match other files.
const MAGIC = `mlhooks-globs/${typeof __MLHOOKS_VERSION__ === 'string' ? __MLHOOKS_VERSION__ : 'dev'}.3`;

/** Uses (and later saves) the compiled globs in this file; a missing, stale or corrupt file is ignored. */
export const useGlobCache = (file: string | null): void => {
  cacheFile = file;
  if (!file) return;
  const { body } = readCacheFile(file, MAGIC, hashChecksum);
  if (body === null) return; // no cache yet, another version's, or corrupt: compile again
  try {
    for (const [glob, [source, flags]] of Object.entries(JSON.parse(body) as CacheData)) {
      if (!compiled.has(glob)) compiled.set(glob, new RegExp(source, flags));
    }
  } catch {
    compiled.clear();
  }
};

/** Writes newly compiled globs back to the cache file, if any were compiled. */
export const saveGlobCache = (): void => {
  if (!cacheFile || !dirty) return;
  const data: CacheData = {};
  for (const [glob, re] of compiled) data[glob] = [re.source, re.flags];
  // A cache we cannot write only costs speed.
  if (writeCacheFile(cacheFile, MAGIC, JSON.stringify(data), hashChecksum) === null) dirty = false;
};

const regexFor = (glob: string): RegExp => {
  let re = compiled.get(glob);
  if (!re) {
    // Loaded only on a cache miss; getBuiltinModule keeps node:module off the start-up path too.
    const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
    const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
    const made = picomatch.makeRe(glob, OPTIONS);
    // `s`: a file name may hold a line break (or U+2028), which `.` must match like any character.
    re = new RegExp(made.source, `${made.flags.replace('s', '')}s`);
    compiled.set(glob, re);
    dirty = true;
  }
  return re;
};

const never: Matcher = () => false;

/** Compiles globs (relative to the project root) into one matcher; dotfiles match too. */
export const compileGlobs = (globs: readonly string[]): Matcher => {
  if (globs.length === 0) return never;
  const literals = new Set(globs.filter(isLiteral));
  const patterns = globs.filter((glob) => !isLiteral(glob)).map(regexFor);
  return (path) => literals.has(path) || patterns.some((re) => re.test(path));
};

/** The first glob of a list that matches, to name it in a reason. */
export const firstMatchingGlob = (globs: readonly string[], path: string): string | undefined =>
  globs.find((glob) => compileGlobs([glob])(path));

/** The fixed folder a glob starts with (`models/pets/**` -> `models/pets/`), '' when it can match anywhere. */
export const globBase = (glob: string): string => {
  const magic = glob.search(/[*?[{(!]/);
  const fixed = magic < 0 ? glob : glob.slice(0, magic);
  return fixed.slice(0, fixed.lastIndexOf('/') + 1);
};

/**
 * Whether some glob may match a file in `folder` (a folder of files git does not have, like DVC
 * data): its segments match the folder's, one by one (or a `**` comes first), and it goes on below.
 */
export const mayMatchIn = (globs: readonly string[], folder: string): boolean => {
  const parts = folder.split('/');
  return globs.some((glob) => {
    const segments = glob.replace(/^(?:\.\/)+/, '').split('/');
    for (let k = 0; k < parts.length; k++) {
      if (segments[k] === '**') return true;
      if (k >= segments.length || !compileGlobs([segments[k]!])(parts[k]!)) return false;
    }
    return segments.length > parts.length;
  });
};
