import type { FileIndex } from './fileIndex.js';
import { baseOf, dirOf } from './paths.js';

const under = (root: string, rel: string) => (root === '' ? rel : `${root}/${rel}`);
const NOT_EXPORTED = /^(?:test_.*|.*_test|conftest|setup)\.py$/;

/**
 * Resolves Python imports against the tracked files: `import a.b.c` runs `a/__init__.py`,
 * `a/b/__init__.py` and loads `a/b/c/__init__.py` (a package comes first) or `a/b/c.py`;
 * `from x import y` may load the submodule `x/y.py`. Every root where the module exists counts
 * (select more); when no known root has it, any folder that holds a top-level package or module of
 * that name does.
 */
export const createPythonResolver = (index: FileIndex, roots: readonly string[]) => {
  const { files, dirs } = index;

  // A package shadows a module of the same name (Python's finder looks for the folder first).
  const moduleFile = (path: string): string | null =>
    files.has(`${path}/__init__.py`)
      ? `${path}/__init__.py`
      : files.has(`${path}.py`)
        ? `${path}.py`
        : files.has(`${path}.pyi`)
          ? `${path}.pyi`
          : null;
  const exists = (path: string) => moduleFile(path) !== null || dirs.has(path);

  // The folders from which a file's own folder is importable: the first one up without an __init__.py
  // (pytest's rootdir insertion, and a script's own folder).
  const baseDir = (file: string): string => {
    let dir = dirOf(file);
    while (dir !== '' && files.has(`${dir}/__init__.py`)) dir = dirOf(dir);
    return dir;
  };

  // Folders a name could be imported from, for layouts no config describes: the parent of every
  // module and of every folder that holds Python files (regular or namespace packages).
  let topLevel: Map<string, Set<string>> | null = null;
  const candidatesFor = (name: string): string[] => {
    if (!topLevel) {
      const found = new Map<string, Set<string>>();
      const add = (path: string) => {
        const key = baseOf(path).replace(/\.pyi?$/, '');
        const roots = found.get(key) ?? new Set();
        roots.add(dirOf(path));
        found.set(key, roots);
      };
      const seenDirs = new Set<string>();
      for (const file of files) {
        if (!/\.pyi?$/.test(file)) continue;
        if (baseOf(file) !== '__init__.py') add(file);
        for (let dir = dirOf(file); dir !== '' && !seenDirs.has(dir); dir = dirOf(dir)) {
          seenDirs.add(dir);
          add(dir);
        }
      }
      topLevel = found;
    }
    return [...(topLevel.get(name) ?? [])];
  };

  /** Files that running `import <dotted>` from `root` executes: each package's __init__.py, then the module. */
  const chain = (root: string, dotted: string, names: readonly string[], out: Set<string>) => {
    const parts = dotted.split('.');
    let path = root;
    for (let i = 0; i < parts.length; i++) {
      path = under(path, parts[i]!);
      const file = moduleFile(path);
      if (file) out.add(file);
    }
    for (const name of names) {
      if (name === '*') {
        for (const sub of submodulesOf(path)) out.add(sub);
        continue;
      }
      const file = moduleFile(under(path, name));
      if (file) out.add(file);
    }
  };

  // A package's modules and subpackages, by its folder, made on the first `from pkg import *`.
  let children: Map<string, string[]> | null = null;
  /**
   * What `from pkg import *` may load besides pkg/__init__.py: the submodules its `__all__` names,
   * which this file's facts cannot tell, so every one (a superset).
   */
  const submodulesOf = (dir: string): string[] => {
    if (!children) {
      children = new Map();
      for (const file of files) {
        const name = baseOf(file);
        const parent = dirOf(file);
        // pkg/mod.py is a module of pkg; pkg/sub/__init__.py a subpackage of pkg.
        const [owner, module] =
          name === '__init__.py' ? [dirOf(parent), file] : name.endsWith('.py') ? [parent, file] : [null, ''];
        // Tests, conftest.py and setup.py are no module a package exports.
        if (owner === null || NOT_EXPORTED.test(name)) continue;
        const list = children.get(owner);
        if (list) list.push(module);
        else children.set(owner, [module]);
      }
    }
    return children.get(dir) ?? [];
  };

  const resolveAbsolute = (dotted: string, names: readonly string[], from: string): string[] => {
    const out = new Set<string>();
    const first = dotted.split('.')[0]!;
    const known = new Set([...roots, baseDir(from)]);
    for (const root of known)
      if (exists(under(root, first)) && exists(under(root, dotted.replaceAll('.', '/'))))
        chain(root, dotted, names, out);
    if (out.size === 0) {
      for (const root of candidatesFor(first))
        if (exists(under(root, dotted.replaceAll('.', '/')))) chain(root, dotted, names, out);
    }
    return [...out];
  };

  /** `spec` is a module with its leading dots (`..pkg.mod`), `names` what `from ... import` names. */
  const resolve = (spec: string, names: readonly string[], from: string): string[] => {
    const dots = spec.length - spec.replace(/^\.+/, '').length;
    if (dots === 0) return spec === '' ? [] : resolveAbsolute(spec, names, from);
    let pkg = dirOf(from);
    for (let i = 1; i < dots; i++) {
      if (pkg === '') return [];
      pkg = dirOf(pkg);
    }
    const out = new Set<string>();
    const rest = spec.slice(dots);
    if (rest === '') {
      const init = under(pkg, '__init__.py');
      if (files.has(init) && init !== from) out.add(init);
      for (const name of names) {
        if (name === '*') for (const sub of submodulesOf(pkg)) out.add(sub);
        const file = name === '*' ? null : moduleFile(under(pkg, name));
        if (file) out.add(file);
      }
    } else chain(pkg, rest, names, out);
    return [...out];
  };

  /** The __init__.py files that run before a module of a package: its own package's, and every parent's. */
  const packageInits = (file: string): string[] => {
    const out: string[] = [];
    for (let dir = dirOf(file); dir !== '' && files.has(`${dir}/__init__.py`); dir = dirOf(dir)) {
      if (`${dir}/__init__.py` !== file) out.push(`${dir}/__init__.py`);
    }
    return out;
  };

  // The packages that can run as `python -m <name>`, by their folder's name.
  let mains: Set<string> | null = null;
  /**
   * The `__main__.py` that `python -m <dotted>` (or `runpy.run_module`) runs, when `dotted` names a
   * package that has one: a literal like 'mytool' or 'mytool.cli' in a test that spawns it.
   */
  const mainOf = (dotted: string, from: string): string[] => {
    if (!mains) {
      mains = new Set();
      for (const file of files) if (baseOf(file) === '__main__.py') mains.add(baseOf(dirOf(file)));
    }
    if (mains.size === 0 || !mains.has(dotted.slice(dotted.lastIndexOf('.') + 1))) return [];
    return resolve(dotted, [], from).flatMap((file) => {
      const main = baseOf(file) === '__init__.py' ? `${dirOf(file)}/__main__.py` : null;
      return main && files.has(main) ? [main] : [];
    });
  };

  return { resolve, packageInits, mainOf };
};

export type PythonResolver = ReturnType<typeof createPythonResolver>;
