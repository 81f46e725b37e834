import { getRangeChanges } from '../git/getDiff.js';
import { isShallow } from '../git/isShallow.js';
import { mergeBase, resolveCommit } from '../git/revisions.js';
import type { ChangeSet, Stage } from '../types.js';

/**
 * `--base/--head` (CI, or a stage tried by hand): what head adds since it forked from base,
 * like a pull request's diff (base...head).
 */
export const rangeChangeSet = (root: string, stage: Stage, baseRef: string, headRef = 'HEAD'): ChangeSet => {
  const base = resolveCommit(root, baseRef);
  const head = resolveCommit(root, headRef);
  const fork = mergeBase(root, base, head);
  const notes: string[] = [];
  if (!fork)
    notes.push(
      isShallow(root)
        ? `this clone is shallow and lacks the commit ${headRef} forked from ${baseRef}: comparing the two directly, which checks more (changes on ${baseRef} count too); \`git fetch --unshallow\` (or --deepen) gives the exact set`
        : `${baseRef} and ${headRef} share no history: comparing them directly, which checks more`,
    );
  return { stage, base: fork ?? base, head, files: getRangeChanges(root, fork ?? base, head), notes };
};
