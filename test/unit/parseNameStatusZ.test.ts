import { describe, expect, it } from 'vitest';
import { parseNameStatusZ } from '../../src/git/parseNameStatusZ.js';

describe('parseNameStatusZ', () => {
  it('reads added, modified, deleted and renamed entries', () => {
    const out = 'A\0new.py\0M\0src/a b.ts\0D\0gone.txt\0R087\0old/x.py\0new/x.py\0';
    expect(parseNameStatusZ(out)).toEqual([
      { path: 'new.py', status: 'A' },
      { path: 'src/a b.ts', status: 'M' },
      { path: 'gone.txt', status: 'D' },
      { path: 'new/x.py', status: 'R', oldPath: 'old/x.py' },
    ]);
  });

  it('keeps names with newlines, quotes, unicode and a leading dash intact', () => {
    const names = ['line\nbreak.py', 'quote"s\'.py', 'ünïcødé/テスト.py', '-rf.py', '$(touch pwned).py'];
    const out = names.map((name) => `M\0${name}\0`).join('');
    expect(parseNameStatusZ(out).map((change) => change.path)).toEqual(names);
  });

  it('counts copies as added, type changes and unknown codes as modified', () => {
    expect(parseNameStatusZ('C100\0a.py\0b.py\0T\0link\0U\0conflict.py\0X\0weird\0')).toEqual([
      { path: 'b.py', status: 'A', oldPath: 'a.py' },
      { path: 'link', status: 'M' },
      { path: 'conflict.py', status: 'M' },
      { path: 'weird', status: 'M' },
    ]);
  });

  it('returns nothing for empty output and refuses truncated output', () => {
    expect(parseNameStatusZ('')).toEqual([]);
    expect(() => parseNameStatusZ('R100\0only-old\0')).toThrow(/truncated/);
    expect(() => parseNameStatusZ('M\0')).toThrow(/truncated/);
  });
});
