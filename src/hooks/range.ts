import { findRepoFast } from '../git/findRepoFast.js';
import { getRangeChanges } from '../git/getDiff.js';
import { isShallow } from '../git/isShallow.js';
import { readHeadFast } from '../git/readHeadFast.js';
import { resolveCommits } from '../git/resolveCommits.js';
import { mergeBase } from '../git/revisions.js';
import type { ChangeSet, Stage } from '../types.js';

/**
 * The commits of both refs and where head forked from base. The usual `--base X` with HEAD takes one
 * git process: HEAD is read from the git dir's files and merge-base resolves the base ref itself;
 * anything else (an unusual repo, a ref that is not a commit, no shared history) asks git for each.
 */
const forkPoint = (
  root: string,
  baseRef: string,
  headRef: string,
): { base: string; head: string; fork: string | null } => {
  const gitDir = headRef === 'HEAD' && !baseRef.startsWith('-') ? findRepoFast(root)?.gitDir : undefined;
  const head = gitDir ? readHeadFast(gitDir) : null;
  const fork = head ? mergeBase(root, `${baseRef}^{commit}`, head) : null;
  if (head && fork) return { base: fork, head, fork };
  const [base, resolvedHead] = resolveCommits(root, [baseRef, headRef]) as [string, string];
  return { base, head: resolvedHead, fork: mergeBase(root, base, resolvedHead) };
};

/**
 * `--base/--head` (CI, or a stage tried by hand): what head adds since it forked from base,
 * like a pull request's diff (base...head).
 */
export const rangeChangeSet = (root: string, stage: Stage, baseRef: string, headRef = 'HEAD'): ChangeSet => {
  const { base, head, fork } = forkPoint(root, baseRef, headRef);
  const notes: string[] = [];
  if (!fork)
    notes.push(
      isShallow(root)
        ? `this clone is shallow and lacks the commit ${headRef} forked from ${baseRef}: comparing the two directly, which checks more (changes on ${baseRef} count too); \`git fetch --unshallow\` (or --deepen) gives the exact set`
        : `${baseRef} and ${headRef} share no history: comparing them directly, which checks more`,
    );
  return { stage, base: fork ?? base, head, files: getRangeChanges(root, fork ?? base, head), notes };
};
