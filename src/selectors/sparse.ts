import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFlaggedFiles } from '../git/listFlaggedFiles.js';
import type { Selection } from '../types.js';

/**
 * A sparse checkout leaves files out of the work tree (skip-worktree), and a test that is not there
 * cannot run: its runner would stop at a missing file. Such tests are left out of the selection,
 * and a note names them. One stat when the checkout is not sparse; one git call when it is.
 */
export const leaveOutSparse = (
  selection: Selection,
  {
    root,
    gitDir,
    projectRoot,
    prefix,
  }: { root: string; gitDir: string; projectRoot: string; prefix: string },
): void => {
  if (selection.tests.length === 0 || !existsSync(join(gitDir, 'info', 'sparse-checkout'))) return;
  const { skipWorktree } = listFlaggedFiles(root);
  if (skipWorktree.size === 0) return;
  const outside = selection.tests.filter(
    (test) => skipWorktree.has(prefix + test.path) && !existsSync(join(projectRoot, test.path)),
  );
  if (outside.length === 0) return;
  selection.tests = selection.tests.filter((test) => !outside.includes(test));
  const shown = outside
    .slice(0, 3)
    .map((test) => test.path)
    .join(', ');
  const more = outside.length > 3 ? `, and ${outside.length - 3} more` : '';
  selection.notes.push(
    `${outside.length} affected test file${outside.length === 1 ? ' is' : 's are'} outside your sparse checkout and not run: ${shown}${more} (\`git sparse-checkout add\` its folder to run it)`,
  );
};
