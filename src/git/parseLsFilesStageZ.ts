import { forEachZRecord } from './zRecords.js';

/** One file of a tree or the index, with the id of its content. */
export interface BlobEntry {
  path: string;
  /** The git object id of the content (a blob; a commit for submodules). */
  id: string;
  mode: string;
}

const MERGE_STAGE_ORDER = ['0', '2', '3', '1'];

/**
 * Parses `git ls-files -s -z`: `<mode> SP <id> SP <stage> TAB <path> NUL`. A path in a merge
 * conflict has several stages: the merged one (0) wins, then ours (2), theirs (3), the base (1).
 * Submodules (mode 160000) are left out: they have no content here.
 */
export const parseLsFilesStageZ = (output: string): BlobEntry[] => {
  const entries: BlobEntry[] = [];
  // Paths in a conflict (stages 1-3) -> their place in `entries` and the rank of the stage there.
  const conflicts = new Map<string, { at: number; rank: number }>();
  forEachZRecord(output, 'ls-files -s', (start, first, second, tab, end) => {
    const mode = output.slice(start, first);
    if (mode === '160000') return;
    const entry = { path: output.slice(tab + 1, end), id: output.slice(first + 1, second), mode };
    const stage = output.slice(second + 1, tab);
    if (stage === '0') {
      entries.push(entry);
      return;
    }
    const rank = MERGE_STAGE_ORDER.indexOf(stage);
    const seen = conflicts.get(entry.path);
    if (!seen) {
      conflicts.set(entry.path, { at: entries.length, rank });
      entries.push(entry);
    } else if (rank < seen.rank) {
      entries[seen.at] = entry;
      seen.rank = rank;
    }
  });
  return entries;
};
