import { MlhooksError } from '../errors.js';
import { hasUnstagedChanges } from '../git/listFiles.js';
import { hasHead } from '../git/revisions.js';

export interface EnvelopeOutcome<T> {
  value: T;
  /** Whether unstaged changes were hidden while `fn` ran. */
  hidden: boolean;
}

/**
 * Runs `fn` while the work tree holds exactly the staged content of tracked files, using
 * lint-staged's proven backup-stash / hide / restore mechanism; untracked files stay in place.
 * Skipped (no git work at all) when nothing is unstaged. `fn` must not throw for test failures.
 */
export const withStagedContent = async <T>(
  root: string,
  fn: () => Promise<T>,
): Promise<EnvelopeOutcome<T>> => {
  if (!hasUnstagedChanges(root)) return { value: await fn(), hidden: false };
  const { default: lintStaged } = await import('lint-staged');
  // Before the first commit there is no HEAD to stash against: hide partially staged files only.
  const head = hasHead(root);
  let ran = false;
  let value: T | undefined;
  let failure: unknown;
  const messages: string[] = [];
  const log = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
  };
  const restored = await lintStaged(
    {
      cwd: root,
      config: {
        '*': {
          title: 'mlhooks',
          task: async () => {
            ran = true;
            try {
              value = await fn();
            } catch (error) {
              // Resolve anyway: lint-staged then restores the unstaged changes the normal way.
              failure = error;
            }
          },
        },
      },
      hideUnstaged: head,
      hidePartiallyStaged: !head,
      allowEmpty: true,
      quiet: true,
      concurrent: false,
      diffFilter: 'ACMRDT',
    },
    { log, warn: log, error: log, debug: () => {} },
  );
  if (!restored) {
    throw new MlhooksError(
      'E_ENVELOPE',
      `lint-staged could not hide or restore your unstaged changes:\n${messages.join('\n').trim()}`,
      {
        hint: 'Nothing is lost: your changes are in `git stash list` ("lint-staged automatic backup"); `git stash apply --index <n>` brings them back.',
        cause: failure,
      },
    );
  }
  if (failure !== undefined) throw failure;
  if (!ran) return { value: await fn(), hidden: false };
  return { value: value as T, hidden: true };
};
