import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, unlinkSync } from 'node:fs';
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
 * is read behind it in large pieces.
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
  const path = join(tmpdir(), `mlhooks-blobs-${process.pid}-${threadId}-${files++}`);
  const fd = openSync(path, 'wx+', 0o600);
  // Gone from the file system at once where an open file can be unlinked: nothing is left behind on a crash.
  let unlinked = false;
  try {
    unlinkSync(path);
    unlinked = true;
  } catch {}
  try {
    await readThroughFile(root, ids, fd, onBlob);
  } finally {
    closeSync(fd);
    if (!unlinked) {
      try {
        unlinkSync(path);
      } catch {}
    }
  }
};

const readThroughFile = (
  root: string,
  ids: readonly string[] | string,
  fd: number,
  onBlob: (id: string, content: Buffer, place: number) => void,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch', '--buffer'], {
      cwd: root,
      stdio: ['pipe', fd, 'pipe'],
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
    // Errors writing stdin (git gone) show up as the exit code above.
    child.stdin!.on('error', () => {});
    child.stdin!.end(typeof ids === 'string' ? ids : `${ids.join('\n')}\n`);
    timer = setTimeout(pump, 1);
  });
