import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

// Variables that change where git looks for the repository: with any of them set, ask git.
const LOCATION_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
];

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Finds the work tree and git dir by looking for `.git` upwards, as git does, without starting
 * git (it saves a process on every commit). Returns null for anything unusual (environment
 * overrides, a bare repo, core.worktree, cwd inside the git dir): the caller then asks git.
 */
export const findRepoFast = (
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { root: string; gitDir: string } | null => {
  if (LOCATION_ENV.some((name) => env[name])) return null;
  for (let dir = cwd; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    let isDir: boolean;
    try {
      isDir = statSync(dotGit).isDirectory();
    } catch {
      if (dirname(dir) === dir) return null;
      continue;
    }
    let gitDir = dotGit;
    if (!isDir) {
      const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!match?.[1]) return null;
      gitDir = resolve(dir, match[1].trim());
    }
    if (isInside(cwd, gitDir)) return null;
    try {
      const config = readFileSync(join(gitDir, 'config'), 'utf8');
      if (/^\s*(?:worktree\s*=|bare\s*=\s*true)/im.test(config)) return null;
    } catch {
      // a linked worktree keeps its config in the common dir; nothing unusual to find here
    }
    return { root: dir, gitDir };
  }
};
