// The caches under <git dir>/mlhooks/: what each blob's content says (facts, by blob id, never
// stale), and the reverse graph of the last state (valid for one index or commit: the warm path
// reads only this one).
// Facts are checked for shape on load: a file that parses but is not what we wrote is corrupt.

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { crcChecksum, readCacheFile, writeCacheFile } from './cacheFile.js';
import { factsPath, listingPath, reversePath } from './cachePaths.js';
import { factsFromJson, factsJson, type StoredFacts } from './factsJson.js';

// Bump when a scanner or the resolver changes what it produces: old caches then read as stale.
// The side index's magic (sideIndex.ts) follows it.
export const GRAPH_VERSION = 'graph-v1.12';
// The facts cache's own format version (2: the keys, then the facts, as two arrays; 3: edge kinds
// by number; 4: specs and globs flat, empty lists at the end left out).
export const FACTS_MAGIC = `mlhooks-facts/${GRAPH_VERSION}.4`;

// The reverse graph's own format version (2: dependents as flat tab-separated pairs).
const REVERSE_MAGIC = `mlhooks-reverse/${GRAPH_VERSION}.2`;

export { factsPath, reversePath };

export interface Loaded<T> {
  value: T;
  /** Why the file on disk was not used, when it existed but was stale or corrupt. */
  problem: string | null;
}

/** Blob id + ':' + lang -> facts: packed (as the cache and the parse worker hold them), or as a scanner made them. */
export type FactsCache = Map<string, StoredFacts>;

export const loadFacts = (gitDir: string): Loaded<FactsCache> => {
  const read = readCacheFile(factsPath(gitDir), FACTS_MAGIC, crcChecksum);
  if (read.body === null) return { value: new Map(), problem: read.problem };
  let entries: ReturnType<typeof factsFromJson>;
  try {
    entries = factsFromJson(read.body);
  } catch {
    entries = null;
  }
  if (!entries) return { value: new Map(), problem: 'corrupt (unexpected content)' };
  return { value: new Map(entries), problem: null };
};

export const saveFacts = (gitDir: string, facts: FactsCache): string | null =>
  saveFactsJson(gitDir, factsJson(facts));

/** Saves a facts cache body already made (`factsJson`, by the parse worker). */
export const saveFactsJson = (gitDir: string, json: string): string | null =>
  writeCacheFile(factsPath(gitDir), FACTS_MAGIC, json, crcChecksum);

/** The saved reverse graph's text, checked; the caller compares its state key. */
export const loadReverseText = (gitDir: string): { text: string | null; problem: string | null } => {
  const read = readCacheFile(reversePath(gitDir), REVERSE_MAGIC, crcChecksum);
  return { text: read.body, problem: read.problem };
};

export const saveReverseText = (gitDir: string, text: string): string | null =>
  writeCacheFile(reversePath(gitDir), REVERSE_MAGIC, text, crcChecksum);

// The listing's own format version (2: the number of files on a line of its own, after the key).
const LISTING_MAGIC = `mlhooks-listing/${GRAPH_VERSION}.2`;

/** The files (and blob ids) of the state the saved reverse graph is for, under the same key. */
export const saveListing = (gitDir: string, key: string, entries: readonly BlobEntry[]): string | null =>
  writeCacheFile(
    listingPath(gitDir),
    LISTING_MAGIC,
    `${key}\n${entries.length}\n${entries.map((e) => `${e.id} ${e.path}`).join('\0')}`,
    crcChecksum,
  );

/**
 * Path -> blob id of the saved state, when the saved listing is the one of `key`'s state and has
 * `count` files (a state with another number of files is told from the header alone).
 */
export const loadListing = (gitDir: string, key: string, count: number): Map<string, string> | null => {
  const read = readCacheFile(listingPath(gitDir), LISTING_MAGIC, crcChecksum);
  if (read.body === null) return null;
  const newline = read.body.indexOf('\n');
  if (newline < 0 || read.body.slice(0, newline) !== key) return null;
  const second = read.body.indexOf('\n', newline + 1);
  if (second < 0 || read.body.slice(newline + 1, second) !== String(count)) return null;
  const files = new Map<string, string>();
  const records = read.body.slice(second + 1).split('\0');
  for (const record of records) {
    const space = record.indexOf(' ');
    if (space < 0) return records.length === 1 && record === '' ? files : null;
    files.set(record.slice(space + 1), record.slice(0, space));
  }
  return files;
};

/** The note when a cache could not be written: it only costs speed next time. */
export const cacheWriteNote = (gitDir: string, failure: string): string =>
  `import graph: could not write its cache under ${gitDir}/mlhooks (${failure}); the next run parses again`;
