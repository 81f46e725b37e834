import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ResolvedModel } from '../config/types.js';
import { commonDirOf } from '../git/commonDir.js';
import { tryGit } from '../git/execGit.js';
import { listIndexBlobs } from '../git/listBlobs.js';
import { listDirtyFiles, listIgnored, listUntrackedFiles } from '../git/listFiles.js';
import type { Project } from '../project.js';
import { compileGlobs, globBase } from '../selectors/globs.js';
import type { CachedCheck, Tier } from '../types.js';

// A passed model check is not run again while nothing it depends on changed. The key covers the
// check's identity and options, the mlhooks and TensorFlow.js versions, and the content of every
// file it reads: git blob ids for clean files, a hash of the bytes for edited or untracked ones,
// and size and modification time for ignored ones (weights that DVC or a download script put there).

export interface CheckCache {
  /** The key of a model's checks in a tier, and the earlier pass under that key, if any. */
  lookup(model: ResolvedModel, tier: Tier): { key: string; hit: CachedCheck | null };
  /** Records a pass (at the current HEAD). */
  record(key: string, model: string, tier: Tier, staged?: boolean): void;
}

const version = typeof __MLHOOKS_VERSION__ === 'string' ? __MLHOOKS_VERSION__ : 'dev';
// Loaded on use: the CLI is one bundle, and a top-level import would cost every no-op commit.
const builtin = <T>(id: string) => process.getBuiltinModule(id) as T;
const sha256 = (data: string | Buffer) =>
  builtin<typeof import('node:crypto')>('node:crypto').createHash('sha256').update(data).digest('hex');

/** The TensorFlow.js a worker would load: mlhooks' own, else the project's. */
const tfjsVersion = (projectRoot: string): string | null => {
  for (const base of [import.meta.url, join(projectRoot, 'package.json')]) {
    try {
      const file = builtin<typeof import('node:module')>('node:module')
        .createRequire(base)
        .resolve('@tensorflow/tfjs/package.json');
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      // not installed there
    }
  }
  return null;
};

