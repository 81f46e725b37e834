import { execGit } from './execGit.js';
import { quotePath, utf8OrNull } from './gitPath.js';
import { parseDiffRawZ, type RawChange } from './parseDiffRawZ.js';

/** Lists a `git diff --raw -z`, names kept as bytes until each is known to be UTF-8. */
const listRaw = (args: readonly string[], root: string): RawChange[] =>
  parseDiffRawZ(execGit(args, root, undefined, undefined, 'latin1')).map((change) => {
    const path = utf8OrNull(change.path);
    return path === null ? { ...change, path: quotePath(change.path), notUtf8: true } : { ...change, path };
  });

/**
 * Tracked paths whose work tree differs from the index (GIT_INDEX_FILE when git set one), with the
 * index side's mode and blob. Intent-to-add entries come as A with mode 000000. Read-only: never
 * takes index.lock, so it works while another git command holds it.
 */
export const listUnstaged = (root: string): RawChange[] =>
  listRaw(
    ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-relative', '--no-ext-diff', '--no-color'],
    root,
  );

/**
 * Tracked paths whose work tree differs from `commit`, staged or not, with the commit side's mode
 * and blob (a file the commit lacks comes as A with mode 000000). Read-only, as `listUnstaged`.
 */
export const listUncommitted = (root: string, commit: string): RawChange[] =>
  listRaw(
    [
      'diff-index',
      '--raw',
      '-z',
      '--no-renames',
      '--no-abbrev',
      '--no-relative',
      '--no-ext-diff',
      '--no-color',
      '--end-of-options',
      commit,
    ],
    root,
  );
