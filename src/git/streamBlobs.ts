import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { createCatFileParser } from './parseCatFileBatch.js';

const READ_SIZE = 1 << 18;

const gitError = (message: string, cause?: unknown) =>
  Object.assign(new Error(message, { cause }), { git: true });

let files = 0;

/**
 * `readBlobs` with plain errors (git's marked `git: true`), for the parse worker, which reports
 * them as messages (it loads nothing the CLI's start-up loads).
 *
 * git writes each blob with two small writes: into a pipe, that wakes this process up twice per
 * blob (most of the cost of a cold graph). Into a temporary file it costs git little, and the file
 * is read behind it in large pieces. git's input is a temporary file too: through a pipe, it is fed
 * only when this thread's event loop turns, which it does not while it parses what git wrote, so git
 * would wait for its input half way (and this thread then for git).
 */
export const streamBlobs = async (
  root: string,
  /** The blob ids, or git's input as it is: ids, each ended by a newline. */
  ids: readonly string[] | string,
  /**
   * Gets each blob with its place in `ids` (a missing one is skipped). The content is valid during
   * the call only: its memory is read into again (copy what is kept).
   */
  onBlob: (id: string, content: Buffer, place: number) => void,
): Promise<void> => {
  if (ids.length === 0) return;
  const output = tempFile('blobs');
  let input: TempFile | null = null;
  try {
    input = tempFile('ids');
    const text = Buffer.from(typeof ids === 'string' ? ids : `${ids.join('\n')}\n`);
    // At offsets from 0, which leaves the file's own offset at 0: git reads it from the start.
    for (let at = 0; at < text.length; ) at += writeSync(input.fd, text, at, text.length - at, at);
    await readThroughFile(root, input.fd, output.fd, onBlob);
  } finally {
    input?.remove();
    output.remove();
  }
};

interface TempFile {
  fd: number;
  /** Closes it (and unlinks it where that could not be done while it was open). */
  remove(): void;
}

/** A new file only this user can read, open for reading and writing. */
const tempFile = (what: string): TempFile => {
  const path = join(tmpdir(), `mlhooks-${what}-${process.pid}-${threadId}-${files++}`);
  const fd = openSync(path, 'wx+', 0o600);
  // Gone from the file system at once where an open file can be unlinked: nothing is left behind on a crash.
  let unlinked = false;
  try {
    unlinkSync(path);
    unlinked = true;
  } catch {}
  return {
    fd,
    remove: () => {
      closeSync(fd);
      if (unlinked) return;
      try {
        unlinkSync(path);
      } catch {}
    },
  };
};

const readThroughFile = (
  root: string,
  input: number,
  fd: number,
  onBlob: (id: string, content: Buffer, place: number) => void,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch', '--buffer'], {
      cwd: root,
      stdio: [input, fd, 'pipe'],
    });
    const parser = createCatFileParser(onBlob);
    let stderr = '';
    let exit: number | null | undefined;
    let settled = false;
    let position = 0;
    let timer: NodeJS.Timeout | null = null;
    // One buffer for every read: the parser keeps nothing of it (fresh memory per read would cost
    // a page fault per 4 KiB).
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (exit === undefined) child.kill();
      reject(error);
    };
    // Reads what git has written so far; once git is gone, what is left, then checks its exit.
    const pump = () => {
      timer = null;
      if (settled) return;
      const done = exit !== undefined;
      try {
        for (;;) {
          const read = readSync(fd, buffer, 0, READ_SIZE, position);
          if (read === 0) break;
          position += read;
          parser.push(read === READ_SIZE ? buffer : buffer.subarray(0, read));
        }
        if (!done) {
          timer = setTimeout(pump, 1);
          return;
        }
        if (exit !== 0) throw gitError(`\`git cat-file --batch\` failed (exit ${exit}): ${stderr.trim()}`);
        parser.end();
      } catch (error) {
        fail(error);
        return;
      }
      settled = true;
      resolve();
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => fail(gitError(`git cat-file failed to start: ${error.message}`, error)));
    child.on('close', (code) => {
      exit = code;
      if (timer) clearTimeout(timer);
      pump();
    });
    timer = setTimeout(pump, 1);
  });
