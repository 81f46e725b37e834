import { randomBytes } from 'node:crypto';
import {
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { MlhooksError } from '../../errors.js';
import { checkoutCommit, checkoutIndex } from '../../git/checkoutIndex.js';
import type { Repo } from '../../git/getRepo.js';
import type { RawChange } from '../../git/parseDiffRawZ.js';
import { processStartTime } from '../processIdentity.js';
import { cleanStale } from './cleanStale.js';
import { describeState, type FileState, putState, readState, sameState } from './fileState.js';
import { listFolder } from './listFolder.js';
import {
  beforeFile,
  byPath,
  type EnvelopeEntry,
  envelopePaths,
  MANIFEST_VERSION,
  type Manifest,
  stagedDir,
  syncFile,
  tempName,
  writeManifest,
} from './manifest.js';
import { restoreEnvelope } from './restoreEnvelope.js';

const SUBMODULE = '160000';

const refuse = (message: string, hint: string, cause?: unknown) =>
  new MlhooksError('E_ENVELOPE', message, { hint, cause });

const lstatOrNull = (file: string): Stats | null => {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
};

// Identity of what was backed up: any write, chmod, replace or delete since then changes one of these.
const fingerprint = (stat: Stats | null) =>
  stat ? `${stat.ino}:${stat.size}:${stat.mode}:${stat.mtimeMs}:${stat.ctimeMs}` : 'absent';

/**
 * What the work tree is made to hold: the index (pre-commit: the staged content), or a commit
 * (pre-push: the pushed one), with the words that tell the user which.
 */
export interface EnvelopeSource {
  /** null: the index. */
  commit: string | null;
}

export const wordsOf = ({ commit }: EnvelopeSource) =>
  commit === null
    ? {
        content: 'staged',
        changes: 'unstaged changes',
        side: 'the index',
        verb: 'commit',
      }
    : {
        content: 'committed',
        changes: 'uncommitted changes',
        side: 'the pushed commit',
        verb: 'push',
      };

/** The first folder above `path` that is a symbolic link in the work tree, if any (`links` caches per folder). */
const linkAbove = (root: string, path: string, links: Map<string, boolean>): string | null => {
  let found: string | null = null;
  for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
    let link = links.get(dir);
    if (link === undefined) {
      link = lstatOrNull(join(root, dir))?.isSymbolicLink() ?? false;
      links.set(dir, link);
    }
    if (link) found = dir;
  }
  return found;
};

/**
 * Folders missing above `path` (deepest first). A file or link in the way is fine when the
 * envelope removes it first (`vacated`: it is not in the version tested); anything else there is
 * not git's to move, and is refused.
 */
const missingDirs = (
  root: string,
  path: string,
  vacated: ReadonlySet<string>,
  source: EnvelopeSource,
): string[] => {
  const missing: string[] = [];
  for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
    const stat = lstatOrNull(join(root, dir));
    if (stat?.isDirectory()) break;
    if (stat && !vacated.has(dir))
      throw refuse(
        `${dir} is a file in your work tree that git does not track, but ${wordsOf(source).side} has a folder there (for ${path}).`,
        `Nothing was changed. Move ${dir} aside, then ${wordsOf(source).verb} again.`,
      );
    missing.push(dir);
  }
  return missing;
};

const listed = (paths: readonly string[]) =>
  paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;

/** A path that may differ from the source, as git lists it. */
export interface EnvelopeChange extends RawChange {
  /** Not listed by git, which does not compare it (assume-unchanged): hidden only if its content differs. */
  assumeUnchanged?: boolean;
}

// Content and exec bit: the other permission bits follow the umask on checkout.
const sameContent = (a: FileState, b: FileState): boolean =>
  a.kind === 'file' && b.kind === 'file'
    ? a.size === b.size && a.sha256 === b.sha256 && (a.mode & 0o111) === (b.mode & 0o111)
    : sameState(a, b);

export interface Hidden {
  /** The live envelope, or null when nothing could be hidden (only submodules differ). */
  envelope: { dir: string; manifest: Manifest } | null;
  notes: string[];
}

/**
 * Makes the work tree hold the content of `source` (the index, or a commit) for every tracked file
 * in `changes` (those that differ from it), without touching the index, refs, the stash or merge state. Backups of the work tree versions and
 * a manifest are synced to `<git dir>/mlhooks/` and published with one atomic rename before the
 * first work tree file changes: a kill at any point leaves either nothing changed or a complete
 * record that `mlhooks restore` replays.
 */
