import { MlhooksError } from '../errors.js';
import { catFileBatchSync } from './catFileBatchSync.js';
import { parseCatFileBatch } from './parseCatFileBatch.js';
import type { BlobEntry } from './parseLsFilesStageZ.js';
import { streamBlobs } from './streamBlobs.js';

/**
 * Streams the contents of many blobs from one `git cat-file --batch`: the committed or staged
 * bytes, never the work tree. Each blob is handed to `onBlob` as it arrives, so the caller parses
 * while git is still reading (git runs on another core). Binary-safe, so not through the utf8 execGit.
 * The content is valid during the call only (copy what is kept).
 */
export const readBlobs = (
  root: string,
  ids: readonly string[],
  onBlob: (id: string, content: Buffer) => void,
): Promise<void> =>
  streamBlobs(root, ids, onBlob).catch((error: Error & { git?: boolean }) => {
    throw error.git ? new MlhooksError('E_GIT', error.message, { cause: error.cause }) : error;
  });

/** A few blobs at once, for a caller that cannot wait (a rare, small read): id -> content. */
export const readBlobsSync = (root: string, ids: readonly string[]): Map<string, Buffer> => {
  if (ids.length === 0) return new Map();
  return parseCatFileBatch(catFileBatchSync(root, ids));
};

/** Reads files of `entries` by path, as text, a few at a time (`readBlobsSync`): path -> text. */
export const textsByPath =
  (root: string, entries: readonly BlobEntry[]) =>
  (paths: readonly string[]): Map<string, string> => {
    const ids = new Map(entries.map((entry) => [entry.path, entry.id]));
    const blobs = readBlobsSync(root, [...new Set(paths.flatMap((path) => ids.get(path) ?? []))]);
    const out = new Map<string, string>();
    for (const path of paths) {
      const blob = blobs.get(ids.get(path) ?? '');
      if (blob) out.set(path, blob.toString());
    }
    return out;
  };
