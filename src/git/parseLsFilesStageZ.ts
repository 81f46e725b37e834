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
  const best = new Map<string, { entry: BlobEntry; rank: number }>();
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, id, stage] = record.slice(0, tab).split(' ');
    if (tab < 0 || mode === undefined || id === undefined || stage === undefined) {
      throw new Error(`unexpected git ls-files -s record: ${JSON.stringify(record)}`);
    }
    if (mode === '160000') continue;
    const path = record.slice(tab + 1);
    const rank = MERGE_STAGE_ORDER.indexOf(stage);
    const seen = best.get(path);
    if (!seen || rank < seen.rank) best.set(path, { entry: { path, id, mode }, rank });
  }
  return [...best.values()].map(({ entry }) => entry);
};