export const hideUnstaged = (
  repo: Repo,
  changes: readonly EnvelopeChange[],
  source: EnvelopeSource = { commit: null },
  /** Index entries a sparse checkout leaves out of the work tree. */
  skipWorktree: ReadonlySet<string> = new Set(),
): Hidden => {
  const paths = envelopePaths(repo.gitDir);
  const words = wordsOf(source);
  const notes: string[] = [];
  // Every name goes to git and the file system as UTF-8 text; other bytes would name another file.
  const notUtf8 = changes.filter((change) => change.notUtf8).map((change) => change.path);
  if (notUtf8.length > 0)
    throw refuse(
      `${listed(notUtf8)} (as git shows ${notUtf8.length === 1 ? 'it' : 'them'}) differ${notUtf8.length === 1 ? 's' : ''} between your work tree and ${words.side}, and ${notUtf8.length === 1 ? 'its name is' : 'their names are'} not valid UTF-8: mlhooks cannot write such a name for the tests.`,
      source.commit === null
        ? 'Nothing was changed. Stage that change too (or undo it), or rename the file to a UTF-8 name (`git mv`), then commit again.'
        : 'Nothing was changed. Check out the branch you push and push it from there (its files are in place then), or rename the file to a UTF-8 name (`git mv`) in a new commit, then push again.',
    );
  const unmerged = changes.filter((change) => change.status === 'U').map((change) => change.path);
  if (unmerged.length > 0)
    throw refuse(
      `${unmerged.join(', ')} still ${unmerged.length === 1 ? 'has' : 'have'} merge conflicts.`,
      'Resolve them and `git add` the result, then commit again.',
    );
  const submodules = changes.filter((c) => c.srcMode === SUBMODULE || c.dstMode === SUBMODULE);
  if (submodules.length > 0)
    notes.push(
      `submodule ${submodules.map((c) => c.path).join(', ')}: not hidden, the tests see its checked-out commit`,
    );
  const hide = changes.filter((c) => c.srcMode !== SUBMODULE && c.dstMode !== SUBMODULE);
  if (hide.length === 0) return { envelope: null, notes };

  mkdirSync(paths.base, { recursive: true });
  cleanStale(paths);
  const token = randomBytes(6).toString('hex');
  const partial = join(paths.base, `${paths.partialPrefix}${process.pid}-${token}`);
  mkdirSync(join(partial, 'before'), { recursive: true });
  try {
    const present = hide.filter((c) => c.srcMode !== '000000').map((c) => c.path);
    if (source.commit === null) checkoutIndex(repo.root, `${stagedDir(partial)}/`, present);
    else checkoutCommit(repo.root, source.commit, `${stagedDir(partial)}/`, present, join(partial, 'index'));
    const entries: EnvelopeEntry[] = [];
    const fingerprints: string[] = [];
    const links = new Map<string, boolean>();
    const outside: string[] = [];
    const assumed: string[] = [];
    for (const change of hide) {
      // Writing below a linked folder would write wherever it points, outside the repository.
      const link = linkAbove(repo.root, change.path, links);
      if (link)
        throw refuse(
          `${link} is a symbolic link in your work tree, and ${change.path} is below it in ${words.side}: mlhooks does not write through a link to somewhere else.`,
          `Nothing was changed. Move the link aside, then ${words.verb} again.`,
        );
      const file = join(repo.root, change.path);
      const stat = lstatOrNull(file);
      const before: FileState = readState(file);
      if (before.kind === 'other')
        throw refuse(
          `${change.path} is ${describeState(before)} in your work tree, and a file in ${words.side}.`,
          `Nothing was changed. Move it aside, then ${words.verb} again.`,
        );
      const staged: FileState =
        change.srcMode === '000000' ? { kind: 'absent' } : readState(join(stagedDir(partial), change.path));
      const gone = change.status === 'D' || change.dstMode === '000000';
      // git lists a tracked file that is a folder in the work tree as deleted.
      const here = before.kind === 'file' || before.kind === 'symlink';
      // A pushed commit that is not checked out can hold a file that is untracked here: it is
      // backed up and put back like any other.
      const untracked = gone && source.commit !== null && here;
      if (change.assumeUnchanged) {
        // git took the index's word for this file: it is hidden only if it really differs.
        if (sameContent(before, staged)) continue;
      } else if (!untracked && here === gone) {
        // Outside a sparse checkout: not in the work tree by design, and left out (see `outside`).
        if (!here && skipWorktree.has(change.path)) {
          if (staged.kind !== 'absent') outside.push(change.path);
          continue;
        }
        throw refuse(
          `git lists ${change.path} as ${change.status === 'D' ? 'deleted' : 'changed'} but the work tree holds ${describeState(before)} there (changed just now?).`,
          'Nothing was changed. Try again.',
        );
      }
      // A folder where neither side has a file: nothing to hide.
      if (before.kind === 'dir' && staged.kind === 'absent') continue;
      if (before.kind === 'file') {
        const copy = beforeFile(partial, entries.length);
        copyFileSync(file, copy, constants.COPYFILE_FICLONE);
        syncFile(copy);
        const copied = readState(copy);
        if (copied.kind !== 'file' || copied.sha256 !== before.sha256 || copied.size !== before.size)
          throw refuse(
            `${change.path} changed while mlhooks was backing it up.`,
            'Try again once your editor has finished saving.',
          );
      }
      entries.push({ path: change.path, before, staged });
      fingerprints.push(fingerprint(stat));
      if (change.assumeUnchanged) assumed.push(change.path);
    }
    if (outside.length > 0)
      notes.push(
        `outside your sparse checkout, so the tests ran without ${words.side}'s version of ${listed(outside)} (skip-worktree); \`git sparse-checkout add\` ${outside.length === 1 ? 'its folder' : 'their folders'} to test with ${outside.length === 1 ? 'it' : 'them'}`,
      );
    if (assumed.length > 0)
      notes.push(
        `${listed(assumed)}: marked assume-unchanged, so git does not show ${assumed.length === 1 ? 'its' : 'their'} edits, but ${assumed.length === 1 ? 'it differs' : 'they differ'} from ${words.side}: the tests saw ${words.content === 'staged' ? 'the staged' : 'the committed'} version`,
      );
    // A path can be a file on one side and a folder on the other: what the tested version lacks
    // makes room for what it has.
    const vacated = new Set(
      entries.filter((e) => e.staged.kind === 'absent' && e.before.kind !== 'absent').map((e) => e.path),
    );
    const createdDirs = new Set<string>();
    for (const entry of entries.filter((e) => e.staged.kind !== 'absent')) {
      if (entry.before.kind === 'dir') {
        // The folder goes, and comes back empty: only if everything in it is hidden with it.
        const { dirs, others } = listFolder(repo.root, entry.path);
        const untracked = others.filter((path) => !vacated.has(path));
        if (untracked.length > 0)
          throw refuse(
            `${entry.path} is a folder in your work tree but a file in ${words.side}, and the folder holds ${untracked.length === 1 ? 'a file' : 'files'} git does not track: ${listed(untracked)}.`,
            `Nothing was changed. Move ${untracked.length === 1 ? 'it' : 'them'} out of ${entry.path}, then ${words.verb} again.`,
          );
        for (const dir of dirs) {
          entries.push({ path: dir, before: readState(join(repo.root, dir)), staged: { kind: 'absent' } });
          fingerprints.push('folder');
        }
      }
      for (const dir of missingDirs(repo.root, entry.path, vacated, source)) createdDirs.add(dir);
    }
    if (entries.length === 0) return { envelope: null, notes };
    const manifest: Manifest = {
      version: MANIFEST_VERSION,
      owner: { pid: process.pid, startTime: processStartTime(process.pid) },
      created: new Date().toISOString(),
      root: repo.root,
      commit: source.commit,
      token,
      entries,
      createdDirs: [...createdDirs].sort((a, b) => b.length - a.length),
    };
    writeManifest(partial, manifest);
    syncFile(join(partial, 'before'));
    syncFile(partial);
    // The commit point. Renaming onto an existing (never empty) envelope fails, so two runs in one
    // repository cannot both hide: the loser stops here with nothing touched.
    try {
      renameSync(partial, paths.live);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      throw refuse(
        `another mlhooks run is testing the ${words.content} content of this repository right now.`,
        'Wait for it to finish, then try again.',
        error,
      );
    }
    syncFile(paths.base);
    try {
      const unchanged = (entry: EnvelopeEntry, index: number, file: string) => {
        // A folder's own stamp changes as what it holds is hidden; removing it fails if it is not empty.
        if (entry.before.kind !== 'dir' && fingerprint(lstatOrNull(file)) !== fingerprints[index])
          throw refuse(
            `${entry.path} changed while mlhooks was hiding your ${words.changes}.`,
            'Nothing is lost. Try again once your editor has finished saving.',
          );
      };
      const indexed = manifest.entries.map((entry, index) => ({ entry, index }));
      const inOrder = (a: { entry: EnvelopeEntry }, b: { entry: EnvelopeEntry }) => byPath(a.entry, b.entry);
      // First make room, deepest first (what a folder holds before the folder); then write,
      // folders before what they hold.
      const clear = indexed
        .filter(
          ({ entry: e }) =>
            e.before.kind === 'dir' || (e.before.kind !== 'absent' && e.staged.kind === 'absent'),
        )
        .sort(inOrder)
        .reverse();
      for (const { entry, index } of clear) {
        const file = join(repo.root, entry.path);
        unchanged(entry, index, file);
        if (entry.before.kind === 'dir') rmdirSync(file);
        else putState(file, entry.staged, null, join(dirname(file), tempName(token, index)));
      }
      for (const { entry, index } of indexed
        .filter(({ entry: e }) => e.staged.kind !== 'absent')
        .sort(inOrder)) {
        const file = join(repo.root, entry.path);
        if (entry.before.kind !== 'dir') unchanged(entry, index, file);
        mkdirSync(dirname(file), { recursive: true });
        putState(
          file,
          entry.staged,
          join(stagedDir(paths.live), entry.path),
          join(dirname(file), tempName(token, index)),
        );
      }
    } catch (error) {
      try {
        restoreEnvelope(repo.root, paths.live);
      } catch (restoreError) {
        throw refuse(
          `could not hide your ${words.changes} (${(error as Error).message}), nor put back the ones hidden so far (${(restoreError as Error).message}).`,
          `Nothing is lost: they are saved in ${paths.live}. Fix the cause, then run \`npx mlhooks restore\` (or \`mlhooks restore\`).`,
          restoreError,
        );
      }
      throw error;
    }
    return { envelope: { dir: paths.live, manifest }, notes };
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
};
