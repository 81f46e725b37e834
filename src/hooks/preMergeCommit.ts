import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStagedChanges } from '../git/getDiff.js';
import type { ChangeSet } from '../types.js';

/** pre-merge-commit: what the merge brings in, i.e. the merged index against HEAD. */
export const preMergeCommitChangeSet = (
  root: string,
  gitDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ChangeSet => {
  let mergeHead: string | null = null;
  try {
    mergeHead = readFileSync(join(gitDir, 'MERGE_HEAD'), 'utf8').split('\n')[0]?.trim() || null;
  } catch {
    // not in a merge (run by hand): the staged change is all there is
  }
  return {
    stage: 'pre-merge-commit',
    base: 'HEAD',
    head: mergeHead,
    files: getStagedChanges(root),
    // A merge git makes by itself runs this hook before it writes MERGE_HEAD: the merged index is
    // then all there is, and right. Only a run by hand (git sets GIT_REFLOG_ACTION for its hooks
    // here: `merge <branch>`, `pull`) is worth a word.
    notes:
      mergeHead || env.GIT_REFLOG_ACTION
        ? []
        : ['no merge in progress (no MERGE_HEAD): checking the staged change'],
  };
};
