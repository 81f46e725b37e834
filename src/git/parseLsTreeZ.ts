import type { BlobEntry } from './parseLsFilesStageZ.js';

/** Parses `git ls-tree -r -z`: `<mode> SP <type> SP <id> TAB <path> NUL`; keeps blobs only. */
export const parseLsTreeZ = (output: string): BlobEntry[] => {
  const entries: BlobEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, id] = record.slice(0, tab).split(' ');
    if (tab < 0 || mode === undefined || type === undefined || id === undefined) {
      throw new Error(`unexpected git ls-tree record: ${JSON.stringify(record)}`);
    }
    if (type === 'blob') entries.push({ path: record.slice(tab + 1), id, mode });
  }
  return entries;
};
