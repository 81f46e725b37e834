import { describe, expect, it } from 'vitest';
import { createCatFileParser, parseCatFileBatch } from '../../../src/git/parseCatFileBatch.js';
import { parseLsFilesStageZ } from '../../../src/git/parseLsFilesStageZ.js';
import { parseLsTreeZ } from '../../../src/git/parseLsTreeZ.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
/** NUL-terminated records, as git -z writes them. */
const z = (...records: string[]) => records.map((r) => `${r}\0`).join('');

describe('parseLsFilesStageZ', () => {
  it('reads mode, blob id and path, odd names included, and drops submodules', () => {
    const out = z(
      `100644 ${A} 0\tsrc/a.ts`,
      `100755 ${B} 0\tname with\ttab and\nnewline.py`,
      `160000 ${C} 0\tvendor/sub`,
    );
    expect(parseLsFilesStageZ(out)).toEqual([
      { path: 'src/a.ts', id: A, mode: '100644' },
      { path: 'name with\ttab and\nnewline.py', id: B, mode: '100755' },
    ]);
  });

  it('keeps one entry per path in a merge conflict: ours (stage 2) over theirs and the base', () => {
    const out = z(`100644 ${A} 1\tx.py`, `100644 ${B} 2\tx.py`, `100644 ${C} 3\tx.py`);
    expect(parseLsFilesStageZ(out)).toEqual([{ path: 'x.py', id: B, mode: '100644' }]);
  });

  it('fails loudly on output it does not understand', () => {
    expect(() => parseLsFilesStageZ(z('garbage'))).toThrow(/unexpected git ls-files/);
  });
});

describe('parseLsTreeZ', () => {
  it('keeps blobs and skips submodule commits', () => {
    const out = z(
      `100644 blob ${A}\tdata/train.csv`,
      `160000 commit ${B}\tvendor/sub`,
      `120000 blob ${C}\tlink`,
    );
    expect(parseLsTreeZ(out)).toEqual([
      { path: 'data/train.csv', id: A, mode: '100644' },
      { path: 'link', id: C, mode: '120000' },
    ]);
  });
});

describe('cat-file --batch parser', () => {
  const output = Buffer.concat([
    Buffer.from(`${A} blob 5\nhello\n`),
    Buffer.from(`${B} missing\n`),
    Buffer.from(`${C} blob 4\n`),
    Buffer.from([0, 10, 255, 1]),
    Buffer.from('\n'),
  ]);

  it('reads objects by their byte sizes: binary content and newlines inside are fine', () => {
    const objects = parseCatFileBatch(output);
    expect([...objects.keys()]).toEqual([A, C]);
    expect(objects.get(A)!.toString()).toBe('hello');
    expect([...objects.get(C)!]).toEqual([0, 10, 255, 1]);
  });

  it('gives the same objects when the output arrives one byte at a time', () => {
    const seen: [string, number[]][] = [];
    const parser = createCatFileParser((id, content) => seen.push([id, [...content]]));
    for (const byte of output) parser.push(Buffer.from([byte]));
    parser.end();
    expect(seen).toEqual([
      [A, [...Buffer.from('hello')]],
      [C, [0, 10, 255, 1]],
    ]);
  });

  it('keeps nothing of a chunk: the caller can read the next one into the same buffer', () => {
    const big = Buffer.from('x'.repeat(40));
    const stream = Buffer.concat([output, Buffer.from(`${A} blob 40\n`), big, Buffer.from('\n'), output]);
    for (const size of [1, 3, 7, 16, 41, stream.length]) {
      const seen: [string, number, string][] = [];
      const parser = createCatFileParser((id, content, record) =>
        seen.push([id, record, content.toString('latin1')]),
      );
      const buffer = Buffer.alloc(size);
      for (let at = 0; at < stream.length; at += size) {
        const read = stream.copy(buffer, 0, at, at + size);
        parser.push(buffer.subarray(0, read));
        buffer.fill(0x3f); // what the next read would overwrite
      }
      parser.end();
      const bin = Buffer.from([0, 10, 255, 1]).toString('latin1');
      expect(seen, `chunks of ${size}`).toEqual([
        [A, 0, 'hello'],
        [C, 2, bin],
        [A, 3, big.toString()],
        [A, 4, 'hello'],
        [C, 6, bin],
      ]);
    }
  });

  it('names a header it cannot read, whole, even one cut across chunks', () => {
    for (const header of [`${A} blob 1x`, `${A} blob `, `${A} blob -1`, `${A}`, ` blob 5`]) {
      const bytes = Buffer.from(`${header}\nhello\n`);
      expect(() => parseCatFileBatch(bytes), header).toThrow(
        `unexpected git cat-file --batch header: ${header}`,
      );
      const parser = createCatFileParser(() => {});
      expect(() => {
        for (const byte of bytes) parser.push(Buffer.from([byte]));
      }, `${header}, byte by byte`).toThrow(`unexpected git cat-file --batch header: ${header}`);
    }
  });

  it('says so when the output stops in the middle of an object', () => {
    expect(() => parseCatFileBatch(Buffer.from(`${A} blob 10\nshort\n`))).toThrow(/truncated/);
  });
});
