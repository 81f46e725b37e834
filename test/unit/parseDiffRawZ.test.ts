import { describe, expect, it } from 'vitest';
import { parseDiffRawZ } from '../../src/git/parseDiffRawZ.js';

const ZERO = '0'.repeat(40);
const ID = 'c1827f07e114c20547dc6a7296588870a4b5b62c';

describe('parseDiffRawZ', () => {
  it('reads modified, intent-to-add, deleted, type-changed and unmerged entries', () => {
    const out = [
      `:100644 100644 ${ID} ${ZERO} M\0a.txt\0`,
      `:000000 100644 ${ZERO} ${ZERO} A\0ita.txt\0`,
      `:100644 000000 ${ID} ${ZERO} D\0gone.txt\0`,
      `:120000 100644 ${ID} ${ZERO} T\0link\0`,
      `:000000 000000 ${ZERO} ${ZERO} U\0conflict.txt\0`,
    ].join('');
    expect(parseDiffRawZ(out)).toEqual([
      { srcMode: '100644', dstMode: '100644', srcId: ID, status: 'M', path: 'a.txt' },
      { srcMode: '000000', dstMode: '100644', srcId: ZERO, status: 'A', path: 'ita.txt' },
      { srcMode: '100644', dstMode: '000000', srcId: ID, status: 'D', path: 'gone.txt' },
      { srcMode: '120000', dstMode: '100644', srcId: ID, status: 'T', path: 'link' },
      { srcMode: '000000', dstMode: '000000', srcId: ZERO, status: 'U', path: 'conflict.txt' },
    ]);
  });

  it('keeps hostile names intact and reads SHA-256 ids', () => {
    const names = ['line\nbreak', 'tab\there', ':100644 fake', '-rf', '$(touch pwned)', 'ünï/テ'];
    const long = 'ab'.repeat(32);
    const out = names.map((name) => `:100755 100755 ${long} ${'0'.repeat(64)} M\0${name}\0`).join('');
    expect(parseDiffRawZ(out).map((change) => [change.path, change.srcId])).toEqual(
      names.map((n) => [n, long]),
    );
  });

  it('nothing unstaged is an empty list; anything else unexpected throws', () => {
    expect(parseDiffRawZ('')).toEqual([]);
    expect(() => parseDiffRawZ('M\0a.txt\0')).toThrow(/unexpected git diff --raw output/);
    expect(() => parseDiffRawZ(`:100644 100644 ${ID} ${ZERO} M\0`)).toThrow(/unexpected/);
  });
});
