import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The checksum git keeps at the end of the index file (a hash of everything before it): the same
 * value means the same staged paths and blob ids, read without starting git. Null when it cannot
 * stand for the content: `index.skipHash` (all zeros), a GIT_INDEX_FILE override (a partial
 * commit's temporary index), or no index.
 */
export const indexChecksum = (gitDir: string, env: NodeJS.ProcessEnv = process.env): string | null => {
  if (env.GIT_INDEX_FILE) return null;
  let fd: number | null = null;
  try {
    fd = openSync(join(gitDir, 'index'), 'r');
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
