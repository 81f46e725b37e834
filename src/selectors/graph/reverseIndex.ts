// The reverse graph: for a file, who depends on it and how (the label shown in a chain). Built in
// memory from the resolved files, and saved as sorted text lines so that a warm run looks up only
// the files its search reaches, by binary search, instead of parsing the whole graph.

import { baseOf, dirOf } from './paths.js';
import type { ResolvedFile } from './resolveFile.js';

// On disk: `<key>\n<extras as JSON>\n` then one line per target, sorted:
// `target TAB source US label TAB source US label ...` (US: \x1f).
const US = '\x1f';
const SEPARATORS = /[\n\t\x1f]/;

export type Family = 'js' | 'py';

export const familyOf = (path: string): Family | null =>
  /\.pyi?$/.test(path) ? 'py' : /\.(?:[mc]?[jt]sx?|json)$/.test(path) ? 'js' : null;

export interface Extras {
  /** Folder -> [source, label, dataOnly]: a literal names the folder. */
  folders: [folder: string, source: string, label: string, dataOnly: boolean][];
  /** Anchored regex -> [source, label]: a template or concatenation may name any matching file. */
  globs: [regex: string, source: string, label: string][];
  /** Files that may load any file of their family. */
  unsure: [source: string, family: Family, label: string][];
}

export interface ReverseIndex {
  /** Direct dependents of a file: importers, readers, and the tests a conftest.py applies to. */
  lookup(target: string): [source: string, label: string][];
  folders: Map<string, [source: string, label: string, dataOnly: boolean][]>;
  globs: { re: RegExp; prefix: string; source: string; label: string }[];
  unsure: { source: string; family: Family; label: string }[];
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
  };
};

export interface BuiltReverse {
  index: ReverseIndex;
  extras: Extras;
  /** Target -> its line of the saved text; null when a path or label holds a separator. */
  lines: Map<string, string> | null;
}

/**
 * Adds files one at a time (while the rest are still being scanned); `testsUnder(dir)` lists the
 * tests a conftest.py in `dir` applies to.
 */
export const createReverseBuilder = (testsUnder: (dir: string) => string[]) => {
  // Target -> source, label, source, label, ...: no pair arrays to keep for every edge.
  const map = new Map<string, string[]>();
  // The saved text's lines grow with the map, each path and label checked once for separators.
  const lines = new Map<string, string>();
  let clean = true;
  const labels = new Set<string>();
  const addEdge = (target: string, source: string, label: string) => {
    if (!labels.has(label)) {
      labels.add(label);
      if (SEPARATORS.test(label)) clean = false;
    }
    const list = map.get(target);
    if (list) {
      list.push(source, label);
      lines.set(target, `${lines.get(target)}\t${source}${US}${label}`);
    } else {
      map.set(target, [source, label]);
      if (SEPARATORS.test(target)) clean = false;
      lines.set(target, `${target}\t${source}${US}${label}`);
    }
  };
  const extras: Extras = { folders: [], globs: [], unsure: [] };
  const add = (source: string, file: ResolvedFile) => {
    if (SEPARATORS.test(source)) clean = false;
    const { edges, folders, globs, unsure, loose } = file;
    for (let k = 0; k < edges.length; k++) {
      const [target, kind] = edges[k]!;
      addEdge(target, source, loose ? `${kind}; ${loose}` : kind);
    }
    for (const [folder, kind, dataOnly] of folders)
      extras.folders.push([
        folder,
        source,
        loose ? `${kind}: ${folder}/; ${loose}` : `${kind}: ${folder}/`,
        dataOnly,
      ]);
    for (const [regex, kind] of globs)
      extras.globs.push([regex, source, loose ? `${kind} pattern; ${loose}` : `${kind} pattern`]);
    if (unsure.length > 0) {
      const family = familyOf(source);
      if (family)
        for (const reason of unsure) extras.unsure.push([source, family, `${reason}: it may load any file`]);
    }
    if (source.endsWith('conftest.py') && baseOf(source) === 'conftest.py')
      for (const test of testsUnder(dirOf(source)))
        if (test !== source) {
          if (SEPARATORS.test(test)) clean = false;
          addEdge(source, test, 'conftest');
        }
  };
  const lookup = (target: string): [string, string][] => {
    const list = map.get(target) ?? [];
    const pairs: [string, string][] = [];
    for (let k = 0; k < list.length; k += 2) pairs.push([list[k]!, list[k + 1]!]);
    return pairs;
  };
  const finish = (): BuiltReverse => ({
    index: withExtras(lookup, extras),
    extras,
    lines: clean ? lines : null,
  });
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

/** The text to save, or null when a path holds a separator (git allows newlines in names): then no cache. */
export const serializeReverse = (key: string, { lines, extras }: BuiltReverse): string | null => {
  if (!lines) return null;
  const sorted = [...lines.keys()].sort();
  for (let k = 0; k < sorted.length; k++) sorted[k] = lines.get(sorted[k]!)!;
  return `${key}\n${JSON.stringify(extras)}\n${sorted.join('\n')}\n`;
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
    let lo = body;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = text.lastIndexOf('\n', mid - 1) + 1;
      const end = text.indexOf('\n', start);
      const tab = text.indexOf('\t', start);
      const found = text.slice(start, tab < 0 || tab > end ? end : tab);
      if (found === target)
        return text
          .slice(start + target.length + 1, end)
          .split('\t')
          .map((pair) => {
            const cut = pair.indexOf(US);
            return [pair.slice(0, cut), pair.slice(cut + 1)];
          });
      if (found < target) lo = end + 1;
      else hi = start;
    }
    return [];
  };
  return withExtras(lookup, extras);
};
