import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getStagedChanges } from '../git/getDiff.js';
import type { ChangeSet } from '../types.js';

/** Whether git stopped a merge that a commit will conclude (conflicts, --no-commit). */
export const mergeInProgress = (gitDir: string): boolean => existsSync(join(gitDir, 'MERGE_HEAD'));

/**
 * pre-merge-commit: what the merge brings in, i.e. the merged index against HEAD. The index is the
 * state checked (`head: null`), never MERGE_HEAD's tree: a test only the current branch has still
 * imports what the merge changes.
 */
export const preMergeCommitChangeSet = (
  root: string,
  gitDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ChangeSet => ({
  stage: 'pre-merge-commit',
  base: 'HEAD',
  head: null,
  files: getStagedChanges(root),
  // A merge git makes by itself runs this hook before it writes MERGE_HEAD: the merged index is
  // then all there is, and right. Only a run by hand (git sets GIT_REFLOG_ACTION for its hooks
  // here: `merge <branch>`, `pull`) is worth a word.
  notes:
    mergeInProgress(gitDir) || env.GIT_REFLOG_ACTION
      ? []
      : ['no merge in progress (no MERGE_HEAD): checking the staged change'],
});
