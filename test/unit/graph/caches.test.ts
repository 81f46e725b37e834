import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  crcChecksum,
  hashChecksum,
  readCacheFile,
  writeCacheFile,
} from '../../../src/selectors/graph/cacheFile.js';
import type { EdgeKind, FileFacts } from '../../../src/selectors/graph/facts.js';
import { factsOf } from '../../../src/selectors/graph/factsJson.js';
import {
  FACTS_MAGIC,
  factsPath,
  GRAPH_VERSION,
  loadFacts,
  saveFacts,
} from '../../../src/selectors/graph/graphCaches.js';
import { hash64 } from '../../../src/selectors/graph/hash.js';
import { SIDE_INDEX_MAGIC } from '../../../src/selectors/graph/sideIndex.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlhooks-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
/** A loaded facts cache with each entry unpacked (it is read packed, and unpacked on use). */
const unpacked = ({ value, problem }: ReturnType<typeof loadFacts>) => ({
  value: new Map([...value].map(([key, stored]) => [key, factsOf(stored)])),
  problem,
});

describe.each([
  ['crc32', crcChecksum],
  ['hash64', hashChecksum],
])('cache files (%s)', (_, checksum) => {
  it('reads back what was written, and says nothing when there is no file yet', () => {
    const path = join(tempDir(), 'sub', 'c');
    expect(readCacheFile(path, 'magic/v1', checksum)).toEqual({ body: null, problem: null });
    expect(writeCacheFile(path, 'magic/v1', 'héllo\nwörld', checksum)).toBeNull();
    expect(readCacheFile(path, 'magic/v1', checksum)).toEqual({ body: 'héllo\nwörld', problem: null });
  });

  it('detects a flipped byte, a truncated file and another version, and trusts none of them', () => {
    const path = join(tempDir(), 'c');
    writeCacheFile(path, 'magic/v1', 'x'.repeat(100), checksum);
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] = 'y'.charCodeAt(0);
    writeFileSync(path, flipped);
    expect(readCacheFile(path, 'magic/v1', checksum)).toEqual({ body: null, problem: 'corrupt (checksum)' });
    writeFileSync(path, good.subarray(0, good.length - 1));
    expect(readCacheFile(path, 'magic/v1', checksum)).toEqual({ body: null, problem: 'corrupt (truncated)' });
    writeFileSync(path, good);
    expect(readCacheFile(path, 'magic/v2', checksum)).toEqual({
      body: null,
      problem: 'made by another version',
    });
    writeFileSync(path, 'not a cache at all');
    expect(readCacheFile(path, 'magic/v1', checksum).problem).toBe('corrupt (bad header)');
  });
});

