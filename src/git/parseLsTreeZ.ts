import type { BlobEntry } from './parseLsFilesStageZ.js';

/** Parses `git ls-tree -r -z`: `<mode> SP <type> SP <id> TAB <path> NUL`; keeps blobs only. */
export const parseLsTreeZ = (output: string): BlobEntry[] => {
  const entries: BlobEntry[] = [];
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
      throw new Error(`unexpected git ls-tree record: ${JSON.stringify(output.slice(at, end))}`);
    }
    if (output.startsWith('blob ', first + 1))
      entries.push({
        path: output.slice(tab + 1, end),
        id: output.slice(second + 1, tab),
        mode: output.slice(at, first),
      });
    at = end + 1;
  }
  return entries;
};
