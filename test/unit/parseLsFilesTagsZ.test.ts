import { describe, expect, it } from 'vitest';
import { parseLsFilesTagsZ } from '../../src/git/parseLsFilesTagsZ.js';

const ID = 'c1827f07e114c20547dc6a7296588870a4b5b62c';

describe('parseLsFilesTagsZ', () => {
  it('keeps skip-worktree paths and assume-unchanged entries, and nothing else', () => {
    const out = [
      `H 100644 ${ID} 0\tplain.txt\0`,
      `S 100644 ${ID} 0\tsparse/out.txt\0`,
      `h 100755 ${ID} 0\tassumed.sh\0`,
      `s 120000 ${ID} 0\tboth\0`,
      `m 100644 ${ID} 2\tconflict.txt\0`,
      `M 100644 ${ID} 3\tconflict.txt\0`,
      `h 100644 ${ID} 0\tline\nbreak and space.txt\0`,
    ].join('');
    const flagged = parseLsFilesTagsZ(out);
    expect([...flagged.skipWorktree]).toEqual(['sparse/out.txt', 'both']);
    expect(flagged.assumeUnchanged).toEqual([
      { path: 'assumed.sh', mode: '100755', id: ID },
      { path: 'both', mode: '120000', id: ID },
      { path: 'line\nbreak and space.txt', mode: '100644', id: ID },
    ]);
  });

  it('reads an empty index', () => {
    expect(parseLsFilesTagsZ('')).toEqual({ skipWorktree: new Set(), assumeUnchanged: [] });
  });
});
