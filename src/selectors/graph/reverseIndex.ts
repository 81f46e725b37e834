// The reverse graph: for a file, who depends on it and how (the label shown in a chain). Built in
// memory from the resolved files, and saved as sorted text lines so that a warm run looks up only
// the files its search reaches, by binary search, instead of parsing the whole graph.

import { baseOf, dirOf } from './paths.js';
import type { ResolvedFile } from './resolveFile.js';

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
  map: Map<string, [string, string][]>;
  extras: Extras;
}

/** From every file's resolved edges; `testsUnder(dir)` lists the tests a conftest.py in `dir` applies to. */
export const buildReverseIndex = (
  files: ReadonlyMap<string, ResolvedFile>,
  testsUnder: (dir: string) => string[],
): BuiltReverse => {
  const map = new Map<string, [string, string][]>();
  const add = (target: string, source: string, label: string) => {
    const list = map.get(target);
    if (list) list.push([source, label]);
    else map.set(target, [[source, label]]);
  };
  const extras: Extras = { folders: [], globs: [], unsure: [] };
  for (const [source, file] of files) {
    const label = (kind: string) => (file.loose ? `${kind}; ${file.loose}` : kind);
    for (const [target, kind] of file.edges) add(target, source, label(kind));
    for (const [folder, kind, dataOnly] of file.folders)
      extras.folders.push([folder, source, label(`${kind}: ${folder}/`), dataOnly]);
    for (const [regex, kind] of file.globs) extras.globs.push([regex, source, label(`${kind} pattern`)]);
    const family = familyOf(source);
    if (family)
      for (const reason of file.unsure)
        extras.unsure.push([source, family, `${reason}: it may load any file`]);
    if (baseOf(source) === 'conftest.py')
      for (const test of testsUnder(dirOf(source))) if (test !== source) add(source, test, 'conftest');
  }
  return { index: withExtras((target) => map.get(target) ?? [], extras), map, extras };
};

// On disk: `<key>\n<extras as JSON>\n` then one line per target, sorted:
// `target TAB source US label TAB source US label ...` (US: \x1f).
const US = '\x1f';
const SEPARATORS = /[\n\t\x1f]/;

/** The text to save, or null when a path holds a separator (git allows newlines in names): then no cache. */
export const serializeReverse = (key: string, { map, extras }: BuiltReverse): string | null => {
  const lines: string[] = [];
  for (const target of [...map.keys()].sort()) {
    const pairs = map.get(target)!;
    if (SEPARATORS.test(target) || pairs.some(([s, l]) => SEPARATORS.test(s) || SEPARATORS.test(l)))
      return null;
    lines.push(`${target}\t${pairs.map(([s, l]) => `${s}${US}${l}`).join('\t')}`);
  }
  return `${key}\n${JSON.stringify(extras)}\n${lines.join('\n')}\n`;
};

/** The saved reverse graph for a state key, looked up lazily; null when the key differs. */
export const parseReverse = (text: string, key: string): ReverseIndex | null => {
  const first = text.indexOf('\n');
  if (text.slice(0, first) !== key) return null;
  const second = text.indexOf('\n', first + 1);
  const extras = JSON.parse(text.slice(first + 1, second)) as Extras;
  const starts: number[] = [];
  for (let at = second + 1; at < text.length; at = text.indexOf('\n', at) + 1) starts.push(at);
  const keyAt = (k: number) => text.slice(starts[k]!, text.indexOf('\t', starts[k]!));
  const lookup = (target: string): [string, string][] => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const found = keyAt(mid);
      if (found === target) {
        const end = text.indexOf('\n', starts[mid]!);
        return text
          .slice(starts[mid]! + target.length + 1, end)
          .split('\t')
          .map((pair) => {
            const cut = pair.indexOf(US);
            return [pair.slice(0, cut), pair.slice(cut + 1)];
          });
      }
      if (found < target) lo = mid + 1;
      else hi = mid - 1;
    }
    return [];
  };
  return withExtras(lookup, extras);
};
