import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, lstatSync, mkdirSync, renameSync, rmSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { MlhooksError } from '../../errors.js';
import { checkoutCommit, checkoutIndex } from '../../git/checkoutIndex.js';
import type { Repo } from '../../git/getRepo.js';
import type { RawChange } from '../../git/parseDiffRawZ.js';
import { processStartTime } from '../processIdentity.js';
import { cleanStale } from './cleanStale.js';
import { describeState, type FileState, putState, readState } from './fileState.js';
import {
  beforeFile,
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
        retry: 'Stage that change too (or undo it), then commit again.',
      }
    : {
        content: 'committed',
        changes: 'uncommitted changes',
        side: 'the pushed commit',
        retry: 'Commit that change (or stash it), then push again.',
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

/** Directories missing above `path` (deepest first); refuses when something other than a directory is in the way. */
const missingDirs = (root: string, path: string, source: EnvelopeSource): string[] => {
  const missing: string[] = [];
  for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
    const stat = lstatOrNull(join(root, dir));
    if (stat?.isDirectory()) break;
    if (stat)
      throw refuse(
        `${dir} is not a directory in your work tree, but the ${wordsOf(source).content} ${path} needs it to be one.`,
        wordsOf(source).retry,
      );
    missing.push(dir);
  }
  return missing;
};

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
  changes: readonly RawChange[],
  source: EnvelopeSource = { commit: null },
): Hidden => {
  const paths = envelopePaths(repo.gitDir);
  const words = wordsOf(source);
  const notes: string[] = [];
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
    const createdDirs = new Set<string>();
    const links = new Map<string, boolean>();
    hide.forEach((change, index) => {
      // Writing below a linked folder would write wherever it points, outside the repository.
      const link = linkAbove(repo.root, change.path, links);
      if (link)
        throw refuse(
          `${link} is a symbolic link in your work tree, and ${change.path} is below it in ${words.side}: mlhooks does not write through a link to somewhere else.`,
          `Nothing was changed. Move the link aside, then ${source.commit === null ? 'commit' : 'push'} again.`,
        );
      const file = join(repo.root, change.path);
      const stat = lstatOrNull(file);
      const before: FileState = readState(file);
      if (before.kind === 'other')
        throw refuse(
          `${change.path} is a directory in your work tree but a file in ${words.side}.`,
          words.retry,
        );
      const gone = change.status === 'D' || change.dstMode === '000000';
      // A pushed commit that is not checked out can hold a file that is untracked here: it is
      // backed up and put back like any other.
      const untracked = gone && source.commit !== null && before.kind !== 'absent';
      // A name that is not valid UTF-8 comes back from git mangled, and then names no file here.
      if (!untracked && (before.kind === 'absent') !== gone)
        throw refuse(
          `git lists ${change.path} as ${change.status === 'D' ? 'deleted' : 'changed'} but the work tree holds ${describeState(before)} there (changed just now, or a file name that is not valid UTF-8).`,
          'Try again; for a file name that is not UTF-8, rename the file.',
        );
      if (before.kind === 'file') {
        const copy = beforeFile(partial, index);
        copyFileSync(file, copy, constants.COPYFILE_FICLONE);
        syncFile(copy);
        const copied = readState(copy);
        if (copied.kind !== 'file' || copied.sha256 !== before.sha256 || copied.size !== before.size)
          throw refuse(
            `${change.path} changed while mlhooks was backing it up.`,
            'Try again once your editor has finished saving.',
          );
      }
      const staged: FileState =
        change.srcMode === '000000' ? { kind: 'absent' } : readState(join(stagedDir(partial), change.path));
      if (staged.kind !== 'absent')
        for (const dir of missingDirs(repo.root, change.path, source)) createdDirs.add(dir);
      entries.push({ path: change.path, before, staged });
      fingerprints.push(fingerprint(stat));
    });
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
      manifest.entries.forEach((entry, index) => {
        const file = join(repo.root, entry.path);
        if (fingerprint(lstatOrNull(file)) !== fingerprints[index])
          throw refuse(
            `${entry.path} changed while mlhooks was hiding your ${words.changes}.`,
            'Nothing is lost. Try again once your editor has finished saving.',
          );
        if (entry.staged.kind !== 'absent') mkdirSync(dirname(file), { recursive: true });
        putState(
          file,
          entry.staged,
          join(stagedDir(paths.live), entry.path),
          join(dirname(file), tempName(token, index)),
        );
      });
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
