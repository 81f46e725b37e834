import { getStagedChanges } from '../git/getDiff.js';
import type { ChangeSet } from '../types.js';

/** pre-commit: the staged change (the index against HEAD). */
export const preCommitChangeSet = (root: string): ChangeSet => ({
  stage: 'pre-commit',
  base: 'HEAD',
  head: null,
  files: getStagedChanges(root),
  notes: [],
});
