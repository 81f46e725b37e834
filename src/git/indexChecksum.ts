import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The checksum git keeps at the end of the index file (a hash of everything before it): the same
 * value means the same staged paths and blob ids, read without starting git. The index is the one
 * git uses: GIT_INDEX_FILE when set (git sets it for every pre-commit hook: `.git/index`, or
 * `index.lock` for `commit -a`, or a partial commit's temporary index), relative to the work tree's
 * top like git reads it. Null when it cannot stand for the content: `index.skipHash` (all zeros),
 * or no index.
 */
export const indexChecksum = (
  gitDir: string,
  /** The work tree's top: where git resolves a relative GIT_INDEX_FILE. */
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null => {
  let fd: number | null = null;
  try {
    fd = openSync(env.GIT_INDEX_FILE ? resolve(root, env.GIT_INDEX_FILE) : join(gitDir, 'index'), 'r');
    const size = fstatSync(fd).size;
    if (size < 44) return null;
    // The last 32 bytes hold the SHA-1 (20) or SHA-256 (32) trailer.
    const tail = Buffer.alloc(32);
    readSync(fd, tail, 0, 32, size - 32);
    if (tail.subarray(12).every((byte) => byte === 0)) return null;
    return tail.toString('hex');
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
};
