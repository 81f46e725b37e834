import { MlhooksError } from '../errors.js';
import type { Repo } from '../git/getRepo.js';
import { parsePrePushInput } from '../git/parsePrePushInput.js';
import { peelToCommit } from '../git/revisions.js';
import { preCommitChangeSet } from '../hooks/preCommit.js';
import { mergeInProgress, preMergeCommitChangeSet } from '../hooks/preMergeCommit.js';
import { prePushChangeSet } from '../hooks/prePush.js';
import { rangeChangeSet } from '../hooks/range.js';
import type { ChangeSet, Stage } from '../types.js';

export interface ChangeSetRequest {
  stage: Stage;
  base?: string;
  head?: string;
  /** What git wrote to the hook's stdin, or null when stdin is a terminal. */
  readStdin(): string | null;
}

/** The change a stage checks: a range when --base is given, else what git hands the hook. */
export const changeSetFor = (repo: Repo, { stage, base, head, readStdin }: ChangeSetRequest): ChangeSet => {
  if (base) return rangeChangeSet(repo.root, stage, base, head);
  if (head)
    throw new MlhooksError('E_USAGE', '--head needs --base.', {
      hint: 'Pass both, e.g. --base origin/main --head HEAD.',
    });
  switch (stage) {
    case 'pre-commit': {
      // `git commit` that concludes a merge (one git stopped, for conflicts or --no-commit): git runs
      // no pre-merge-commit then, so this is the merge's check, with the merge's tiers.
      if (mergeInProgress(repo.gitDir)) {
        const merge = preMergeCommitChangeSet(repo.root, repo.gitDir);
        merge.notes.unshift('this commit concludes a merge: checked as pre-merge-commit, with its tiers');
        return merge;
      }
      return preCommitChangeSet(repo.root);
    }
    case 'pre-merge-commit':
      return preMergeCommitChangeSet(repo.root, repo.gitDir);
    case 'pre-push': {
      const input = readStdin();
      if (input === null) {
        throw new MlhooksError(
          'E_USAGE',
          'pre-push reads the pushed refs from stdin, which is a terminal here.',
          {
            hint: 'Run it through `git push`, or try a range by hand: mlhooks run pre-push --base origin/main',
          },
        );
      }
      return prePushChangeSet(repo.root, parsePrePushInput(input), peelToCommit(repo.root, 'HEAD'));
    }
    case 'ci':
      throw new MlhooksError('E_USAGE', 'ci needs --base: the ref to compare with.', {
        hint: 'mlhooks ci --base origin/main',
      });
  }
};
