import { execGit } from './execGit.js';

/** Tracked files under `cwd`, relative to it (git ls-files prints paths relative to its cwd). */
export const listFiles = (cwd: string): string[] =>
  execGit(['ls-files', '-z', '--cached'], cwd).split('\0').filter(Boolean);

/** Tracked files whose work tree content differs from the index, relative to the git root. */
export const listDirtyFiles = (root: string): string[] =>
  execGit(['diff', '--name-only', '-z', '--no-relative', '--no-ext-diff'], root).split('\0').filter(Boolean);

/** Untracked, not ignored files under `cwd`, relative to it. */
export const listUntrackedFiles = (cwd: string): string[] =>
  execGit(['ls-files', '-z', '--others', '--exclude-standard'], cwd).split('\0').filter(Boolean);

/**
 * Ignored files under `cwd`, relative to it: a wholly ignored folder is one entry ending in `/`
 * (node_modules/ is not walked).
 */
export const listIgnored = (cwd: string): string[] =>
  execGit(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], cwd)
    .split('\0')
    .filter(Boolean);
