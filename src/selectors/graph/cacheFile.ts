import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hash64 } from './hash.js';

// A cache file is `<magic> <checksum of body> <bytes of body>\n<body>`: a wrong magic means another
// version made it (stale), a wrong length or checksum means it is corrupt. Either way it is not used.

export type Checksum = (body: Buffer) => string;

/** A checksum in plain JS, for small files on the no-op path. */
export const hashChecksum: Checksum = (body) => hash64(body.toString('latin1'));

/** CRC-32 in native code, for the large caches. Loaded on use: a static import would load zlib on every start. */
export const crcChecksum: Checksum = (body) =>
  (process.getBuiltinModule('node:zlib') as typeof import('node:zlib')).crc32(body).toString(16);

export type CacheRead = { body: string; problem: null } | { body: null; problem: string | null };

/** The body of a cache file; `problem` null when it simply does not exist yet. */
export const readCacheFile = (path: string, magic: string, checksum: Checksum): CacheRead => {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { body: null, problem: code === 'ENOENT' ? null : `unreadable (${code})` };
  }
  const newline = data.indexOf(10);
  const [found, sum, length] = data
    .toString('latin1', 0, newline < 0 ? Math.min(data.length, 200) : newline)
    .split(' ');
  if (found !== magic)
    return {
      body: null,
      problem: found?.startsWith(magic.split('/')[0]!) ? 'made by another version' : 'corrupt (bad header)',
    };
  const body = data.subarray(newline + 1);
  if (String(body.length) !== length) return { body: null, problem: 'corrupt (truncated)' };
  if (checksum(body) !== sum) return { body: null, problem: 'corrupt (checksum)' };
  return { body: body.toString('utf8'), problem: null };
};

/** Writes atomically (temp file + rename), so a reader never sees half a file; returns an error message or null. */
export const writeCacheFile = (
  path: string,
  magic: string,
  text: string,
  checksum: Checksum,
): string | null => {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const body = Buffer.from(text, 'utf8');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      temp,
      Buffer.concat([Buffer.from(`${magic} ${checksum(body)} ${body.length}\n`, 'latin1'), body]),
    );
    renameSync(temp, path);
    return null;
  } catch (error) {
    // Nothing to remove when the folder could not be made (`force` ignores a missing file, not ENOTDIR).
    try {
      rmSync(temp, { force: true });
    } catch {}
    return (error as Error).message;
  }
};
