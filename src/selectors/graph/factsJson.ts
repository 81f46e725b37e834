// Facts as the facts cache holds them, `[key, packed facts]` in JSON, which is also how the parse
// worker sends them. Apart from the cache file (graphCaches.ts), so that the worker loads nothing
// the CLI's start-up loads.

import type { EdgeKind, FileFacts } from './facts.js';

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
export const unpack = (p: unknown): FileFacts | null => {
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

/** Entries as the facts cache holds them, a JSON array: one call into JSON, not one per entry. */
export const factsJson = (entries: Iterable<[key: string, facts: FileFacts]>): string =>
  JSON.stringify(Array.from(entries, ([key, f]) => [key, pack(f)]));

/** The entries of `factsJson` text; null when it is not that. */
export const factsFromJson = (text: string): [key: string, facts: FileFacts][] | null => {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return null;
  const entries: [string, FileFacts][] = [];
  for (let k = 0; k < parsed.length; k++) {
    const entry = parsed[k] as unknown[];
    const key = Array.isArray(entry) ? entry[0] : null;
    const facts = typeof key === 'string' ? unpack(entry[1]) : null;
    if (!facts || typeof key !== 'string') return null;
    entries.push([key, facts]);
  }
  return entries;
};
