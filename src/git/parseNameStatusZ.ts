import type { FileChange } from '../types.js';

/**
 * Parses `git diff --name-status -z`: `M\0path\0`, `R087\0old\0new\0`.
 * Copies count as added (from oldPath); type changes and unmerged entries as modified;
 * anything unknown as modified too, so that it selects more rather than less.
 */
export const parseNameStatusZ = (output: string): FileChange[] => {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length; ) {
    const code = fields[i] ?? '';
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      const oldPath = fields[i + 1];
      const path = fields[i + 2];
      if (oldPath === undefined || path === undefined)
        throw new Error(`truncated git -z output after "${code}"`);
      changes.push(letter === 'R' ? { path, status: 'R', oldPath } : { path, status: 'A', oldPath });
      i += 3;
      continue;
    }
    const path = fields[i + 1];
    if (path === undefined) throw new Error(`truncated git -z output after "${code}"`);
    changes.push({ path, status: letter === 'A' || letter === 'D' ? letter : 'M' });
    i += 2;
  }
  return changes;
};
