import { execGit } from './execGit.js';
import { type BlobEntry, parseLsFilesStageZ } from './parseLsFilesStageZ.js';
import { parseLsTreeZ } from './parseLsTreeZ.js';

/** Every file of the index with its blob id, paths relative to the git root (`root`). */
export const listIndexBlobs = (root: string): BlobEntry[] =>
  parseLsFilesStageZ(execGit(['ls-files', '-s', '-z'], root));

/** Every file of a commit or tree with its blob id, paths relative to the git root. */
export const listTreeBlobs = (root: string, treeish: string): BlobEntry[] =>
  parseLsTreeZ(execGit(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', treeish], root));

/** Every file of a state with its blob id: a commit's (`head`), or the index's (none). */
export const listStateBlobs = (root: string, head: string | null | undefined): BlobEntry[] =>
  head ? listTreeBlobs(root, head) : listIndexBlobs(root);
