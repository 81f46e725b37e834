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
  // Read with indexOf, not split: this runs over every file of a large repository.
  for (let at = 0; at < output.length; ) {
    let end = output.indexOf('\0', at);
    if (end < 0) end = output.length;
    if (end === at) {
      at = end + 1;
      continue;
    }
    const tab = output.indexOf('\t', at);
    const first = output.indexOf(' ', at);
    const second = first < 0 ? -1 : output.indexOf(' ', first + 1);
    if (tab < 0 || tab > end || first < 0 || second < 0 || second > tab) {
      throw new Error(`unexpected git ls-files -s record: ${JSON.stringify(output.slice(at, end))}`);
    }
    const mode = output.slice(at, first);
    const stage = output.slice(second + 1, tab);
    at = end + 1;
    if (mode === '160000') continue;
    const entry = { path: output.slice(tab + 1, end), id: output.slice(first + 1, second), mode };
    if (stage === '0') {
      entries.push(entry);
      continue;
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
  }
  return entries;
};
