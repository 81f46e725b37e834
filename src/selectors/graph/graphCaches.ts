// The caches under <git dir>/mlhooks/: what each blob's content says (facts, by blob id, never
// stale), and the reverse graph of the last state (valid for one index or commit: the warm path
// reads only this one).
// Facts are checked for shape on load: a file that parses but is not what we wrote is corrupt.

import { join } from 'node:path';
import { crcChecksum, readCacheFile, writeCacheFile } from './cacheFile.js';
import type { EdgeKind, FileFacts } from './facts.js';

// Bump when a scanner or the resolver changes what it produces: old caches then read as stale.
export const GRAPH_VERSION = 'graph-v1.0';
const FACTS_MAGIC = `mlhooks-facts/${GRAPH_VERSION}`;

const REVERSE_MAGIC = `mlhooks-reverse/${GRAPH_VERSION}`;

export const factsPath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.facts');
export const reversePath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.reverse');

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

// Facts on disk as arrays, not objects: a third of the size, and faster to write and read.
type Packed = [
  specs: ([string, string] | [string, string, string[]])[],
  literals: string[],
  globs: [string, string][],
  unsure: string[],
  loose?: string,
];

const pack = (f: FileFacts): Packed => {
  const packed: Packed = [
    f.specs.map((s) => (s.names ? [s.kind, s.spec, s.names] : [s.kind, s.spec])),
    f.literals,
    f.globs.map((g) => [g.kind, g.pattern]),
    f.unsure,
  ];
  if (f.loose !== undefined) packed.push(f.loose);
  return packed;
};

/** The facts of a packed entry, or null when it is not one (then the whole file counts as corrupt). */
const unpack = (p: unknown): FileFacts | null => {
  if (!Array.isArray(p) || p.length < 4 || p.length > 5) return null;
  const [specs, literals, globs, unsure, loose] = p as unknown[];
  if (!Array.isArray(specs) || !isStrings(literals) || !Array.isArray(globs) || !isStrings(unsure))
    return null;
  if (loose !== undefined && typeof loose !== 'string') return null;
  const facts: FileFacts = { specs: [], literals, globs: [], unsure };
  for (const s of specs) {
    if (!Array.isArray(s) || typeof s[0] !== 'string' || typeof s[1] !== 'string') return null;
    if (s.length === 3 && !isStrings(s[2])) return null;
    facts.specs.push(
      s.length === 3
        ? { kind: s[0] as EdgeKind, spec: s[1], names: s[2] }
        : { kind: s[0] as EdgeKind, spec: s[1] },
    );
  }
  for (const g of globs) {
    if (!Array.isArray(g) || typeof g[0] !== 'string' || typeof g[1] !== 'string') return null;
    facts.globs.push({ kind: g[0] as EdgeKind, pattern: g[1] });
  }
  if (loose !== undefined) facts.loose = loose as string;
  return facts;
};

export interface Loaded<T> {
  value: T;
  /** Why the file on disk was not used, when it existed but was stale or corrupt. */
  problem: string | null;
}

/** Blob id + ':' + lang -> facts. */
export type FactsCache = Map<string, FileFacts>;

export const loadFacts = (gitDir: string): Loaded<FactsCache> => {
  const read = readCacheFile(factsPath(gitDir), FACTS_MAGIC, crcChecksum);
  if (read.body === null) return { value: new Map(), problem: read.problem };
  const facts: FactsCache = new Map();
  try {
    const entries = JSON.parse(read.body) as unknown;
    if (!Array.isArray(entries)) throw new Error('not a list');
    for (const entry of entries) {
      const unpacked = Array.isArray(entry) && typeof entry[0] === 'string' ? unpack(entry[1]) : null;
      if (!unpacked) throw new Error('bad entry');
      facts.set(entry[0], unpacked);
    }
  } catch {
    return { value: new Map(), problem: 'corrupt (unexpected content)' };
  }
  return { value: facts, problem: null };
};

export const saveFacts = (gitDir: string, facts: FactsCache): string | null =>
  writeCacheFile(
    factsPath(gitDir),
    FACTS_MAGIC,
    JSON.stringify([...facts].map(([key, f]) => [key, pack(f)])),
    crcChecksum,
  );

/** The saved reverse graph's text, checked; the caller compares its state key. */
export const loadReverseText = (gitDir: string): { text: string | null; problem: string | null } => {
  const read = readCacheFile(reversePath(gitDir), REVERSE_MAGIC, crcChecksum);
  return { text: read.body, problem: read.problem };
};

export const saveReverseText = (gitDir: string, text: string): string | null =>
  writeCacheFile(reversePath(gitDir), REVERSE_MAGIC, text, crcChecksum);
