import { copyFileSync, mkdirSync, renameSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeState, type FileState, putState, readState, sameState } from './fileState.js';
import { beforeFile, byPath, type EnvelopeEntry, envelopePaths, readManifest, tempName } from './manifest.js';

export interface Kept {
  path: string;
  /** What is in the work tree now and was left there. */
  now: string;
  /** Where the version from before the run was saved, or null when there was none. */
  savedAt: string | null;
}

export interface Restored {
  restored: string[];
  /** Paths that changed while hidden (an editor, a test): the newer content stays, the older is saved. */
  kept: Kept[];
  owner: { pid: number; created: string };
}

const removeIfPresent = (file: string) => {
  try {
    rmSync(file, { force: true });
  } catch (error) {
    // Its folder is a file now: then there is no temp file in it either.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
};

/** Makes the folder `file` goes in; false when a file (or link) stands where a folder should. */
const makeParent = (file: string): boolean => {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') return false;
    throw error;
  }
};

/** Saves the before-run version of an entry under `<git dir>/mlhooks/recovered/<time>/<path>`. */
const saveAside = (envelope: string, index: number, entry: EnvelopeEntry, to: string): string | null => {
  const { before } = entry;
  if (before.kind === 'absent' || before.kind === 'dir' || before.kind === 'other') return null;
  const target = join(to, entry.path);
  mkdirSync(dirname(target), { recursive: true });
  removeIfPresent(target);
  if (before.kind === 'symlink') symlinkSync(before.target, target);
  else copyFileSync(beforeFile(envelope, index), target);
  return target;
};

/**
 * Puts back the work tree an envelope hid, from its manifest and backups. Safe to run again after
 * being cut short, and after the user went on working: a path is only rewritten when it still
 * holds exactly what mlhooks put there; anything else is newer work and stays, with the
 * before-run version saved aside. Removes the envelope (one atomic rename) only once every path
 * is back. Throws, leaving the envelope for the next attempt, when a file cannot be written.
 */
export const restoreEnvelope = (root: string, envelope: string): Restored => {
  const manifest = readManifest(envelope);
  const paths = envelopePaths(dirname(dirname(envelope)));
  const recovered = join(paths.recovered, manifest.created.replace(/[:.]/g, '-'));
  const result: Restored = {
    restored: [],
    kept: [],
    owner: { pid: manifest.owner.pid, created: manifest.created },
  };
  const restoreEntry = ({ entry, index }: { entry: EnvelopeEntry; index: number }) => {
    const file = join(root, entry.path);
    const temp = join(dirname(file), tempName(manifest.token, index));
    // The random token makes the temp name ours: a kill between its write and rename left it.
    removeIfPresent(temp);
    const now: FileState = readState(file);
    if (sameState(now, entry.before)) return;
    // Gone altogether (a test cleaned up after itself, say): putting the old version back overwrites nothing.
    const vacant = now.kind === 'absent';
    if (!vacant && !sameState(now, entry.staged)) {
      result.kept.push({
        path: entry.path,
        now: describeState(now),
        savedAt: saveAside(envelope, index, entry, recovered),
      });
      return;
    }
    if (entry.before.kind !== 'absent' && !makeParent(file)) {
      // The folder it was in is a file now (newer work, kept above): this one is saved aside too.
      result.kept.push({
        path: entry.path,
        now: `nothing (${dirname(entry.path)} is not a folder now)`,
        savedAt: saveAside(envelope, index, entry, recovered),
      });
      return;
    }
    putState(file, entry.before, beforeFile(envelope, index), temp);
    if (!sameState(readState(file), entry.before))
      throw new Error(`${entry.path} did not read back as it was written`);
    if (entry.before.kind !== 'dir') result.restored.push(entry.path);
  };
  // What the tests saw goes first, deepest first, with the folders made for it; then what was
  // there before, folders before what they hold: a path can be a file on one side and a folder on the other.
  const indexed = manifest.entries.map((entry, index) => ({ entry, index }));
  const inOrder = (a: { entry: EnvelopeEntry }, b: { entry: EnvelopeEntry }) => byPath(a.entry, b.entry);
  const removed = indexed
    .filter(({ entry }) => entry.before.kind === 'absent')
    .sort(inOrder)
    .reverse();
  const putBack = indexed.filter(({ entry }) => entry.before.kind !== 'absent').sort(inOrder);
  removed.forEach(restoreEntry);
  for (const dir of manifest.createdDirs) {
    try {
      rmdirSync(join(root, dir));
    } catch (error) {
      // Not empty (something new was written there) or already gone: leave it. Anything else
      // keeps the envelope for another attempt.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
  }
  putBack.forEach(restoreEntry);
  // The end of the envelope: after this rename no run sees a leftover; deleting the rest is tidying.
  const done = join(paths.base, `${paths.donePrefix}${manifest.token}`);
  renameSync(envelope, done);
  rmSync(done, { recursive: true, force: true });
  return result;
};
