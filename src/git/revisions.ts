import { MlhooksError } from '../errors.js';
import { execGit, tryGit } from './execGit.js';

/** Resolves a ref to a commit id, or throws a usage error that names the ref. */
export const resolveCommit = (root: string, ref: string): string => {
  const out = tryGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root);
  if (out.status !== 0) {
    throw new MlhooksError('E_USAGE', `"${ref}" is not a commit in this repository.`, {
      hint: ref.includes('/')
        ? `Fetch it first (git fetch ${ref.split('/')[0]}), or pass a branch, tag or commit id.`
        : 'Pass a branch, tag or commit id.',
    });
  }
  return out.stdout.trim();
};

/** The commit an object peels to, or null when it is not a commit (a tag of a tree or blob). */
export const peelToCommit = (root: string, id: string): string | null => {
  const out = tryGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${id}^{commit}`], root);
  return out.status === 0 ? out.stdout.trim() : null;
};

export const hasObject = (root: string, id: string): boolean =>
  tryGit(['cat-file', '-e', '--end-of-options', id], root).status === 0;

export const isAncestor = (root: string, ancestor: string, descendant: string): boolean =>
  tryGit(['merge-base', '--is-ancestor', ancestor, descendant], root).status === 0;

export const mergeBase = (root: string, a: string, b: string): string | null => {
  const out = tryGit(['merge-base', a, b], root);
  return out.status === 0 ? out.stdout.trim() : null;
};

/** The empty tree in this repository's hash format (SHA-1 or SHA-256). */
export const emptyTree = (root: string): string =>
  execGit(['hash-object', '-t', 'tree', '--stdin'], root, '').trim();

export const hasHead = (root: string): boolean =>
  tryGit(['rev-parse', '--verify', '--quiet', 'HEAD'], root).status === 0;

/**
 * Commits reachable from `id` that are on no remote-tracking ref, and the commits they start
 * from (the boundary). No boundary means the history is new down to its root.
 */
export const commitsNotOnRemotes = (
  root: string,
  id: string,
): { commits: string[]; boundaries: string[] } => {
  const lines = execGit(['rev-list', '--boundary', id, '--not', '--remotes'], root)
    .split('\n')
    .filter(Boolean);
  return {
    commits: lines.filter((line) => !line.startsWith('-')),
    boundaries: lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1)),
  };
};
