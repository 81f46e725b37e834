import { isMlhooksError, MlhooksError } from '../errors.js';
import type { Repo } from '../git/getRepo.js';
import { listFlaggedFiles } from '../git/listFlaggedFiles.js';
import { listUncommitted, listUnstaged } from '../git/listUnstaged.js';
import type { RawChange } from '../git/parseDiffRawZ.js';
import type { FlaggedFiles } from '../git/parseLsFilesTagsZ.js';
import { refuseLeftover } from './envelope/findLeftover.js';
import { type EnvelopeChange, type EnvelopeSource, hideUnstaged, wordsOf } from './envelope/hideUnstaged.js';
import { type Restored, restoreEnvelope } from './envelope/restoreEnvelope.js';

export interface EnvelopeOutcome<T> {
  value: T;
  /** Whether changes were hidden while `fn` ran. */
  hidden: boolean;
  /** Worth telling the user: submodules left as they are, files that changed while hidden. */
  notes: string[];
}

const keptNotes = (restored: Restored): string[] =>
  restored.kept.map(
    (kept) =>
      `${kept.path} changed while the tests ran: it holds ${kept.now} now, left as it is${kept.savedAt ? `; your version from before the run is saved at ${kept.savedAt}` : ''}`,
  );

const restoreFailed = (gitDir: string, source: EnvelopeSource, cause: unknown) =>
  new MlhooksError(
    'E_ENVELOPE',
    `could not put your ${wordsOf(source).changes} back: ${(cause as Error).message ?? String(cause)}`,
    {
      hint: `Nothing is lost: they are saved in ${gitDir}/mlhooks/envelope. Fix the cause, then run \`npx mlhooks restore\` (or \`mlhooks restore\`).`,
      cause,
    },
  );

/**
 * Assume-unchanged files git did not list: it takes the index's word for them, so an edit in the
 * work tree is invisible to it. Each is compared by content when hiding. (Such an entry that
 * differs between the index and a commit is listed anyway: git compares the index side.)
 */
const notListed = (
  listed: readonly RawChange[],
  assumed: FlaggedFiles['assumeUnchanged'],
): EnvelopeChange[] => {
  if (assumed.length === 0) return [];
  const seen = new Set(listed.map((change) => change.path));
  return (
    assumed
      // A submodule is never hidden; a name that is not UTF-8 comes back mangled, naming no file.
      .filter(({ path, mode }) => !seen.has(path) && mode !== '160000' && !path.includes('\uFFFD'))
      .map(({ path, mode, id }) => ({
        srcMode: mode,
        dstMode: mode,
        srcId: id,
        status: 'M',
        path,
        assumeUnchanged: true,
      }))
  );
};

// A file system that says no (read-only directory, disk full) is the user's to fix, not a bug in
// mlhooks; hideUnstaged has put back whatever it had hidden before it throws.
const hideOrExplain = (
  repo: Repo,
  changes: readonly EnvelopeChange[],
  source: EnvelopeSource,
  skipWorktree: ReadonlySet<string>,
) => {
  try {
    return hideUnstaged(repo, changes, source, skipWorktree);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isMlhooksError(error) || typeof code !== 'string' || !code.startsWith('E')) throw error;
    throw new MlhooksError(
      'E_ENVELOPE',
      `could not hide your ${wordsOf(source).changes}: ${(error as Error).message}`,
      {
        hint: 'Nothing was lost and your files are as they were. Fix the cause and try again, or skip the checks once with MLHOOKS=0.',
        cause: error,
      },
    );
  }
};

/**
 * Runs `fn` while the work tree holds exactly the content of `source` for tracked files: the staged
 * content (the index, or the temporary one `git commit -a` / `git commit <path>` hands the hook), or
 * a commit's (the pushed one); untracked files stay. The index, refs, the stash and
 * merge/cherry-pick state are never written. No git work beyond one `git diff` (`git diff-index`)
 * and one `git ls-files` when nothing differs. `fn` must not throw for test failures. Files a
 * sparse checkout leaves out stay out (the run says which the tests did not see).
 */
export const withContentOf = async <T>(
  repo: Repo,
  source: EnvelopeSource,
  fn: () => Promise<T>,
): Promise<EnvelopeOutcome<T>> => {
  refuseLeftover(repo.gitDir);
  const listed = source.commit === null ? listUnstaged(repo.root) : listUncommitted(repo.root, source.commit);
  const flagged = listFlaggedFiles(repo.root);
  const changes = [...listed, ...notListed(listed, flagged.assumeUnchanged)];
  if (changes.length === 0) return { value: await fn(), hidden: false, notes: [] };
  const { envelope, notes } = hideOrExplain(repo, changes, source, flagged.skipWorktree);
  if (!envelope) return { value: await fn(), hidden: false, notes };
  // A last resort if mlhooks dies of an uncaught error while the files are hidden: restoring is
  // synchronous, so it can run in the exit handler. Only SIGKILL gets past it (then: mlhooks restore).
  const onExit = () => {
    try {
      restoreEnvelope(repo.root, envelope.dir);
    } catch {
      // the envelope stays for `mlhooks restore`
    }
  };
  process.on('exit', onExit);
  let value: T;
  try {
    value = await fn();
  } finally {
    process.off('exit', onExit);
    try {
      notes.push(...keptNotes(restoreEnvelope(repo.root, envelope.dir)));
    } catch (error) {
      // biome-ignore lint/correctness/noUnsafeFinally: failing to restore outranks whatever fn threw
      throw restoreFailed(repo.gitDir, source, error);
    }
  }
  return { value, hidden: true, notes };
};
