import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The git dir shared by all worktrees: a linked worktree's git dir names it in `commondir`. */
export const commonDirOf = (gitDir: string): string => {
  try {
    return resolve(gitDir, readFileSync(resolve(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
};
