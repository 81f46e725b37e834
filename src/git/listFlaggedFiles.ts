import { execGit } from './execGit.js';
import { type FlaggedFiles, parseLsFilesTagsZ } from './parseLsFilesTagsZ.js';

/**
 * Index entries whose work tree git does not compare (skip-worktree, assume-unchanged): `git diff`
 * and `git diff-index` are silent about them. The index GIT_INDEX_FILE names when git set one.
 * Read-only, as `listUnstaged`.
 */
export const listFlaggedFiles = (root: string): FlaggedFiles =>
  parseLsFilesTagsZ(execGit(['ls-files', '-v', '-s', '-z'], root));
