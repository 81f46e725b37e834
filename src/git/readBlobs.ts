import { MlhooksError } from '../errors.js';
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
