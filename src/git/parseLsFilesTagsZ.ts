import { forEachZRecord } from './zRecords.js';

/** Index entries whose work tree git does not look at. */
export interface FlaggedFiles {
  /** Skip-worktree (a sparse checkout leaves them out of the work tree by design). */
  skipWorktree: Set<string>;
  /** Assume-unchanged (`git update-index --assume-unchanged`): git takes the index's word for their content. */
  assumeUnchanged: { path: string; mode: string; id: string }[];
}

/**
 * Parses `git ls-files -v -s -z`: `<tag> SP <mode> SP <id> SP <stage> TAB <path> NUL`. The tag
 * is S for skip-worktree, and lower case for assume-unchanged (`h`, `s`). Only those are kept:
 * in a sparse checkout nearly every entry is one, so plain ones cost no more than a character read.
 */
export const parseLsFilesTagsZ = (output: string): FlaggedFiles => {
  const flagged: FlaggedFiles = { skipWorktree: new Set(), assumeUnchanged: [] };
  forEachZRecord(output, 'ls-files -v -s', (start, first, second, tab, end) => {
    const tag = output[start];
    if (tag === 'H') return;
    if (tag === 'S' || tag === 's') flagged.skipWorktree.add(output.slice(tab + 1, end));
    if (tag === undefined || tag === tag.toUpperCase()) return;
    const id = output.slice(second + 1, output.indexOf(' ', second + 1));
    // A conflict's stages are not an assumption about the work tree.
    if (output.slice(tab - 1, tab) !== '0') return;
    flagged.assumeUnchanged.push({
      path: output.slice(tab + 1, end),
      mode: output.slice(first + 1, second),
      id,
    });
  });
  return flagged;
};
