import type { EdgeKind, FileFacts, Lang } from './facts.js';
import { KINDS, NAMED, type Packed, pack } from './factsJson.js';
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

/** One file's resolution under way: one object a file rather than a closure for each helper. */
class Resolving {
  // Arrays, not sets: a file has few edges.
  readonly edges: ResolvedFile['edges'] = [];
  readonly folders: ResolvedFile['folders'] = [];
  readonly names: string[] = [];
  constructor(
    readonly path: string,
    readonly index: FileIndex,
  ) {}

  edge(target: string, kind: EdgeKind): void {
    if (target === this.path) return;
    const { edges } = this;
    for (let k = 0; k < edges.length; k++) if (edges[k]![0] === target) return;
    edges.push([target, kind]);
  }

  edgesTo(targets: readonly string[], kind: EdgeKind): void {
    for (let k = 0; k < targets.length; k++) this.edge(targets[k]!, kind);
  }

  /**
   * A path no tracked file or folder has (null: none), in a repo that uses DVC: it may be data DVC
   * manages, added with a `.dvc` pointer or made by a pipeline (`models/model.pkl`), which only the
   * pointer or dvc.lock records. It is named as it is, and by each folder above it (the data may be
   * the folder), for a changed pointer or dvc.lock to start from (selectors/dvc.ts): no tracked
   * change reaches these.
   */
  untracked(at: string | null, pathy: boolean): void {
    if (at === null || !pathy || !this.index.dvc) return;
    for (let end = at.length; end > 0; end = at.lastIndexOf('/', end - 1))
      this.edge(at.slice(0, end), 'literal (untracked)');
    this.folders.push([at, 'literal (untracked)', true]);
  }

  /** Where a literal may point: an edge to the file, or the folder, `at`; whether there is one. */
  candidate(bare: boolean, pathy: boolean, at: string | null): boolean {
    if (at === null) return false;
    const { index, names } = this;
    const isFile = index.files.has(at);
    const isDir = !isFile && index.dirs.has(at);
    if ((pathy || isFile || isDir) && !isGraphInput(at) && !names.includes(at)) names.push(at);
    if (isFile) this.edge(at, 'literal');
    else if (isDir) this.folders.push([at, 'literal', bare]);
    if (isFile || isDir) return true;
    this.untracked(at, pathy);
    return false;
  }
}

const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
const NO_GLOBS: (number | string)[] = Object.freeze([]) as unknown as (number | string)[];

/** `resolvePacked` of facts as the scanners make them. */
export const resolveFile = (path: string, lang: Lang, facts: FileFacts, resolvers: Resolvers): ResolvedFile =>
  resolvePacked(path, lang, pack(facts), resolvers);

/**
 * One file's edges from its facts as the parse worker sends them and the facts cache holds them
 * (packed: `factsJson.ts`), read in place: unpacking them made an object per spec. Indexed loops,
 * no closures or arrays per literal: this runs for every file of a cold graph, mostly before the
 * JIT has compiled it.
 */
