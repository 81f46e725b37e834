import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  renameSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';

/**
 * What a path holds, as much as a user could lose: kind, permission bits and exact bytes. A folder
 * is only the folder (what it holds are entries of their own).
 */
export type FileState =
  | { kind: 'absent' }
  | { kind: 'file'; mode: number; size: number; sha256: string }
  | { kind: 'symlink'; target: string }
  | { kind: 'dir'; mode: number }
  | { kind: 'other' };

const hashFile = (file: string): string => {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let n: number; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; )
      hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
};

export const readState = (file: string): FileState => {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    throw error;
  }
  if (stat.isSymbolicLink()) return { kind: 'symlink', target: readlinkSync(file) };
  if (stat.isDirectory()) return { kind: 'dir', mode: stat.mode & 0o7777 };
  if (!stat.isFile()) return { kind: 'other' };
  return { kind: 'file', mode: stat.mode & 0o7777, size: stat.size, sha256: hashFile(file) };
};

// A folder is the same folder whatever its permission bits: they are put back only when it is made again.
export const sameState = (a: FileState, b: FileState): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'file' && b.kind === 'file')
    return a.mode === b.mode && a.size === b.size && a.sha256 === b.sha256;
  if (a.kind === 'symlink' && b.kind === 'symlink') return a.target === b.target;
  return true;
};

export const describeState = (state: FileState): string =>
  state.kind === 'file'
    ? `a file of ${state.size} bytes`
    : state.kind === 'symlink'
      ? `a symlink to ${state.target}`
      : state.kind === 'absent'
        ? 'nothing'
        : state.kind === 'dir'
          ? 'a folder'
          : 'a special file (a socket, a pipe or a device)';

const removeIfPresent = (file: string) => {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};

/**
 * Makes `file` hold `state` in one atomic step (write `temp` beside it, then rename over), so a
 * kill at any moment leaves either the old or the new content, never a mix. File bytes come from
 * `source`. `temp` must be a name nobody else uses (the envelope's random token is in it).
 */
export const putState = (file: string, state: FileState, source: string | null, temp: string): void => {
  if (state.kind === 'absent') {
    removeIfPresent(file);
    return;
  }
  if (state.kind === 'dir') {
    // Only ever in place of what a run put there (a file the tests saw), so nothing of the user's.
    removeIfPresent(file);
    mkdirSync(file);
    chmodSync(file, state.mode);
    return;
  }
  removeIfPresent(temp);
  if (state.kind === 'symlink') symlinkSync(state.target, temp);
  else if (state.kind === 'file' && source) {
    // A reflink where the file system has them: a big weights file is not copied twice.
    copyFileSync(source, temp, constants.COPYFILE_FICLONE);
    chmodSync(temp, state.mode);
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } else throw new Error(`cannot write ${describeState(state)} to ${file}`);
  renameSync(temp, file);
};
