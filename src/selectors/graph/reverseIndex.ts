// The reverse graph: for a file, who depends on it and how (the label shown in a chain). Built in
// memory from the resolved files, and saved as sorted text lines so that a warm run looks up only
// the files its search reaches, by binary search, instead of parsing the whole graph.

import { baseOf, dirOf } from './paths.js';
import type { ResolvedFile } from './resolveFile.js';

// On disk: `<key>\n<extras as JSON>\n` then one line per target, sorted:
// `target TAB source TAB label TAB source TAB label ...`: a line is the target and its flat list
// of dependents, joined (no string per edge is made to write it). Names with a tab or newline
// (git allows them) mean no cache; \x1f, the separator of an older format, too.
const SEPARATORS = /[\n\t\x1f]/;

export type Family = 'js' | 'py';

export const familyOf = (path: string): Family | null =>
  /\.(?:pyi?|ipynb)$/.test(path)
    ? 'py'
    : /\.(?:[mc]?[jt]sx?|vue|svelte|astro|json)$/.test(path)
      ? 'js'
      : null;

export interface Extras {
  /** Folder -> [source, label, dataOnly]: a literal names the folder. */
  folders: [folder: string, source: string, label: string, dataOnly: boolean][];
  /** Anchored regex -> [source, label]: a template or concatenation may name any matching file. */
  globs: [regex: string, source: string, label: string][];
  /** Files that may load any file of their family. */
  unsure: [source: string, family: Family, label: string][];
  /** Files read only because a tsconfig extends them: a change to one is a config change. */
  configs?: string[];
}

export interface ReverseIndex {
  /** Direct dependents of a file: importers, readers, and the tests a conftest.py applies to. */
  lookup(target: string): [source: string, label: string][];
  folders: Map<string, [source: string, label: string, dataOnly: boolean][]>;
  globs: { re: RegExp; prefix: string; source: string; label: string }[];
  unsure: { source: string; family: Family; label: string }[];
  /** `Extras.configs`. */
  configs: string[];
}

const withExtras = (lookup: ReverseIndex['lookup'], extras: Extras): ReverseIndex => {
  const folders = new Map<string, [string, string, boolean][]>();
  for (const [folder, source, label, dataOnly] of extras.folders) {
    const list = folders.get(folder);
    if (list) list.push([source, label, dataOnly]);
    else folders.set(folder, [[source, label, dataOnly]]);
  }
  return {
    lookup,
    folders,
    globs: extras.globs.map(([regex, source, label]) => ({
      re: new RegExp(regex),
      // The fixed start of the pattern, to skip the regex for most paths.
      prefix: /^\^((?:[^\\.*+?()[\]{}|^$]|\\.)*)/.exec(regex)?.[1]?.replace(/\\(.)/g, '$1') ?? '',
      source,
      label,
    })),
    unsure: extras.unsure.map(([source, family, label]) => ({ source, family, label })),
    configs: extras.configs ?? [],
  };
};

export interface BuiltReverse {
  index: ReverseIndex;
  extras: Extras;
  /**
   * The saved text's lines, sorted by target; null when a path or label holds a separator. Given
   * the state's paths in git's order, it takes the targets in that order rather than sorting them.
   */
  lines: ((order?: readonly string[]) => string[]) | null;
}

// Dependents in one order however the graph was reached (built in file order, or patched), so that
// the chain a search finds (the first parent it meets) does not depend on the cache's history.
const byPair = (a: readonly [string, string], b: readonly [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

const byJson = <T>(list: T[]): T[] =>
  list
    .map((entry) => [JSON.stringify(entry), entry] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, entry]) => entry);

const sortedExtras = ({ folders, globs, unsure, configs }: Extras): Extras => ({
  folders: byJson(folders),
  globs: byJson(globs),
  unsure: byJson(unsure),
  ...(configs && configs.length > 0 ? { configs: [...configs].sort() } : {}),
});

