import { describe, expect, it } from 'vitest';
import { parseBatchAnswers } from '../../src/git/readFilesAt.js';

describe('parseBatchAnswers', () => {
  it('reads blobs in the order asked, and leaves out missing names (spaces and all) and trees', () => {
    const names = ['c:my dir/a.json', 'c:my dir/gone.json', 'c:my dir', ':0:my dir/b.mjs'];
    const output = Buffer.from(
      'aaa blob 3\n{}\n\n' +
        'c:my dir/gone.json missing\n' +
        'ddd tree 4\n\x00\x01\x02\x03\n' +
        'bbb blob 6\nünï\n\n',
    );
    expect(parseBatchAnswers(output, names)).toEqual(
      new Map([
        ['c:my dir/a.json', { id: 'aaa', text: '{}\n' }],
        [':0:my dir/b.mjs', { id: 'bbb', text: 'ünï\n' }],
      ]),
    );
  });

  it('refuses truncated output', () => {
    expect(() => parseBatchAnswers(Buffer.from('aaa blob 30\n{}\n'), ['c:a'])).toThrow(/header/);
    expect(() => parseBatchAnswers(Buffer.from(''), ['c:a'])).toThrow(/truncated/);
  });
});
