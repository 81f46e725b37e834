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
/** Each edge kind at its number. */
export const KINDS = Object.keys(KIND_CODE).sort(
  (a, b) => KIND_CODE[a as EdgeKind] - KIND_CODE[b as EdgeKind],
) as EdgeKind[];

const isKind = (value: unknown): value is number => typeof value === 'number' && KINDS[value] !== undefined;

// Facts on disk as flat arrays, not objects: a third of the size, and faster to write and read.
// A spec is its kind's number and its text, run on in one array, with its names after it when the
// number says so (NAMED); so are globs. JSON.parse makes one array per file's specs instead of one
// per spec: three times faster on a cold graph's facts. Empty lists at the end are left out.
export type Packed = [
  specs: (number | string | string[])[],
  literals?: string[],
  globs?: (number | string)[],
  unsure?: string[],
  loose?: string,
];

/** Added to a spec's kind number when its names follow it (`from x import a, b`). */
export const NAMED = 16;

export const pack = (f: FileFacts): Packed => {
  const specs: Packed[0] = [];
  for (let k = 0; k < f.specs.length; k++) {
    const s = f.specs[k]!;
    if (s.names) specs.push(KIND_CODE[s.kind] + NAMED, s.spec, s.names);
    else specs.push(KIND_CODE[s.kind], s.spec);
  }
  const globs: (number | string)[] = [];
  for (let k = 0; k < f.globs.length; k++) globs.push(KIND_CODE[f.globs[k]!.kind], f.globs[k]!.pattern);
  if (f.loose !== undefined) return [specs, f.literals, globs, f.unsure, f.loose];
  if (f.unsure.length > 0) return [specs, f.literals, globs, f.unsure];
  if (globs.length > 0) return [specs, f.literals, globs];
  return f.literals.length > 0 ? [specs, f.literals] : [specs];
};

/** Whether a value read from disk is a packed entry (else the whole file counts as corrupt). */
const isPacked = (p: unknown): p is Packed => {
  if (!Array.isArray(p) || p.length < 1 || p.length > 5) return false;
  const [specs, literals = [], globs = [], unsure = [], loose] = p as unknown[];
  if (!Array.isArray(specs) || !isStrings(literals) || !Array.isArray(globs) || !isStrings(unsure))
    return false;
  if (loose !== undefined && typeof loose !== 'string') return false;
  for (let k = 0; k < specs.length; ) {
    const code = specs[k];
    if (typeof code !== 'number') return false;
    const named = code >= NAMED;
    if (!isKind(named ? code - NAMED : code) || typeof specs[k + 1] !== 'string') return false;
    if (named && !isStrings(specs[k + 2])) return false;
    k += named ? 3 : 2;
  }
  for (let k = 0; k < globs.length; k += 2)
    if (!isKind(globs[k]) || typeof globs[k + 1] !== 'string') return false;
  return true;
};

/**
 * Facts as the facts cache holds them: packed (read from disk and checked, or sent by the parse
 * worker, or packed here: resolution reads them as they are, `resolvePacked`), or as a scanner made them.
 */
export type StoredFacts = FileFacts | Packed;

/** The facts of a cache entry, in their readable form (for tests and tools: resolution reads them packed). */
export const factsOf = (stored: StoredFacts): FileFacts =>
  Array.isArray(stored) ? unpackTrusted(stored) : stored;

/** The facts of a packed entry the parse worker made, or checked (`isPacked`). */
export const unpackTrusted = ([specs, literals = [], globs, unsure = [], loose]: Packed): FileFacts => {
  const facts: FileFacts = { specs: [], literals, globs: [], unsure };
  for (let k = 0; k < specs.length; ) {
    const code = specs[k] as number;
    if (code >= NAMED) {
      facts.specs.push({
        kind: KINDS[code - NAMED]!,
        spec: specs[k + 1] as string,
        names: specs[k + 2] as string[],
      });
      k += 3;
    } else {
      facts.specs.push({ kind: KINDS[code]!, spec: specs[k + 1] as string });
      k += 2;
    }
  }
  if (globs)
    for (let k = 0; k < globs.length; k += 2)
      facts.globs.push({ kind: KINDS[globs[k] as number]!, pattern: globs[k + 1] as string });
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

/** The entries of a facts cache's body, each checked (kept packed); null when it is not that. */
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
