// The project's test files (the files of the state checked that the config's groups classify as
// tests), cached under the git dir by what names that state: the commit checked, or the index's own
// checksum (the same checksum means the same files). A warm run reads one small file instead of
// starting git and classifying every path (30 ms of a 200 ms run at 10,000 files).

import { join } from 'node:path';
import type { FileTier } from '../types.js';
import type { TestFile } from './classifyTests.js';
import { crcChecksum, readCacheFile, writeCacheFile } from './graph/cacheFile.js';
import { hash64 } from './graph/hash.js';

const MAGIC = 'mlhooks-tests/v1';

export const testListPath = (gitDir: string) => join(gitDir, 'mlhooks', 'tests-v1');

export interface TestListInput {
  gitDir: string;
  /** What names the state listed (`commit:<id>` or `index:<checksum>`), or null when nothing can. */
  state: string | null;
  /** The project root: the list's paths are relative to it. */
  cwd: string;
  /** What decides which files are tests and their group and tier (the config's groups). */
  classifierKey: string;
  /** Lists and classifies (a cache miss). */
  list(): TestFile[];
}

const parse = (body: string, key: string): TestFile[] | null => {
  const newline = body.indexOf('\n');
  if (body.slice(0, newline) !== key) return null;
  try {
    const rows = JSON.parse(body.slice(newline + 1)) as unknown;
    if (!Array.isArray(rows)) return null;
    const tests: TestFile[] = [];
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 3) return null;
      const [path, group, tier] = row as unknown[];
      if (typeof path !== 'string' || typeof group !== 'string' || typeof tier !== 'string') return null;
      tests.push({ path, group, tier: tier as FileTier });
    }
    return tests;
  } catch {
    return null;
  }
};

/** The test files of a state: from the cache when the state is the one it was made for. */
export const cachedTestList = ({ gitDir, state, cwd, classifierKey, list }: TestListInput): TestFile[] => {
  // No name (an index without a checksum: index.skipHash, or no index yet): nothing can say the list is still right.
  if (!state) return list();
  const key = `${state} ${hash64(JSON.stringify([cwd, classifierKey]))}`;
  const path = testListPath(gitDir);
  const read = readCacheFile(path, MAGIC, crcChecksum);
  const cached = read.body === null ? null : parse(read.body, key);
  if (cached) return cached;
  const tests = list();
  // A cache that cannot be written only costs speed next time.
  writeCacheFile(
    path,
    MAGIC,
    `${key}\n${JSON.stringify(tests.map((t) => [t.path, t.group, t.tier]))}`,
    crcChecksum,
  );
  return tests;
};
