import { execGit, tryGit } from './execGit.js';

export const getGitConfig = (root: string, key: string): string | null => {
  const out = tryGit(['config', '--get', key], root);
  return out.status === 0 ? out.stdout.trim() : null;
};

export const unsetGitConfig = (root: string, key: string): void => {
  // Exit 5 means the key was not set, which is what we want anyway.
  const out = tryGit(['config', '--unset', key], root);
  if (out.status !== 0 && out.status !== 5) execGit(['config', '--unset', key], root);
};

/** Where git looks for hooks when core.hooksPath is not set (a linked worktree shares the common dir's). */
export const getDefaultHooksDir = (root: string): string => `${getCommonDir(root)}/hooks`;

export const setGitConfig = (root: string, key: string, value: string): void => {
  execGit(['config', key, value], root);
};

/** The git dir shared by all worktrees of the repository. */
export const getCommonDir = (root: string): string =>
  execGit(['rev-parse', '--path-format=absolute', '--git-common-dir'], root).trim();
