import { execGit } from './execGit.js';

/**
 * Writes the index version of `paths` under `prefix` (a directory path ending in `/`), as git would
 * check them out: smudge filters, line endings, exec bits and symlinks applied. Without --index it
 * neither reads nor takes index.lock for writing, and leaves the work tree alone. With `indexFile`,
 * that index is read instead (GIT_INDEX_FILE).
 */
export const checkoutIndex = (
  root: string,
  prefix: string,
  paths: readonly string[],
  indexFile?: string,
): void => {
  if (paths.length === 0) return;
  execGit(
    ['checkout-index', '--force', '-z', '--stdin', `--prefix=${prefix}`],
    root,
    `${paths.join('\0')}\0`,
    indexFile ? { GIT_INDEX_FILE: indexFile } : undefined,
  );
};

/**
 * Writes the version of `paths` in `commit` under `prefix`, as `checkoutIndex` does: through a
 * temporary index at `indexFile` (made here, the caller removes it), so the repository's own index
 * is neither read nor written.
 */
export const checkoutCommit = (
  root: string,
  commit: string,
  prefix: string,
  paths: readonly string[],
  indexFile: string,
): void => {
  if (paths.length === 0) return;
  execGit(['read-tree', '--end-of-options', commit], root, undefined, { GIT_INDEX_FILE: indexFile });
  checkoutIndex(root, prefix, paths, indexFile);
};
