import type { FileChange } from '../types.js';
import { execGit } from './execGit.js';
import { parseNameStatusZ } from './parseNameStatusZ.js';

// --no-relative and --no-color override user config (diff.relative, color.diff) that would change the output.
const NAME_STATUS = ['--name-status', '-z', '-M', '--no-relative', '--no-color', '--no-ext-diff'];

/** The staged change: the index against HEAD (against the empty tree before the first commit). */
export const getStagedChanges = (root: string): FileChange[] =>
  parseNameStatusZ(execGit(['diff', '--cached', ...NAME_STATUS], root));

/** The change from one commit (or tree) to another. */
export const getRangeChanges = (root: string, base: string, head: string): FileChange[] =>
  parseNameStatusZ(execGit(['diff', ...NAME_STATUS, base, head, '--'], root));
