import { tryGit } from './execGit.js';
import { resolveCommit } from './revisions.js';

const ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Several refs to commit ids with one git process. When one is not a commit (or names more than
 * one, like `a..b`, or looks like an option), each is asked for alone, so that the error names it.
 */
export const resolveCommits = (root: string, refs: readonly string[]): string[] => {
  // The trailing `--` makes every argument a revision, never a path; rev-parse echoes it last.
  const out = tryGit(['rev-parse', ...refs.map((ref) => `${ref}^{commit}`), '--'], root);
  const lines = out.stdout.split('\n').filter(Boolean);
  const ids = lines.slice(0, -1);
  if (
    out.status === 0 &&
    lines[lines.length - 1] === '--' &&
    ids.length === refs.length &&
    ids.every((id) => ID.test(id))
  )
    return ids;
  return refs.map((ref) => resolveCommit(root, ref));
};
