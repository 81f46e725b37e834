// Facts as the facts cache holds them: two JSON arrays, the keys (`<blob id>:<lang>`) and each
// key's packed facts (`[[key, ...], [facts, ...]]`). The parse worker sends the second kind alone,
// a batch at a time, with the place in its job each came from: the keys are nearly half the text,
// and the main thread, which made the job, knows them. Apart from the cache file (graphCaches.ts),
// so that the worker loads nothing the CLI's start-up loads.

import type { EdgeKind, FileFacts } from './facts.js';

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

// Edge kinds by number (`"import"` in every spec was a third of the text). Every kind has one:
// the cache's version changes with the numbers.
const KIND_CODE: Record<EdgeKind, number> = {
  import: 0,
  'import type': 1,
  're-export': 2,
  require: 3,
  'dynamic import': 4,
  'new URL': 5,
  literal: 6,
  'literal (untracked)': 7,
  package: 8,
  conftest: 9,
  'alias, guessed by path': 10,
};
const KINDS = Object.keys(KIND_CODE).sort(
  (a, b) => KIND_CODE[a as EdgeKind] - KIND_CODE[b as EdgeKind],
) as EdgeKind[];

const isKind = (value: unknown): value is number => typeof value === 'number' && KINDS[value] !== undefined;

// Facts on disk as arrays, not objects: a third of the size, and faster to write and read.
export type Packed = [
  specs: ([kind: number, spec: string] | [kind: number, spec: string, names: string[]])[],
  literals: string[],
  globs: [kind: number, pattern: string][],
  unsure: string[],
  loose?: string,
];

export const pack = (f: FileFacts): Packed => {
  const packed: Packed = [
    f.specs.map((s) => (s.names ? [KIND_CODE[s.kind], s.spec, s.names] : [KIND_CODE[s.kind], s.spec])),
    f.literals,
    f.globs.map((g) => [KIND_CODE[g.kind], g.pattern]),
    f.unsure,
  ];
  if (f.loose !== undefined) packed.push(f.loose);
  return packed;
};

/** Whether a value read from disk is a packed entry (else the whole file counts as corrupt). */
const isPacked = (p: unknown): p is Packed => {
  if (!Array.isArray(p) || p.length < 4 || p.length > 5) return false;
  const [specs, literals, globs, unsure, loose] = p as unknown[];
  if (!Array.isArray(specs) || !isStrings(literals) || !Array.isArray(globs) || !isStrings(unsure))
    return false;
  if (loose !== undefined && typeof loose !== 'string') return false;
  for (const s of specs) {
    if (!Array.isArray(s) || !isKind(s[0]) || typeof s[1] !== 'string') return false;
    if (s.length === 3 && !isStrings(s[2])) return false;
  }
  return globs.every((g) => Array.isArray(g) && isKind(g[0]) && typeof g[1] === 'string');
};

/**
 * Facts as the facts cache holds them: made in this run, or read from disk (checked, and unpacked
 * only when a file is resolved, so that a graph built from the cache keeps no second copy of it).
 */
export type StoredFacts = FileFacts | Packed;

/** The facts of a cache entry. */
export const factsOf = (stored: StoredFacts): FileFacts =>
  Array.isArray(stored) ? unpackTrusted(stored) : stored;

/** The facts of a packed entry the parse worker made, or checked (`isPacked`). */
export const unpackTrusted = ([specs, literals, globs, unsure, loose]: Packed): FileFacts => {
  const facts: FileFacts = { specs: [], literals, globs: [], unsure };
  for (let k = 0; k < specs.length; k++) {
    const s = specs[k]!;
    facts.specs.push(
      s.length === 3 ? { kind: KINDS[s[0]]!, spec: s[1], names: s[2] } : { kind: KINDS[s[0]]!, spec: s[1] },
    );
  }
  for (let k = 0; k < globs.length; k++)
    facts.globs.push({ kind: KINDS[globs[k]![0]]!, pattern: globs[k]![1] });
  if (loose !== undefined) facts.loose = loose;
  return facts;
};

/** A key as JSON text (blob ids and language names need no escapes). */
export const keyJson = (id: string, lang: string): string => `"${id}:${lang}"`;

/**
 * The facts cache's body from its parts: the keys' JSON texts, and the packed facts' JSON texts
 * (each a comma-separated run of any length), in the same order.
 */
export const factsBody = (keys: readonly string[], facts: readonly string[]): string =>
  `[[${keys.join(',')}],[${facts.join(',')}]]`;

/** The facts cache's body of these entries. */
export const factsJson = (entries: Iterable<[key: string, facts: StoredFacts]>): string => {
  const keys: string[] = [];
  const packed: Packed[] = [];
  for (const [key, f] of entries) {
    keys.push(key);
    packed.push(Array.isArray(f) ? f : pack(f));
  }
  return JSON.stringify([keys, packed]);
};

/** The entries of a facts cache's body, each checked (packed: `factsOf` unpacks it); null when it is not that. */
export const factsFromJson = (text: string): [key: string, facts: Packed][] | null => {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [keys, packed] = parsed as unknown[];
  if (!isStrings(keys) || !Array.isArray(packed) || packed.length !== keys.length) return null;
  const entries: [string, Packed][] = [];
  for (let k = 0; k < keys.length; k++) {
    const facts = packed[k];
    if (!isPacked(facts)) return null;
    entries.push([keys[k]!, facts]);
  }
  return entries;
};
