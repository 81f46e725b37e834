import { getRangeChanges } from '../git/getDiff.js';
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
      `${baseRef} and ${headRef} share no history here (a shallow clone?): comparing them directly, which may select more`,
    );
  return { stage, base: fork ?? base, head, files: getRangeChanges(root, fork ?? base, head), notes };
};
