import { isBuiltin } from 'node:module';
import type { FileIndex } from './fileIndex.js';
import { type PackageInfo, type Packages, resolvePackageMap } from './packages.js';
import { joinPath } from './paths.js';
import { CONFIG_DIR, matchPaths, type PathsConfig, withConfigDir } from './tsconfigs.js';

/** Where a specifier leads: tracked files, or a whole package folder when its entry is not tracked (a build output). */
export interface Resolution {
  files: string[];
  folder?: string;
  /**
   * Set when the files were found by path alone: a bare specifier that names no package any
   * package.json declares is an alias of a bundler's or runner's config (Vite's `resolve.alias`,
   * jest's `moduleNameMapper`, `moduleDirectories`), which the graph does not read.
   */
  guessed?: true;
}

const NONE: Resolution = { files: [] };

// The order TypeScript and bundlers try; the first hit wins, like theirs.
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];
// `./x.js` in TypeScript source names `./x.ts` (and .jsx -> .tsx, .mjs -> .mts, .cjs -> .cts).
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
// Folders that hold build output; their sources are usually in `src/` or at the package root.
const QUERY = /[?#]/;
const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'types']);

export interface JsResolverInput {
  index: FileIndex;
  tsconfigs: (dir: string) => PathsConfig[];
  packages: Packages;
}