// Folders of installed packages and tool caches: never walked for a glob that could be anywhere (`**/*.bin`).
const NOT_WALKED = new Set([
  'node_modules',
  '.git',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

/**
 * Ignored files the checks read (weights fetched by DVC, a download script, a training run), each
 * with its size and modification time: a new version on disk changes the key. Only the ignored
 * folders that lead to a glob's fixed folder or a named file, or are inside such a folder, are walked.
 */
export const ignoredReads = (
  projectRoot: string,
  {
    globs,
    named,
    match,
  }: { globs: readonly string[]; named: ReadonlySet<string>; match: (path: string) => boolean },
): Map<string, string> => {
  const found = new Map<string, string>();
  if (globs.length === 0 && named.size === 0) return found;
  const bases = globs.map(globBase);
  const namedDirs = [...named].map((path) => path.slice(0, path.lastIndexOf('/') + 1));
  const reachable = (dir: string) => {
    const name = dir.slice(dir.lastIndexOf('/', dir.length - 2) + 1, -1);
    return (
      bases.some(
        (base) => base.startsWith(dir) || (dir.startsWith(base) && (base !== '' || !NOT_WALKED.has(name))),
      ) || namedDirs.some((base) => base.startsWith(dir))
    );
  };
  const visited = new Set<string>();
  // A link to a folder that holds the project (`/`, the home folder) is not walked: it would read
  // the whole disk for one key.
  let projectReal: string | null = null;
  const holdsProject = (rel: string): boolean => {
    try {
      projectReal ??= realpathSync(projectRoot);
      const real = realpathSync(join(projectRoot, rel));
      return projectReal === real || projectReal.startsWith(real.endsWith('/') ? real : `${real}/`);
    } catch {
      return true;
    }
  };
  // `link`: a symlink or an entry git lists without a slash, which may be a folder (weights kept
  // elsewhere and linked in): then it is walked too.
  const add = (rel: string, link: boolean) => {
    if (!link && !named.has(rel) && !match(rel)) return;
    let stat: import('node:fs').Stats;
    try {
      stat = statSync(join(projectRoot, rel));
    } catch {
      if (named.has(rel) || match(rel)) found.set(rel, 'missing');
      return;
    }
    if (stat.isDirectory()) {
      if (reachable(`${rel}/`) && !holdsProject(rel)) walk(`${rel}/`);
    } else if (named.has(rel) || match(rel)) found.set(rel, `stat:${stat.size}:${stat.mtimeMs}`);
  };
  const walk = (dir: string) => {
    let names: import('node:fs').Dirent[];
    try {
      // A folder reached twice through links (or a link to a folder above it) is read once.
      const real = realpathSync(join(projectRoot, dir));
      if (visited.has(real)) return;
      visited.add(real);
      names = readdirSync(join(projectRoot, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      const rel = `${dir}${entry.name}`;
      if (entry.isDirectory()) {
        if (reachable(`${rel}/`)) walk(`${rel}/`);
      } else if (entry.isFile() || entry.isSymbolicLink()) add(rel, entry.isSymbolicLink());
    }
  };
  let entries: string[];
  try {
    entries = listIgnored(projectRoot);
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!entry.endsWith('/')) add(entry, true);
    else if (reachable(entry)) walk(entry);
  }
  return found;
};

export interface CacheKeyInput {
  model: Pick<ResolvedModel, 'name' | 'checks' | 'artifact'>;
  tier: Tier;
  versions: { mlhooks: string; tfjs: string | null };
  /** Every file the checks read, with the id of its content. */
  inputs: Iterable<readonly [string, string]>;
}

/** The cache key of a model's checks in a tier: same check, options, versions and file contents, same key. */
export const checkCacheKey = ({ model, tier, versions, inputs }: CacheKeyInput): string =>
  sha256(
    JSON.stringify({
      format: 1,
      ...versions,
      tier,
      model: { name: model.name, checks: model.checks, artifact: model.artifact },
      inputs: [...inputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }),
  );

/**
 * The cache for the checks of these models. What a model's checks depend on: its inputs, the
 * files its checks read (check module, weights, examples), and everything its check module
 * imports or names, from the import graph.
 */
export const openCheckCache = async (
  project: Project,
  models: readonly ResolvedModel[],
  { noCache = false } = {},
): Promise<CheckCache> => {
  const modules = [...new Set(models.flatMap((model) => (model.checks ? [model.checks] : [])))];
  const { moduleClosures } = await import('../selectors/graph/moduleClosures.js');
  const closures = await moduleClosures(
    { repoRoot: project.repo.root, gitDir: project.repo.gitDir, prefix: project.prefix },
    modules,
  );
  const dir = join(commonDirOf(project.repo.gitDir), 'mlhooks', 'check-results');
  // What a model's checks read; the ignored files among them are found on disk (`ignoredReads`).
  const readsOf = (model: ResolvedModel) => [...model.inputs, ...model.checkFiles];
  const globs = models.flatMap(readsOf);
  const match = compileGlobs(globs);
  let files: Map<string, string> | null = null;
  // Every file of the project with the id of its content, read once and only when a check is planned.
  const contentIds = () => {
    if (files) return files;
    files = new Map();
    const dirty = new Set(listDirtyFiles(project.repo.root));
    const hashFile = (projectPath: string) => {
      try {
        return `sha256:${sha256(readFileSync(join(project.root, projectPath)))}`;
      } catch {
        return 'missing';
      }
    };
    for (const { path, id } of listIndexBlobs(project.repo.root)) {
      if (!path.startsWith(project.prefix)) continue;
      const rel = path.slice(project.prefix.length);
      files.set(rel, dirty.has(path) ? hashFile(rel) : `git:${id}`);
    }
    for (const rel of listUntrackedFiles(project.root)) files.set(rel, hashFile(rel));
    // The files the check modules name that git does not have (weights a script downloads).
    const named = new Set([...closures.values()].flat().filter((path) => !files!.has(path)));
    for (const [rel, id] of ignoredReads(project.root, { globs, named, match })) files.set(rel, id);
    return files;
  };
  const tfjs = tfjsVersion(project.root);

  return {
    lookup(model, tier) {
      const reads = compileGlobs(readsOf(model));
      const imported = new Set(model.checks ? closures.get(model.checks) : []);
      const inputs = [...contentIds()].filter(([path]) => reads(path) || imported.has(path));
      const key = checkCacheKey({ model, tier, versions: { mlhooks: version, tfjs }, inputs });
      if (noCache) return { key, hit: null };
      try {
        const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as CachedCheck;
        return { key, hit: entry.model === model.name && entry.tier === tier ? entry : null };
      } catch {
        return { key, hit: null };
      }
    },
    record(key, model, tier, staged = false) {
      const head =
        tryGit(['rev-parse', '--verify', '--quiet', 'HEAD'], project.repo.root).stdout.trim() || null;
      const entry: CachedCheck = { model, tier, passedAt: head, staged, at: new Date().toISOString() };
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, JSON.stringify(entry));
        renameSync(tmp, join(dir, `${key}.json`));
      } catch {
        // a cache we cannot write only costs time
      }
    },
  };
};
