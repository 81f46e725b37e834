import { MlhooksError } from '../errors.js';
import { tryGit } from './execGit.js';
import { findRepoFast } from './findRepoFast.js';

export interface Repo {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** Absolute path of this work tree's git dir (differs from the common dir in a linked worktree). */
  gitDir: string;
}

export const getRepo = (cwd: string): Repo => {
  const fast = findRepoFast(cwd);
  if (fast) return fast;
  const out = tryGit(['rev-parse', '--show-toplevel', '--absolute-git-dir'], cwd);
  if (out.status !== 0) {
    if (/not a git repository/i.test(out.stderr)) {
      throw new MlhooksError('E_NOT_GIT_REPO', `${cwd} is not inside a git repository.`, {
        hint: 'Run mlhooks from inside your repository, or create one with `git init`.',
      });
    }
    if (/must be run in a work tree/i.test(out.stderr)) {
      throw new MlhooksError(
        'E_BARE_REPO',
        `${cwd} is not inside a work tree (a bare repository, or inside .git).`,
        {
          hint: 'Run mlhooks from a checkout of the repository: hooks and tests need a work tree.',
        },
      );
    }
    throw new MlhooksError('E_GIT', `git could not read the repository at ${cwd}: ${out.stderr.trim()}`);
  }
  const [root, gitDir] = out.stdout.split('\n');
  if (!root || !gitDir)
    throw new MlhooksError('E_GIT', `unexpected output from git rev-parse: ${JSON.stringify(out.stdout)}`);
  return { root, gitDir };
};
