// The folders Python imports are resolved from (sys.path entries), read from the packaging and
// pytest configs: src layout, setuptools/poetry/hatch/pdm/maturin settings, pytest `pythonpath`.
// Only the few keys that name folders are read, with a line scanner rather than a TOML/INI library.

import type { FileIndex } from './fileIndex.js';
import { baseOf, dirOf, joinPath } from './paths.js';

export { PY_CONFIGS } from './configFiles.js';

const STRING = /"((?:\\.|[^"\\])*)"|'([^']*)'/g;
const strings = (text: string): string[] => [...text.matchAll(STRING)].map((m) => m[1] ?? m[2] ?? '');

/** `[table]` -> key -> raw value (multi-line arrays and inline tables joined), for TOML and INI alike. */
const sections = (text: string): Map<string, Map<string, string>> => {
  const out = new Map<string, Map<string, string>>();
  let table = new Map<string, string>();
  out.set('', table);
  let key: string | null = null;
  let open = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*[#;].*$/, '');
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header && open <= 0) {
      const name = header[1]!.replace(/["']/g, '');
      table = out.get(name) ?? new Map();
      out.set(name, table);
      key = null;
      continue;
    }
    const pair = /^([\w."'-]*?)\s*[=:]\s*(.*)$/.exec(line.trim());
    if (pair && open <= 0 && !/^\s/.test(line)) {
      key = pair[1]!.replace(/["']/g, '');
      table.set(key, pair[2]!);
      open = (pair[2]!.match(/[[{]/g) ?? []).length - (pair[2]!.match(/[\]}]/g) ?? []).length;
    } else if (key !== null && line.trim() !== '') {
      // A continued value: a multi-line TOML array, or an indented INI value.
      table.set(key, `${table.get(key)}\n${line}`);
      open += (line.match(/[[{]/g) ?? []).length - (line.match(/[\]}]/g) ?? []).length;
    }
  }
  return out;
};

const words = (value: string): string[] => {
  const quoted = strings(value);
  return quoted.length > 0 ? quoted : value.split(/[\s,]+/).filter(Boolean);
};

/** Folders named by one config file, relative to that file's folder. */
export const rootsFromConfig = (file: string, text: string): string[] => {
  const name = baseOf(file);
  const found: string[] = [];
  if (name === 'setup.py') {
    for (const m of text.matchAll(/package_dir\s*=\s*\{\s*(['"])\1\s*:\s*['"]([^'"]+)['"]/g))
      found.push(m[2]!);
    for (const m of text.matchAll(/find(?:_namespace)?_packages\s*\(\s*(?:where\s*=\s*)?['"]([^'"]+)['"]/g))
      found.push(m[1]!);
  } else {
    const all = sections(text);
    const get = (table: string, key: string) => all.get(table)?.get(key);
    for (const [table, keys] of all) {
      for (const [key, value] of keys) {
        const k = key.replace(/_/g, '-');
        if (table === 'tool.setuptools.packages.find' && k === 'where') found.push(...words(value));
        else if (table === 'options.packages.find' && k === 'where') found.push(...words(value));
        else if (
          (table === 'tool.pytest.ini_options' || table === 'pytest' || table === 'tool:pytest') &&
          k === 'pythonpath'
        )
          found.push(...words(value));
        else if (table.startsWith('tool.hatch.build') && k === 'packages')
          found.push(...strings(value).map(dirOf));
        else if (table === 'tool.poetry' && k === 'packages')
          for (const m of value.matchAll(/from\s*=\s*["']([^"']+)/g)) found.push(m[1]!);
        else if (
          (table === 'tool.pdm.build' && k === 'package-dir') ||
          (table === 'tool.maturin' && k === 'python-source')
        )
          found.push(...strings(value));
        else if (
          (table === 'tool.setuptools' && k === 'package-dir') ||
          (table === 'options' && k === 'package-dir')
        ) {
          // {"" = "src"} in TOML, `=src` on its own line in setup.cfg.
          for (const m of value.matchAll(/["']{2}\s*[=:]\s*["']([^"']+)|^\s*=\s*(\S+)/gm))
            found.push(m[1] ?? m[2]!);
        }
      }
    }
    const table = all.get('tool.setuptools.package-dir');
    if (table?.has('')) found.push(...strings(table.get('')!));
    if (get('tool.setuptools.package-dir', '') === undefined && table) {
      for (const value of table.values()) found.push(...strings(value).map(dirOf));
    }
  }
  const dir = dirOf(file);
  return found.flatMap((root) => {
    const joined = joinPath(dir, root.replace(/^\.\/?$/, ''));
    return joined === null ? [] : [joined];
  });
};

/** sys.path for the project: the root, `src`, each packaging config's folder and its `src`, and what configs name. */
export const pythonRoots = (configs: ReadonlyMap<string, string>, index: FileIndex): string[] => {
  const roots = new Set<string>(['']);
  if (index.dirs.has('src')) roots.add('src');
  for (const [file, text] of configs) {
    const dir = dirOf(file);
    roots.add(dir);
    const src = dir === '' ? 'src' : `${dir}/src`;
    if (index.dirs.has(src)) roots.add(src);
    for (const root of rootsFromConfig(file, text)) roots.add(root);
  }
  return [...roots];
};