/** Whether a flat `source, label, ...` list is in `byPair` order already (files come in path order). */
const inOrder = (list: readonly string[]): boolean => {
  for (let k = 2; k < list.length; k += 2) {
    const a = list[k - 2]!;
    const b = list[k]!;
    if (a > b || (a === b && list[k - 1]! > list[k + 1]!)) return false;
  }
  return true;
};

/** A saved line's dependents (after `target TAB`) as pairs. */
const decodePairs = (items: string): [string, string][] => {
  const flat = items.split('\t');
  const pairs: [string, string][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) pairs.push([flat[k]!, flat[k + 1]!]);
  return pairs;
};

const encodePairs = (target: string, pairs: readonly (readonly [string, string])[]): string => {
  let line = target;
  for (const [source, label] of pairs) line += `\t${source}\t${label}`;
  return line;
};

/** The `*` pattern an anchored regex of resolveFile's `globRegex` was made from, to show in a chain. */
const patternOf = (regex: string): string => {
  let out = '';
  for (let k = 1; k < regex.length - 1; k++) {
    const c = regex[k]!;
    if (regex.startsWith('(?:.*/)?', k)) {
      out += '**/';
      k += 7;
    } else if (c === '\\') out += regex[++k] ?? '';
    else if (c === '.' && regex[k + 1] === '*') {
      out += '*';
      k++;
    } else out += c;
  }
  return out;
};

/** What one file adds to the reverse graph from its own resolution (a conftest's scope apart). */
export interface EdgeRecords {
  /** [target, label]: `source` depends on `target`. */
  edges: [target: string, label: string][];
  folders: Extras['folders'];
  globs: Extras['globs'];
  unsure: Extras['unsure'];
}

/** The label of an edge of a file: its kind, and why the file was scanned loosely. */
const edgeLabel = (kind: string, loose: string | undefined): string => (loose ? `${kind}; ${loose}` : kind);

/** What a file adds to the reverse graph besides its edges: the folders, patterns and reasons it names. */
const extraRecords = (source: string, file: ResolvedFile): Omit<EdgeRecords, 'edges'> => {
  const { folders, globs, unsure, loose } = file;
  const records: Omit<EdgeRecords, 'edges'> = { folders: [], globs: [], unsure: [] };
  for (const [folder, kind, dataOnly] of folders)
    records.folders.push([folder, source, edgeLabel(`${kind}: ${folder}/`, loose), dataOnly]);
  for (const [regex, kind] of globs)
    records.globs.push([regex, source, edgeLabel(`${kind} pattern: ${patternOf(regex)}`, loose)]);
  if (unsure.length > 0) {
    const family = familyOf(source);
    if (family)
      for (const reason of unsure) records.unsure.push([source, family, `${reason}: it may load any file`]);
  }
  return records;
};

export const edgeRecords = (source: string, file: ResolvedFile): EdgeRecords => {
  const { edges, loose } = file;
  const records: EdgeRecords = { edges: [], ...extraRecords(source, file) };
  for (let k = 0; k < edges.length; k++) {
    const [target, kind] = edges[k]!;
    records.edges.push([target, edgeLabel(kind, loose)]);
  }
  return records;
};

/**
 * Adds files one at a time (while the rest are still being scanned); `testsUnder(dir)` lists the
 * tests a conftest.py in `dir` applies to.
 */
