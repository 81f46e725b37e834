import type { BlobEntry } from './parseLsFilesStageZ.js';
import { forEachZRecord } from './zRecords.js';

/** Parses `git ls-tree -r -z`: `<mode> SP <type> SP <id> TAB <path> NUL`; keeps blobs only. */
export const parseLsTreeZ = (output: string): BlobEntry[] => {
  const entries: BlobEntry[] = [];
  forEachZRecord(output, 'ls-tree', (start, first, second, tab, end) => {
    if (output.startsWith('blob ', first + 1))
      entries.push({
        path: output.slice(tab + 1, end),
        id: output.slice(second + 1, tab),
        mode: output.slice(start, first),
      });
  });
  return entries;
};
