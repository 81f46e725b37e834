// The side index lets a commit of data or docs only (README.md) skip the graph: it lists every
// non-code path some code names (literals, `import './x.css'`), for the files of one commit. It is
// used only when no code changed and no file was added since that commit: then every name that
// could match a changed file is in it (a bare word like 'data' is kept when it names a folder).

import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { getRangeChanges } from '../../git/getDiff.js';
import { readHeadFast } from '../../git/readHeadFast.js';
import { hashChecksum, readCacheFile, writeCacheFile } from './cacheFile.js';
import { isGraphInput } from './isGraphInput.js';
import { ancestors } from './paths.js';

// In step with GRAPH_VERSION (graphCaches.ts, not imported: the no-op path loads this module; a test
// checks): what
// the scanners name changes what a change may touch.
export const SIDE_INDEX_MAGIC = 'mlhooks-targets/graph-v1.12';

export const sideIndexPath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.targets');

export interface SideIndex {
  /** The commit whose code the names come from. */
  commit: string;
  prefix: string;
  names: Iterable<string>;
  /** Regex sources of path patterns. */
  globs: Iterable<string>;
}

// Body: `<commit> TAB <prefix as JSON>`, the globs as JSON, then one name per line.
export const writeSideIndex = (
  gitDir: string,
  { commit, prefix, names, globs }: SideIndex,
): string | null => {
  const body = `${commit}\t${JSON.stringify(prefix)}\n${JSON.stringify([...new Set(globs)])}\n${[...new Set(names)].join('\n')}\n`;
  return writeCacheFile(sideIndexPath(gitDir), SIDE_INDEX_MAGIC, body, hashChecksum);
};

/** The commit the side index was made for, from the start of the file only (it can be large). */
export const sideIndexCommit = (gitDir: string): string | null => {
  try {
    const fd = openSync(sideIndexPath(gitDir), 'r');
    const head = Buffer.alloc(256);
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    return head.toString('utf8', 0, read).split('\n')[1]?.split('\t')[0] ?? null;
  } catch {
    return null;
  }
};

export interface SideIndexQuery {
  repoRoot: string;
  gitDir: string;
  prefix: string;
  /** The commit checked, or null for the index (whose code is HEAD's when no code is staged). */
  head: string | null;
}

/** True only when the index proves that no code names any of these (non-code) paths. */
export const sideIndexRulesOut = (
  { repoRoot, gitDir, prefix, head }: SideIndexQuery,
  paths: readonly string[],
): boolean => {
  const read = readCacheFile(sideIndexPath(gitDir), SIDE_INDEX_MAGIC, hashChecksum);
  if (read.body === null) return false;
  const body = read.body;
  const first = body.indexOf('\n');
  const second = body.indexOf('\n', first + 1);
  const [commit, prefixJson] = body.slice(0, first).split('\t');
  let globs: RegExp[];
  try {
    if (!commit || prefixJson !== JSON.stringify(prefix)) return false;
    globs = (JSON.parse(body.slice(first + 1, second)) as string[]).map((source) => new RegExp(source));
  } catch {
    return false;
  }
  const names = body.slice(second);
  for (const path of paths) {
    if (names.includes(`\n${path}\n`)) return false;
    if (ancestors(path).some((dir) => names.includes(`\n${dir}\n`))) return false;
    if (globs.some((glob) => glob.test(path))) return false;
  }
  // Made at this very commit: nothing to compare (HEAD read from files: no git process on the no-op path).
  if (commit === (head ?? readHeadFast(gitDir))) return true;
  let since: ReturnType<typeof getRangeChanges>;
  try {
    since = getRangeChanges(repoRoot, commit, head ?? 'HEAD');
  } catch {
    return false; // the commit is gone (gc, another clone): build the graph
  }
  return !since.some(
    (c) =>
      (c.path.startsWith(prefix) || c.oldPath?.startsWith(prefix)) &&
      (c.status === 'A' ||
        c.status === 'R' ||
        isGraphInput(c.path) ||
        (c.oldPath !== undefined && isGraphInput(c.oldPath))),
  );
};