export const createReverseBuilder = (testsUnder: (dir: string) => string[]) => {
  // Target -> source, label, source, label, ...: no pair arrays to keep for every edge.
  const map = new Map<string, string[]>();
  let clean = true;
  const labels = new Set<string>();
  const addEdge = (target: string, source: string, label: string) => {
    if (!labels.has(label)) {
      labels.add(label);
      if (SEPARATORS.test(label)) clean = false;
    }
    const list = map.get(target);
    if (list) list.push(source, label);
    else {
      map.set(target, [source, label]);
      if (SEPARATORS.test(target)) clean = false;
    }
  };
  const extras: Extras = { folders: [], globs: [], unsure: [] };
  // Whether every list is in `byPair` order as it is: each file adds one edge per target, so when
  // the files come in path order (a graph is built in listing order) so do the sources. A conftest
  // adds its tests out of that order: then each list is checked.
  let previous = '';
  let ordered = true;
  const add = (source: string, file: ResolvedFile) => {
    if (SEPARATORS.test(source)) clean = false;
    if (ordered && previous !== '' && !(previous < source)) ordered = false;
    previous = source;
    // The edges straight from the file (no records per file: this runs for every file of a graph).
    const { edges, loose } = file;
    for (let k = 0; k < edges.length; k++) addEdge(edges[k]![0], source, edgeLabel(edges[k]![1], loose));
    if (file.folders.length > 0 || file.globs.length > 0 || file.unsure.length > 0) {
      const records = extraRecords(source, file);
      for (const folder of records.folders) extras.folders.push(folder);
      for (const glob of records.globs) extras.globs.push(glob);
      for (const unsure of records.unsure) extras.unsure.push(unsure);
    }
    if (source.endsWith('conftest.py') && baseOf(source) === 'conftest.py')
      for (const test of testsUnder(dirOf(source)))
        if (test !== source) {
          if (SEPARATORS.test(test)) clean = false;
          ordered = false;
          addEdge(source, test, 'conftest');
        }
  };
  const inOrderNow = (list: readonly string[]) => ordered || inOrder(list);
  /**
   * The targets in the order of the state's paths (git's byte order), when every target is one
   * of them and that order is also JavaScript's (it is not for every name outside ASCII).
   */
  const targetsIn = (order: readonly string[]): string[] | null => {
    const targets: string[] = [];
    for (let k = 0; k < order.length; k++) if (map.has(order[k]!)) targets.push(order[k]!);
    if (targets.length !== map.size) return null;
    for (let k = 1; k < targets.length; k++) if (!(targets[k - 1]! < targets[k]!)) return null;
    return targets;
  };
  const lookup = (target: string): [string, string][] => {
    const list = map.get(target) ?? [];
    const pairs: [string, string][] = [];
    for (let k = 0; k < list.length; k += 2) pairs.push([list[k]!, list[k + 1]!]);
    return inOrderNow(list) ? pairs : pairs.sort(byPair);
  };
  const finish = (): BuiltReverse => {
    const sorted = sortedExtras(extras);
    return {
      index: withExtras(lookup, sorted),
      extras: sorted,
      lines: clean
        ? (order) => {
            const targets = (order && targetsIn(order)) ?? [...map.keys()].sort();
            const lines = new Array<string>(targets.length);
            for (let k = 0; k < targets.length; k++) {
              const target = targets[k]!;
              const list = map.get(target)!;
              // Mostly in order already (files come in path order): the line straight from the list.
              lines[k] = inOrderNow(list)
                ? `${target}\t${list.join('\t')}`
                : encodePairs(target, lookup(target));
            }
            return lines;
          }
        : null,
    };
  };
  return { add, finish };
};

/** From every file's resolved edges; `testsUnder(dir)` lists the tests a conftest.py in `dir` applies to. */
export const buildReverseIndex = (
  files: ReadonlyMap<string, ResolvedFile>,
  testsUnder: (dir: string) => string[],
): BuiltReverse => {
  const builder = createReverseBuilder(testsUnder);
  for (const [source, file] of files) builder.add(source, file);
  return builder.finish();
};

/**
 * The text to save, or null when a path holds a separator (git allows newlines in names): then no
 * cache. `configs`: the files of the state read only because a tsconfig extends them.
 */
export const serializeReverse = (
  key: string,
  { lines: make, extras }: BuiltReverse,
  configs: readonly string[] = [],
  /** The state's paths in git's order, to save sorting the targets. */
  order?: readonly string[],
): string | null => {
  if (!make) return null;
  const saved = configs.length > 0 ? sortedExtras({ ...extras, configs: [...configs] }) : extras;
  return `${key}\n${JSON.stringify(saved)}\n${make(order).join('\n')}\n`;
};

