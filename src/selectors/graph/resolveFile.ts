import type { EdgeKind, FileFacts, Lang } from './facts.js';
import type { FileIndex } from './fileIndex.js';
import { isGraphInput } from './isGraphInput.js';
import { withoutFileScheme } from './pathLike.js';
import { dirOf, joinPath } from './paths.js';
import type { JsResolver } from './resolveJs.js';
import type { PythonResolver } from './resolvePython.js';

/** One file's outgoing edges, resolved against the tracked files. Plain data: cached as JSON. */
export interface ResolvedFile {
  /** Files this one depends on, and how. */
  edges: [path: string, kind: EdgeKind][];
  /** Folders it names: it depends on the files under them (only the data files, for a bare name like 'data'). */
  folders: [folder: string, kind: EdgeKind, dataOnly: boolean][];
  /** Anchored regex sources of path patterns it loads or reads (templates, `'./x/' + name`). */
  globs: [regex: string, kind: EdgeKind][];
  /** Why it may load any file. */
  unsure: string[];
  /** Why it was scanned loosely. */
  loose?: string;
  /** Non-code paths its literals may name (tracked, or with a folder or extension): the side index for the no-op path. */
  names: string[];
}

export interface Resolvers {
  index: FileIndex;
  /** Files read only because a tsconfig extends them (not configs by name): a change to one is a config change. */
  extraConfigs: string[];
  /** The folder of the nearest package (package.json, pyproject.toml, ...) at or above a folder; '' for none. */
  packageRoot(dir: string): string;
  js: JsResolver;
  py: PythonResolver;
}

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
const MODULE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
// The usual alias prefixes (Vite's and Nuxt's `@/`, `~/`, `~~/`, SvelteKit's `$lib/`): never a package name.
const ALIASED = /^(?:[@~]{1,2}\/|[~$]\w+\/)/;

// `**/` is any folders, none included (`plugins/**/*.ts` matches plugins/a.ts); `*` is anything.
const globRegex = (pattern: string): string =>
  `^${pattern
    .split('**/')
    .map((folders) =>
      folders
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('(?:.*/)?')}$`;

/** A literal without `./` in front, trailing slashes, or backslashes. */
const cleanLiteral = (literal: string): string => {
  const path = withoutFileScheme(literal);
  let clean = path.includes('\\') ? path.replaceAll('\\', '/') : path;
  while (clean.startsWith('./')) clean = clean.slice(2);
  while (clean.endsWith('/')) clean = clean.slice(0, -1);
  return clean;
};