const FOLDER_SPEC = /(?:^|\/)\.{0,2}$/;
// Modules a framework provides at run time, in no file: SvelteKit's.
const RUNTIME_MODULES = /^\$(?:app|env|service-worker)(?:\/|$)/;
// How an alias usually starts: `@/`, `~/`, `~~/`, `@@/`, `#/`, `$lib`.
const SIGIL = /^(?:[@~#]{1,2}\/|[~$]\w)/;

export const createJsResolver = ({ index, tsconfigs, packages }: JsResolverInput) => {
  const { files, dirs } = index;

  /** A path as a module: the file, its TS source, with an extension, or a folder's index. */
  const probe = (base: string, depth = 0, folderOnly = false): string | null => {
    if (folderOnly) return probeFolder(base, depth);
    if (files.has(base)) return base;
    const dot = base.lastIndexOf('.');
    const mapped = dot > base.lastIndexOf('/') ? TS_FOR_JS[base.slice(dot)] : undefined;
    if (mapped) {
      for (const ts of mapped) {
        const candidate = base.slice(0, dot) + ts;
        if (files.has(candidate)) return candidate;
      }
    }
    for (const extension of EXTENSIONS) if (files.has(base + extension)) return base + extension;
    return probeFolder(base, depth);
  };

  /** A folder as a module: its package's entry, or its index. */
  const probeFolder = (base: string, depth: number): string | null => {
    if (!(base === '' || dirs.has(base)) || depth >= 2) return null;
    const pkg = packages.nearestPackage(base);
    if (pkg && pkg.dir === base) {
      const entry = packageEntry(pkg);
      if (entry.files.length > 0) return entry.files[0]!;
    }
    const prefix = base === '' ? '' : `${base}/`;
    for (const extension of EXTENSIONS)
      if (files.has(`${prefix}index${extension}`)) return `${prefix}index${extension}`;
    return null;
  };

  /** A package target (`./dist/x.js`) as a tracked file, falling back from build output to sources. */
  const probeTarget = (pkg: PackageInfo, target: string): string | null => {
    const path = joinPath(pkg.dir, target);
    if (path === null) return null;
    const hit = probe(path, 1);
    if (hit) return hit;
    const rel = path.slice(pkg.dir === '' ? 0 : pkg.dir.length + 1);
    const [first, ...rest] = rel.split('/');
    if (first === undefined || !BUILD_DIRS.has(first) || rest.length === 0) return null;
    const stem = rest.join('/').replace(/\.d\.[mc]?ts$|\.[mc]?jsx?$/, '');
    for (const root of ['src', '', 'lib']) {
      const candidate = joinPath(pkg.dir, root === '' ? stem : `${root}/${stem}`);
      const found = candidate === null ? null : probe(candidate, 1);
      if (found) return found;
    }
    return null;
  };

  const packageEntry = (pkg: PackageInfo, subpath = '.'): Resolution => {
    const json = pkg.json;
    const targets =
      json.exports !== undefined
        ? (resolvePackageMap(json.exports, subpath) ?? [])
        : subpath === '.'
          ? (['source', 'module', 'main', 'types', 'typings']
              .map((key) => json[key])
              .filter((v) => typeof v === 'string') as string[])
          : [subpath];
    const found = new Set<string>();
    for (const target of targets) {
      const hit = probeTarget(pkg, target);
      if (hit) found.add(hit);
    }
    if (found.size === 0 && subpath === '.') {
      for (const fallback of ['index', 'src/index']) {
        const hit = probe(joinPath(pkg.dir, fallback) ?? fallback, 1);
        if (hit) return { files: [hit] };
      }
    }
    // An entry that is not tracked (built output): the package as a whole, to select more rather than less.
    return found.size > 0
      ? { files: [...found] }
      : targets.length > 0 || subpath === '.'
        ? { files: [], folder: pkg.dir }
        : NONE;
  };

  const fromPaths = (spec: string, configs: PathsConfig[]): string[] => {
    const out = new Set<string>();
    for (const config of configs) {
      if (config.paths) {
        for (const target of matchPaths(config.paths, spec)) {
          const path = target.includes(CONFIG_DIR)
            ? withConfigDir(target, config.configDir)
            : joinPath(config.pathsBase, target);
          const hit = path === null ? null : probe(path);
          if (hit) out.add(hit);
        }
      }
      if (out.size === 0 && config.baseUrl !== null) {
        const path = joinPath(config.baseUrl, spec);
        const hit = path === null ? null : probe(path);
        if (hit) out.add(hit);
      }
    }
    return [...out];
  };

  // Name -> the folders holding a file or folder of that name (files also by their name without extension).
  let parentsByName: Map<string, string[]> | null = null;
  const parentsOf = (name: string): readonly string[] => {
    if (!parentsByName) {
      parentsByName = new Map();
      const add = (name: string, parent: string) => {
        const list = parentsByName!.get(name);
        if (!list) parentsByName!.set(name, [parent]);
        else if (list[list.length - 1] !== parent) list.push(parent);
      };
      for (const set of [files, dirs])
        for (const path of set) {
          const slash = path.lastIndexOf('/');
          const parent = slash < 0 ? '' : path.slice(0, slash);
          const base = path.slice(slash + 1);
          add(base, parent);
          const dot = base.indexOf('.', 1);
          if (set === files && dot > 0) add(base.slice(0, dot), parent);
        }
    }
    return parentsByName.get(name) ?? [];
  };
  /** The files that `tail` names as a module under any folder. */
  const underAnyFolder = (tail: string): string[] => {
    const first = tail.split('/', 1)[0]!;
    const dot = first.indexOf('.', 1);
    const parents = new Set(parentsOf(first));
    if (first === tail && dot > 0) for (const parent of parentsOf(first.slice(0, dot))) parents.add(parent);
    const hits = new Set<string>();
    for (const parent of parents) {
      const hit = probe(parent === '' ? tail : `${parent}/${tail}`);
      if (hit) hits.add(hit);
    }
    return [...hits];
  };
  /**
   * An alias (`@/lib/x`, `~utils`, `$lib/model`, `src/x` with jest's moduleDirectories): the longest
   * path it may stand for that some folder has: the whole specifier without the alias's sigil
   * (`lib/model`, `src/x`), or what follows its first segment, shorter and shorter. Of the files
   * found, those in the importer's own package (`dir`), when there are any: each app of a monorepo
   * has its own `@/`.
   */
  const guessAlias = (spec: string, dir: string): Resolution => {
    if (spec.includes(':') || !mayBeAlias(spec)) return NONE;
    const segments = spec.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
    const tails = segments.slice(1).map((_, k) => segments.slice(k + 1).join('/'));
    const named = segments.join('/').replace(/^[@~$#]+\/?/, '');
    if (named !== '' && !tails.includes(named)) tails.push(named);
    tails.sort((a, b) => b.split('/').length - a.split('/').length);
    const pkg = packages.nearestPackage(dir)?.dir ?? '';
    for (const tail of tails) {
      const hits = underAnyFolder(tail);
      if (hits.length === 0) continue;
      const own = pkg === '' ? [] : hits.filter((hit) => hit.startsWith(`${pkg}/`));
      return { files: own.length > 0 ? own : hits, guessed: true };
    }
    return NONE;
  };

  /**
   * Whether an undeclared bare specifier may be an alias rather than a package that comes another
   * way: a runtime's own modules (SvelteKit's `$app/*`, `$env/*`), a scope of a declared package
   * (`@jest/globals` with jest), or, in a repo with no package.json at all (Deno, scripts), any
   * package: then only a specifier that starts with an alias's sigil (`@/`, `~/`, `$lib/`).
   */
  const mayBeAlias = (spec: string): boolean => {
    if (RUNTIME_MODULES.test(spec)) return false;
    const scope = /^@([^/]+)\//.exec(spec)?.[1];
    if (scope !== undefined && (packages.declared.has(scope) || packages.scopes.has(scope))) return false;
    return packages.declared.size > 0 || packages.byName.size > 0 || SIGIL.test(spec);
  };

  /** A relative specifier's file, or null. */
  const probeRelative = (spec: string, dir: string): string | null => {
    const path = joinPath(dir, spec);
    // `'./utils/'`, `'.'`, `'..'`: the folder, never a file of the same name (`utils.ts`).
    return path === null ? null : probe(path, 0, FOLDER_SPEC.test(spec));
  };

  const resolveUncached = (spec: string, dir: string): Resolution => {
    if (
      spec.includes(':') &&
      (spec.startsWith('node:') || spec.startsWith('data:') || /^[a-z]+:\/\//i.test(spec))
    )
      return NONE;
    if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
      const hit = probeRelative(spec, dir);
      return hit ? { files: [hit] } : NONE;
    }
    if (spec.startsWith('/')) {
      // Root-relative, as Vite reads it.
      const hit = probe(joinPath('', spec) ?? '');
      return hit ? { files: [hit] } : NONE;
    }
    if (spec.startsWith('#')) {
      const pkg = packages.nearestPackage(dir);
      const targets = pkg ? resolvePackageMap(pkg.json.imports, spec) : null;
      if (pkg && targets) {
        const hits = targets.flatMap((target) => {
          if (!target.startsWith('.')) return resolve(target, pkg.dir).files;
          const hit = probeTarget(pkg, target);
          return hit ? [hit] : [];
        });
        return { files: [...new Set(hits)] };
      }
      // Not a package import: a tsconfig `paths` key may start with # too.
    }
    const aliased = fromPaths(spec, tsconfigs(dir));
    if (aliased.length > 0) return { files: aliased };
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const subpath = spec.length > name.length ? `.${spec.slice(name.length)}` : '.';
    const found = packages.byName.get(name);
    if (!found) return packages.declared.has(name) || isBuiltin(name) ? NONE : guessAlias(spec, dir);
    const files = new Set<string>();
    let folder: string | undefined;
    for (const pkg of found) {
      const entry = packageEntry(pkg, subpath);
      for (const file of entry.files) files.add(file);
      if (entry.files.length === 0 && entry.folder !== undefined) folder = entry.folder;
    }
    return files.size > 0 ? { files: [...files] } : folder !== undefined ? { files: [], folder } : NONE;
  };

  const cache = new Map<string, Resolution>();
  /** Resolves a specifier written in a file of folder `dir`. */
  const resolve = (rawSpec: string, dir: string): Resolution => {
    // Vite-style queries (`./x.svg?raw`) name the same file.
    const cut =
      rawSpec[0] === '#' || !(rawSpec.includes('?') || rawSpec.includes('#')) ? -1 : rawSpec.search(QUERY);
    const spec = cut < 0 ? rawSpec : rawSpec.slice(0, cut);
    // A relative specifier costs a few lookups: not worth a cache entry kept for the whole graph.
    if (spec.startsWith('./') || spec.startsWith('../')) return resolveUncached(spec, dir);
    const key = `${dir}\0${spec}`;
    let found = cache.get(key);
    if (!found) {
      found = resolveUncached(spec, dir);
      cache.set(key, found);
    }
    return found;
  };

  /**
   * What `resolve` makes of a plain relative specifier (`./x`, `../y/z.js`, no query), as the file
   * alone: null for none; undefined for any other specifier. The usual import, on every file of a
   * cold graph: without the record `resolve` returns, and its checks for other forms.
   */
  const resolveRelative = (spec: string, dir: string): string | null | undefined => {
    if (!(spec.startsWith('./') || spec.startsWith('../')) || spec.includes('?') || spec.includes('#'))
      return undefined;
    return probeRelative(spec, dir);
  };

  return { resolve, resolveRelative, probe };
};

export type JsResolver = ReturnType<typeof createJsResolver>;