/** Where `target`'s line is in the saved text, or where it would go (the lines are sorted). */
const locate = (text: string, body: number, target: string) => {
  let lo = body;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = text.lastIndexOf('\n', mid - 1) + 1;
    const end = text.indexOf('\n', start);
    const tab = text.indexOf('\t', start);
    const found = text.slice(start, tab < 0 || tab > end ? end : tab);
    if (found === target) return { start, end: end + 1, line: text.slice(start, end) };
    if (found < target) lo = end + 1;
    else hi = start;
  }
  return { start: lo, end: lo, line: null };
};

/** The saved reverse graph for a state key, looked up lazily; null when the key differs. */
export const parseReverse = (text: string, key: string): ReverseIndex | null => {
  const first = text.indexOf('\n');
  if (text.slice(0, first) !== key) return null;
  const second = text.indexOf('\n', first + 1);
  const extras = JSON.parse(text.slice(first + 1, second)) as Extras;
  // Binary search over the text itself, line by line: nothing is indexed up front for the few
  // lookups a warm run makes.
  const body = second + 1;
  // A search from each changed file reaches the same shared modules again.
  const known = new Map<string, [string, string][]>();
  const lookup = (target: string): [string, string][] => {
    let found = known.get(target);
    if (!found) {
      found = find(target);
      known.set(target, found);
    }
    return found;
  };
  const find = (target: string): [string, string][] => {
    const { line } = locate(text, body, target);
    return line === null ? [] : decodePairs(line.slice(target.length + 1));
  };
  return withExtras(lookup, extras);
};

/** A file whose content changed between the saved state and this one: its records before and after. */
export interface SourceChange {
  source: string;
  before: EdgeRecords;
  after: EdgeRecords;
}

/**
 * The saved text of the next state, when it has the same files as the saved one and only the
 * content of `changes`' sources differs (so no other file resolves differently): their old edges
 * and extras out, their new ones in, under `key`. Null when the saved text does not hold the old
 * edges (it is not what this resolution made) or a new name holds a separator.
 */
export const patchReverse = (text: string, key: string, changes: readonly SourceChange[]): string | null => {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  if (first < 0 || second < 0) return null;
  const extras = JSON.parse(text.slice(first + 1, second)) as Extras;
  const sources = new Set(changes.map((c) => c.source));
  const next: Extras = {
    folders: extras.folders.filter((entry) => !sources.has(entry[1])),
    globs: extras.globs.filter((entry) => !sources.has(entry[1])),
    unsure: extras.unsure.filter((entry) => !sources.has(entry[0])),
    configs: extras.configs,
  };
  const pairs = new Map<string, { remove: [string, string][]; add: [string, string][] }>();
  const of = (target: string) => {
    let entry = pairs.get(target);
    if (!entry) pairs.set(target, (entry = { remove: [], add: [] }));
    return entry;
  };
  for (const { source, before, after } of changes) {
    if (SEPARATORS.test(source)) return null;
    for (const [target, label] of before.edges) of(target).remove.push([source, label]);
    for (const [target, label] of after.edges) {
      if (SEPARATORS.test(target) || SEPARATORS.test(label)) return null;
      of(target).add.push([source, label]);
    }
    next.folders.push(...after.folders);
    next.globs.push(...after.globs);
    next.unsure.push(...after.unsure);
  }
  const body = second + 1;
  const edits: { start: number; end: number; target: string; line: string | null }[] = [];
  for (const [target, { remove, add }] of pairs) {
    const { start, end, line } = locate(text, body, target);
    const list = line === null ? [] : decodePairs(line.slice(target.length + 1));
    for (const [source, label] of remove) {
      const at = list.findIndex((pair) => pair[0] === source && pair[1] === label);
      if (at < 0) return null;
      list.splice(at, 1);
    }
    list.push(...add);
    edits.push({ start, end, target, line: list.length > 0 ? encodePairs(target, list.sort(byPair)) : null });
  }
  edits.sort((a, b) => a.start - b.start || (a.target < b.target ? -1 : 1));
  const out = [`${key}\n${JSON.stringify(sortedExtras(next))}\n`];
  let at = body;
  for (const edit of edits) {
    out.push(text.slice(at, edit.start));
    if (edit.line !== null) out.push(`${edit.line}\n`);
    at = edit.end;
  }
  out.push(text.slice(at));
  return out.join('');
};