// Indexed loops, no closures or arrays per literal: this runs for every file of a cold graph, mostly
// before the JIT has compiled it.
export const resolveFile = (
  path: string,
  lang: Lang,
  facts: FileFacts,
  { index, js, py, packageRoot }: Resolvers,
): ResolvedFile => {
  // Arrays, not sets: a file has few edges.
  const edges: ResolvedFile['edges'] = [];
  const folders: ResolvedFile['folders'] = [];
  const names: string[] = [];
  const dir = dirOf(path);
  const pkg = facts.literals.length > 0 || facts.globs.length > 0 ? packageRoot(dir) : '';
  // A notebook's code cells are Python.
  const isPy = lang === 'py' || lang === 'ipynb';
  const runsModules = isPy && facts.literals.includes('-m');
  const edge = (target: string, kind: EdgeKind) => {
    if (target === path) return;
    for (let k = 0; k < edges.length; k++) if (edges[k]![0] === target) return;
    edges.push([target, kind]);
  };
  const edgesTo = (targets: readonly string[], kind: EdgeKind) => {
    for (let k = 0; k < targets.length; k++) edge(targets[k]!, kind);
  };

  // A path no tracked file or folder has, in a repo that uses DVC: it may be data DVC manages,
  // added with a `.dvc` pointer or made by a pipeline (`models/model.pkl`), which only the
  // pointer or dvc.lock records. It is named as it is, and by each folder above it (the data may be
  // the folder), for a changed pointer or dvc.lock to start from (selectors/dvc.ts): no tracked
  // change reaches these.
  const untracked = (at: string, pathy: boolean): void => {
    if (!pathy || !index.dvc) return;
    for (let end = at.length; end > 0; end = at.lastIndexOf('/', end - 1))
      edge(at.slice(0, end), 'literal (untracked)');
    folders.push([at, 'literal (untracked)', true]);
  };

  const { specs, literals } = facts;
  for (let s = 0; s < specs.length; s++) {
    const { kind, spec, names: imported } = specs[s]!;
    if (isPy) {
      edgesTo(py.resolve(spec, imported ?? [], path), kind);
      continue;
    }
    // `new URL('logo.svg', import.meta.url)` is relative to the file, as URLs are: never a package.
    const relative = kind === 'new URL' && !/^(?:\.{1,2}\/|\/)/.test(spec) && !spec.includes(':');
    const found = js.resolve(relative ? `./${spec}` : spec, dir);
    edgesTo(found.files, found.guessed ? 'alias, guessed by path' : kind);
    if (found.folder !== undefined) folders.push([found.folder, kind, false]);
    // `import labels from '../data/labels.json'`, `new URL('../data/train.csv', import.meta.url)`:
    // data DVC tracks, or makes.
    else if (found.files.length === 0 && (relative || spec[0] === '.')) {
      const target = joinPath(dir, spec);
      if (target) untracked(target, true);
    }
    // A relative import of a file that is not code (`./styles.css`) is a name the side index must know.
    if (spec[0] === '.' && /\.[^./]+$/.test(spec) && !isGraphInput(spec)) {
      const target = joinPath(dir, spec);
      if (target && !names.includes(target)) names.push(target);
    }
  }
  if (isPy) edgesTo(py.packageInits(path), 'package');

  // Where a literal may point: next to the file, from the project root (the usual working
  // directory), and from the file's package (where a monorepo package's tests run).
  const candidate = (bare: boolean, pathy: boolean, at: string | null): boolean => {
    if (at === null) return false;
    const isFile = index.files.has(at);
    const isDir = !isFile && index.dirs.has(at);
    if ((pathy || isFile || isDir) && !isGraphInput(at) && !names.includes(at)) names.push(at);
    if (isFile) edge(at, 'literal');
    else if (isDir) folders.push([at, 'literal', bare]);
    if (isFile || isDir) return true;
    untracked(at, pathy);
    return false;
  };
  for (let l = 0; l < literals.length; l++) {
    const literal = literals[l]!;
    // `subprocess.run([sys.executable, '-m', 'mytool'])`: the package's __main__.py runs. Only in a
    // file with a '-m' too: a logger named after the package (`getLogger('app')`) runs nothing.
    if (runsModules && MODULE.test(literal)) edgesTo(py.mainOf(literal, path), 'literal');
    const clean = cleanLiteral(literal);
    if (clean === '' || clean[0] === '/') continue;
    const bare = !clean.includes('/');
    // A name with a folder or an extension may name a file added later: the side index keeps it either way.
    const pathy = !bare || clean.includes('.');
    // A bare word that no file or folder is named (most strings in code: 'utf8', 'error') has
    // nothing to find and nothing to record; `'./model'` and `'@/'` are module paths still.
    if (!pathy && literal[0] !== '.' && !ALIASED.test(literal) && !index.names.has(clean)) continue;
    const local = joinPath(dir, clean);
    const root = clean.startsWith('../')
      ? null
      : clean.includes('/.') || clean.includes('//')
        ? joinPath('', clean)
        : clean;
    let hit = candidate(bare, pathy, local);
    if (root !== local && candidate(bare, pathy, root)) hit = true;
    if (pkg !== '' && pkg !== dir) {
      const inPackage = joinPath(pkg, clean);
      if (inPackage !== local && inPackage !== root && candidate(bare, pathy, inPackage)) hit = true;
    }
    // `path.join(__dirname, '..', 'fixtures', 'x.json')`, `Path(__file__).parent.parent / 'assets'`:
    // a bare name may sit in a folder above the file: the nearest one that has it, as well as the
    // root's or the package's (a superset).
    if (bare)
      for (let above = dirOf(dir); above !== ''; above = dirOf(above)) {
        const at = `${above}/${clean}`;
        // Only where it exists: a miss up there is no DVC data or side-index name.
        if (above !== pkg && (index.files.has(at) || index.dirs.has(at))) {
          hit = candidate(bare, pathy, at);
          break;
        }
      }
    if (hit) continue;
    if (!isPy && (literal[0] === '.' || ALIASED.test(literal))) {
      // `vi.mock('./model')`, `path.join(__dirname, './weights')`: a module path without its extension.
      // `<img src="@/assets/logo.png">` in a component: a tsconfig `paths` alias.
      const found = js.resolve(literal, dir);
      edgesTo(found.files, found.guessed ? 'alias, guessed by path' : 'literal');
    } else if ((isPy || lang === 'conf') && DOTTED.test(literal)) {
      // `mock.patch('pkg.model.load')`, `pytest_plugins = ['pkg.fixtures']`, Hydra's
      // `_target_: pkg.models.ResNet` in a YAML config: the longest prefix that is a module.
      const parts = literal.split('.');
      // In a config, `model.pt` and `data.example.org` are no module: only a module named whole, or
      // a module and one attribute that looks like one (`pkg.models.ResNet`, `models.ResNet`).
      const shortest = isPy ? 1 : parts.length - 1;
      const attribute = parts.length >= 3 || /^[A-Z]/.test(parts[parts.length - 1]!);
      for (let n = parts.length; n >= shortest && n > 0; n--) {
        if (n < parts.length && !isPy && !attribute) break;
        const targets = py.resolve(parts.slice(0, n).join('.'), [], path);
        if (targets.length === 0) continue;
        edgesTo(targets, 'literal');
        // `files('pkg.data') / 'labels.json'` (importlib.resources): a package named whole is a
        // folder whose data files it may read.
        const init = `/${parts[n - 1]}/__init__.py`;
        if (n === parts.length)
          for (let t = 0; t < targets.length; t++)
            if (targets[t]!.endsWith(init)) folders.push([dirOf(targets[t]!), 'literal', true]);
        break;
      }
    }
  }

  const globs: ResolvedFile['globs'] = [];
  for (const { kind, pattern: raw } of facts.globs) {
    const pattern = withoutFileScheme(raw);
    // In Python, `/models/{id}` is a route or an absolute path, never a repo file.
    if (isPy && pattern.startsWith('/')) continue;
    const variants = new Set<string>();
    const local = joinPath(dir, pattern);
    if (local) variants.add(local);
    if (!pattern.startsWith('.')) {
      variants.add(joinPath('', pattern) ?? pattern);
      const inPackage = pkg === '' ? null : joinPath(pkg, pattern);
      if (inPackage) variants.add(inPackage);
    }
    for (const variant of variants) globs.push([globRegex(variant), kind]);
  }

  const resolved: ResolvedFile = { edges, folders, globs, unsure: facts.unsure, names };
  if (facts.loose) resolved.loose = facts.loose;
  return resolved;
};
