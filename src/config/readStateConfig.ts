import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indexChecksum } from '../git/indexChecksum.js';
import { readFilesAt } from '../git/readFilesAt.js';
import { hashChecksum, readCacheFile, writeCacheFile } from '../selectors/graph/cacheFile.js';
import { CONFIG_SOURCES, type ConfigState, compareConfigFiles, type StateConfig } from './configInState.js';

// Asking git for the state's config files costs a process, a few ms: most of what a commit that
// touches nothing testable may cost (bench/noop.mjs). So the answer "the same as the work tree's" is
// kept in the git dir under what names both sides: the state (a commit, or the index's checksum) and
// each work-tree file's stat. While neither changes, it holds.

const MAGIC = 'mlhooks-config-state/v1';

// A file changed this recently is not vouched for: an edit within the file system's clock tick could
// leave its stat as it was.
const SETTLED_MS = 2000n;

/** The files' stat, and whether every one of them is older than SETTLED_MS. */
const statKey = (files: readonly string[], now: bigint): { key: string; settled: boolean } => {
  let settled = true;
  const lines = files.map((file) => {
    try {
      const stat = statSync(file, { bigint: true });
      if (stat.ctimeMs + SETTLED_MS > now || stat.mtimeMs + SETTLED_MS > now) settled = false;
      return `${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs} ${file}`;
    } catch {
      return `- ${file}`;
    }
  });
  return { key: lines.join('\n'), settled };
};

/**
 * The config's files as `state` holds them (one git call), or null when they are the work tree's:
 * then the config is loaded as it always was. `root` is the project root, `prefix` its path in the
 * repository.
 */
export const readStateConfig = (
  repo: { root: string; gitDir: string },
  root: string,
  prefix: string,
  state: ConfigState,
): StateConfig | null => {
  const checksum = state.commit ? null : indexChecksum(repo.gitDir, repo.root);
  const name = state.commit ? `commit:${state.commit}` : checksum && `index:${checksum}`;
  const files = CONFIG_SOURCES.map((source) => join(root, source));
  const cacheFile = join(repo.gitDir, 'mlhooks', 'config-state');
  // Stat before reading: a file changed in between no longer matches what is recorded.
  const stat = name ? statKey(files, BigInt(Date.now())) : null;
  const key = stat && `${name}\n${stat.key}`;
  if (key && readCacheFile(cacheFile, MAGIC, hashChecksum).body === key) return null;
  const work = new Map<string, string>();
  for (const [k, file] of files.entries()) {
    try {
      work.set(CONFIG_SOURCES[k]!, readFileSync(file, 'utf8'));
    } catch {
      // none (or no file): the state may have one
    }
  }
  const inState = readFilesAt(
    repo.root,
    state.commit,
    CONFIG_SOURCES.map((source) => prefix + source),
  );
  const found = compareConfigFiles(
    root,
    work,
    new Map([...inState].map(([path, file]) => [path.slice(prefix.length), file])),
    state,
  );
  // A cache that cannot be written costs a git call next time, nothing else.
  if (!found && key && stat.settled) writeCacheFile(cacheFile, MAGIC, key, hashChecksum);
  return found;
};
