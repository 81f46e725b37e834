import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { indexChecksum } from '../git/indexChecksum.js';
import type { BlobEntry } from '../git/parseLsFilesStageZ.js';
import { readFilesAt } from '../git/readFilesAt.js';
import { hashChecksum, readCacheFile, writeCacheFile } from './graph/cacheFile.js';
import { findSetupFiles, type ProjectFiles, type SetupFile, workTreeFiles } from './setupFiles.js';

// The runner configs that count are those of the state tested, like the mlhooks config
// (readStateConfig.ts): the index on commit, the pushed commit on push. The answer depends on that
// state alone, so it is kept in the git dir under the state's name: a warm run reads one small file,
// and neither lists the state nor starts git.

// Bump when what is found changes (v2: a symlinked config is read through its link).
const MAGIC = 'mlhooks-setup-files/v2';
const KEPT = 8;

/** Git's id of a blob with this content: the work tree's file is the state's when the ids match. */
const blobId = (content: Buffer, like: string): string => {
  const { createHash } = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  return createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
};

/**
 * The project's files of a state: `commit`'s, or the index's (null). `entries` are the state's files
 * with blob ids (git-root paths); each question is one pass over them, without an index of them all.
 */
export const stateFiles = (
  repo: { root: string },
  projectRoot: string,
  prefix: string,
  commit: string | null,
  entries: readonly BlobEntry[],
): ProjectFiles => {
  /** The state's entries of these project paths. */
  const entriesOf = (paths: readonly string[]) => {
    const asked = new Set(paths.map((path) => prefix + path));
    const found = new Map<string, BlobEntry>();
    for (const entry of entries) if (asked.has(entry.path)) found.set(entry.path.slice(prefix.length), entry);
    return found;
  };
  return {
    filesIn: (dirs, wanted) => {
      // A folder as git lists it ('sub/web', '' at the git root) -> as asked ('web', '.').
      const asked = new Map(dirs.map((dir) => [posix.join(prefix, dir, '.').replace(/^\.$/, ''), dir]));
      const found: { dir: string; path: string }[] = [];
      for (const { path } of entries) {
        const slash = path.lastIndexOf('/');
        const dir = asked.get(slash < 0 ? '' : path.slice(0, slash));
        if (dir === undefined) continue;
        const name = path.slice(slash + 1);
        if (wanted(name)) found.push({ dir, path: posix.join(dir, name) });
      }
      return found;
    },
    read: (paths) => {
      const texts = new Map<string, string>();
      const ask: string[] = [];
      for (const [path, entry] of entriesOf(paths)) {
        // A config that is a symlink holds its target's path in git: its text is the work tree's,
        // through the link (the target may be anywhere, even outside the repository).
        if (entry.mode === '120000') {
          try {
            texts.set(path, readFileSync(join(projectRoot, path), 'utf8'));
          } catch {
            // a dangling link: no config
          }
          continue;
        }
        // Mostly the work tree's file is the state's: hashing it costs less than starting git.
        try {
          const content = readFileSync(join(projectRoot, path));
          if (blobId(content, entry.id) === entry.id) {
            texts.set(path, content.toString('utf8'));
            continue;
          }
        } catch {
          // not in the work tree: git has it
        }
        ask.push(path);
      }
      if (ask.length === 0) return texts;
      const found = readFilesAt(
        repo.root,
        commit,
        ask.map((path) => prefix + path),
      );
      for (const path of ask) {
        const file = found.get(prefix + path);
        if (file) texts.set(path, file.text);
      }
      return texts;
    },
    existing: (paths) => new Set(entriesOf(paths).keys()),
  };
};

export interface SetupFilesRequest {
  repo: { root: string; gitDir: string };
  projectRoot: string;
  /** The project root relative to the git root ('' or 'sub/'). */
  prefix: string;
  /** The state tested: a commit, or the index (commit null); null for the work tree as it is. */
  state: { commit: string | null } | null;
  /** The files of that state with blob ids (git-root paths); called only when nothing is kept. */
  listState: () => readonly BlobEntry[];
  /** The folders test groups run in (project-relative). */
  dirs: readonly string[];
}

/** The runners' setup files as the state tested names them (setupFiles.ts). */
export const setupFilesInState = ({
  repo,
  projectRoot,
  prefix,
  state,
  listState,
  dirs,
}: SetupFilesRequest): SetupFile[] => {
  if (!state) return findSetupFiles(workTreeFiles(projectRoot), dirs);
  const checksum = state.commit ? null : indexChecksum(repo.gitDir, repo.root);
  const name = state.commit ? `commit:${state.commit}` : checksum && `index:${checksum}`;
  const key =
    name && `${name} prefix:${JSON.stringify(prefix)} dirs:${JSON.stringify([...new Set(dirs)].sort())}\t`;
  const cacheFile = join(repo.gitDir, 'mlhooks', 'setup-files');
  // A line a state: `<key>\t<answer as JSON>`, the latest first (JSON keeps tabs and newlines escaped).
  const lines = key ? (readCacheFile(cacheFile, MAGIC, hashChecksum).body?.split('\n') ?? []) : [];
  const line = key && lines.find((l) => l.startsWith(key));
  if (key && line) {
    try {
      return JSON.parse(line.slice(key.length)) as SetupFile[];
    } catch {
      // not what this version writes: found again below
    }
  }
  const found = findSetupFiles(stateFiles(repo, projectRoot, prefix, state.commit, listState()), dirs);
  // A few states are kept: a push of several commits checks each, and may be tried again.
  // A cache that cannot be written costs a listing of the state next time, nothing else.
  if (key) {
    const kept = [key + JSON.stringify(found), ...lines.filter((l) => l && !l.startsWith(key))];
    writeCacheFile(cacheFile, MAGIC, kept.slice(0, KEPT).join('\n'), hashChecksum);
  }
  return found;
};
