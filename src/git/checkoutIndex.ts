import { execGit } from './execGit.js';

/**
 * Writes the index version of `paths` under `prefix` (a directory path ending in `/`), as git would
 * check them out: smudge filters, line endings, exec bits and symlinks applied. Without --index it
 * neither reads nor takes index.lock for writing, and leaves the work tree alone.
 */
export const checkoutIndex = (root: string, prefix: string, paths: readonly string[]): void => {
  if (paths.length === 0) return;
  execGit(
    ['checkout-index', '--force', '-z', '--stdin', `--prefix=${prefix}`],
    root,
    `${paths.join('\0')}\0`,
  );
};