describe('facts cache', () => {
  const facts: FileFacts = {
    specs: [
      { kind: 'import', spec: './a' },
      { kind: 'import', spec: '..pkg', names: ['x', 'y'] },
    ],
    literals: ['data/x.csv'],
    globs: [{ kind: 'literal', pattern: 'data/*.csv' }],
    unsure: ['a non-literal import()'],
    loose: 'JSX, scanned loosely',
  };

  it('round-trips every edge kind (kept by number)', () => {
    const every: Record<EdgeKind, true> = {
      import: true,
      'import type': true,
      're-export': true,
      require: true,
      'dynamic import': true,
      'new URL': true,
      literal: true,
      'literal (untracked)': true,
      package: true,
      conftest: true,
      'alias, guessed by path': true,
    };
    const kinds = Object.keys(every) as EdgeKind[];
    const all: FileFacts = {
      // Each kind with and without the names that may follow it (its number marks which).
      specs: kinds.flatMap((kind, k) => [
        { kind, spec: `./m${k}` },
        { kind, spec: `pkg.m${k}`, names: [`n${k}`] },
      ]),
      literals: [],
      globs: kinds.map((kind, k) => ({ kind, pattern: `data/${k}/*.csv` })),
      unsure: [],
    };
    const gitDir = tempDir();
    saveFacts(gitDir, new Map([['abc:js', all]]));
    expect(unpacked(loadFacts(gitDir))).toEqual({ value: new Map([['abc:js', all]]), problem: null });
  });

  it('round-trips facts by blob id', () => {
    const gitDir = tempDir();
    saveFacts(gitDir, new Map([['abc:js', facts]]));
    expect(unpacked(loadFacts(gitDir))).toEqual({ value: new Map([['abc:js', facts]]), problem: null });
  });

  it('leaves out the empty lists at the end of an entry, and reads them as empty', () => {
    const gitDir = tempDir();
    const some: FileFacts = { specs: [{ kind: 'import', spec: './a' }], literals: [], globs: [], unsure: [] };
    const withUnsure: FileFacts = { ...some, unsure: ['a non-literal import()'] };
    saveFacts(
      gitDir,
      new Map([
        ['abc:js', some],
        ['def:js', withUnsure],
      ]),
    );
    const body = readCacheFile(factsPath(gitDir), FACTS_MAGIC, crcChecksum).body;
    expect(body).toBe('[["abc:js","def:js"],[[[0,"./a"]],[[0,"./a"],[],[],["a non-literal import()"]]]]');
    expect(unpacked(loadFacts(gitDir))).toEqual({
      value: new Map([
        ['abc:js', some],
        ['def:js', withUnsure],
      ]),
      problem: null,
    });
  });

  it('saves entries it read (still packed) beside new ones', () => {
    const gitDir = tempDir();
    saveFacts(gitDir, new Map([['abc:js', facts]]));
    const loaded = loadFacts(gitDir).value;
    const more: FileFacts = {
      specs: [{ kind: 'import', spec: 'pkg.model', names: ['load'] }],
      literals: [],
      globs: [],
      unsure: [],
      loose: 'scanned loosely',
    };
    loaded.set('def:py', more);
    saveFacts(gitDir, loaded);
    expect(unpacked(loadFacts(gitDir))).toEqual({
      value: new Map([
        ['abc:js', facts],
        ['def:py', more],
      ]),
      problem: null,
    });
  });

  it.each([
    ['an entry is not facts', [['abc:js'], [[[['import']], [], [], []]]]],
    ['keys and facts do not pair up', [['abc:js', 'def:py'], [[[], [], [], []]]]],
    ['an edge kind has no number', [['abc:js'], [[[99, './a'], [], [], []]]]],
    ['an edge kind is a name, as in format 2', [['abc:js'], [[['import', './a'], [], [], []]]]],
    ['a spec is an array of its own, as in format 3', [['abc:js'], [[[[0, './a']], [], [], []]]]],
    ['a spec has no text', [['abc:js'], [[[0], [], [], []]]]],
    ['names are not strings', [['abc:js'], [[[16, 'pkg', [1]], [], [], []]]]],
    ['a glob has no pattern', [['abc:js'], [[[], [], [6], []]]]],
    ['an entry has no specs', [['abc:js'], [[]]]],
    ['the keys are not strings', [[7], [[[], [], [], []]]]],
    ['the body is the older format, one array of pairs', [['abc:js', [[], [], [], []]]]],
  ])('rebuilds from nothing when the body passes the checksum but %s', (_, body) => {
    const gitDir = tempDir();
    writeCacheFile(factsPath(gitDir), FACTS_MAGIC, JSON.stringify(body), crcChecksum);
    expect(loadFacts(gitDir)).toEqual({ value: new Map(), problem: 'corrupt (unexpected content)' });
  });
});

describe('hash64', () => {
  it('is stable and tells close strings apart', () => {
    expect(hash64('src/a.ts')).toBe(hash64('src/a.ts'));
    expect(hash64('src/a.ts')).not.toBe(hash64('src/b.ts'));
    expect(hash64('')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('cache versions', () => {
  it('the side index is versioned with the graph: what the scanners name decides what it rules out', () => {
    expect(SIDE_INDEX_MAGIC).toBe(`mlhooks-targets/${GRAPH_VERSION}`);
  });
});