export const resolvePacked = (
  path: string,
  lang: Lang,
  packed: Packed,
  { index, js, py, packageRoot }: Resolvers,
): ResolvedFile => {
  const specs = packed[0];
  const literals = packed[1] ?? NO_STRINGS;
  const globRefs = packed[2] ?? NO_GLOBS;
  const file = new Resolving(path, index);
  const { folders, names } = file;
  const dir = dirOf(path);
  const pkg = literals.length > 0 || globRefs.length > 0 ? packageRoot(dir) : '';
  // A notebook's code cells are Python.
  const isPy = lang === 'py' || lang === 'ipynb';
  const runsModules = isPy && literals.includes('-m');

  for (let s = 0; s < specs.length; ) {
    const code = specs[s] as number;
    const named = code >= NAMED;
    const kind = KINDS[named ? code - NAMED : code]!;
    const spec = specs[s + 1] as string;
    const imported = named ? (specs[s + 2] as string[]) : undefined;
    s += named ? 3 : 2;
    if (isPy) {
      file.edgesTo(py.resolve(spec, imported ?? [], path), kind);
      continue;
    }
    // `new URL('logo.svg', import.meta.url)` is relative to the file, as URLs are: never a package.
    const relative = kind === 'new URL' && !/^(?:\.{1,2}\/|\/)/.test(spec) && !spec.includes(':');
    const specifier = relative ? `./${spec}` : spec;
    // `import labels from '../data/labels.json'`, `new URL('../data/train.csv', import.meta.url)`
    // that finds no file: data DVC tracks, or makes.
    const hit = js.resolveRelative(specifier, dir);
    if (hit !== undefined) {
      if (hit !== null) file.edge(hit, kind);
      else file.untracked(joinPath(dir, spec), true);
    } else {
      const found = js.resolve(specifier, dir);
      file.edgesTo(found.files, found.guessed ? 'alias, guessed by path' : kind);
      if (found.folder !== undefined) folders.push([found.folder, kind, false]);
      else if (found.files.length === 0 && (relative || spec[0] === '.'))
        file.untracked(joinPath(dir, spec), true);
    }
    // A relative import of a file that is not code (`./styles.css`) is a name the side index must know.
    if (spec[0] === '.' && /\.[^./]+$/.test(spec) && !isGraphInput(spec)) {
      const target = joinPath(dir, spec);
      if (target && !names.includes(target)) names.push(target);
    }
  }
  if (isPy) file.edgesTo(py.packageInits(path), 'package');

  // Where a literal may point: next to the file, from the project root (the usual working
  // directory), and from the file's package (where a monorepo package's tests run).
  for (let l = 0; l < literals.length; l++) {
    const literal = literals[l]!;
    // `subprocess.run([sys.executable, '-m', 'mytool'])`: the package's __main__.py runs. Only in a
    // file with a '-m' too: a logger named after the package (`getLogger('app')`) runs nothing.
    if (runsModules && MODULE.test(literal)) file.edgesTo(py.mainOf(literal, path), 'literal');
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
    let hit = file.candidate(bare, pathy, local);
    if (root !== local && file.candidate(bare, pathy, root)) hit = true;
    if (pkg !== '' && pkg !== dir) {
      const inPackage = joinPath(pkg, clean);
      if (inPackage !== local && inPackage !== root && file.candidate(bare, pathy, inPackage)) hit = true;
    }
    // `path.join(__dirname, '..', 'fixtures', 'x.json')`, `Path(__file__).parent.parent / 'assets'`:
    // a bare name may sit in a folder above the file: the nearest one that has it, as well as the
    // root's or the package's (a superset).
    if (bare)
      for (let above = dirOf(dir); above !== ''; above = dirOf(above)) {
        const at = `${above}/${clean}`;
        // Only where it exists: a miss up there is no DVC data or side-index name.
        if (above !== pkg && (index.files.has(at) || index.dirs.has(at))) {
          hit = file.candidate(bare, pathy, at);
          break;
        }
      }
    if (hit) continue;
    if (!isPy && (literal[0] === '.' || ALIASED.test(literal))) {
      // `vi.mock('./model')`, `path.join(__dirname, './weights')`: a module path without its extension.
      // `<img src="@/assets/logo.png">` in a component: a tsconfig `paths` alias.
      const found = js.resolve(literal, dir);
      file.edgesTo(found.files, found.guessed ? 'alias, guessed by path' : 'literal');
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
        file.edgesTo(targets, 'literal');
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
  for (let g = 0; g < globRefs.length; g += 2) {
    const kind = KINDS[globRefs[g] as number]!;
    const pattern = withoutFileScheme(globRefs[g + 1] as string);
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

  const resolved: ResolvedFile = {
    edges: file.edges,
    folders,
    globs,
    unsure: packed[3] ?? NO_STRINGS,
    names,
  };
  const loose = packed[4];
  if (loose) resolved.loose = loose;
  return resolved;
};
