// What a scanner finds in one file. Independent of the file's path and of the other files, so
// it can be cached by the blob id of the content: resolving it against the repo comes later.

/** How a file refers to another; shown in the chain of a selected test. */
export type EdgeKind =
  | 'import'
  | 'import type'
  | 're-export'
  | 'require'
  | 'dynamic import'
  | 'new URL'
  | 'literal'
  /** A literal naming no tracked file, in a repo that uses DVC: it may name data DVC manages. */
  | 'literal (untracked)'
  | 'package'
  | 'conftest'
  /** A bare specifier no package.json declares, found by its path under some folder (`Resolution.guessed`). */
  | 'alias, guessed by path';

/** A module reference: a JS specifier, or a Python module with its leading dots (`..pkg.mod`). */
export interface Spec {
  kind: EdgeKind;
  spec: string;
  /** Python `from x import a, b`: the names, which may be submodules. */
  names?: string[];
}

/** A path pattern from a template string or a concatenation: `*` stands for any text. */
export interface GlobRef {
  kind: EdgeKind;
  pattern: string;
}

export interface FileFacts {
  specs: Spec[];
  /** String literals that may name a repo file or folder (data, weights, configs). */
  literals: string[];
  globs: GlobRef[];
  /** Why this file may load modules the scan cannot name (`import(name)`): it may load any file. */
  unsure: string[];
  /** Set when the file was scanned loosely (JSX, or it did not parse): what the scan found is a superset. */
  loose?: string;
}

/**
 * How a file is scanned: JSON files are scanned for string values only (a model.json names its
 * weight shards), YAML and TOML configs (`conf`) likewise (a training config names its data);
 * Jupyter notebooks (`ipynb`) by the Python of their code cells;
 * component files (Vue, Svelte, Astro: script inside markup) loosely, like JSX.
 */
export type Lang = 'js' | 'jsx' | 'sfc' | 'py' | 'json' | 'conf' | 'ipynb';

const JS_EXTS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const JSX_EXTS = new Set(['.tsx', '.jsx']);
const SFC_EXTS = new Set(['.vue', '.svelte', '.astro']);
const CONF_EXTS = new Set(['.yaml', '.yml', '.toml']);
// Lockfiles in YAML and TOML name packages, not files the tests read.
const CONF_LOCKFILES = /(?:^|\/)(?:pnpm-lock\.yaml|yarn\.lock|Cargo\.lock|poetry\.lock|uv\.lock|pdm\.lock)$/;

const extOf = (path: string): string => {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(dot) : '';
};

// Lockfiles are JSON full of paths and URLs that name nothing the tests read.
const LOCKFILES = /(?:^|\/)(?:package-lock|npm-shrinkwrap|composer)\.json$/;

/** The scanner a file needs, by extension; null for files that are read by nothing (data, weights, docs). */
export const langOf = (path: string): Lang | null => {
  const ext = extOf(path);
  if (JS_EXTS.has(ext)) return 'js';
  if (JSX_EXTS.has(ext)) return 'jsx';
  if (SFC_EXTS.has(ext)) return 'sfc';
  if (ext === '.py' || ext === '.pyi') return 'py';
  if (ext === '.ipynb') return 'ipynb';
  if (ext === '.json' && !LOCKFILES.test(path)) return 'json';
  if (CONF_EXTS.has(ext) && !CONF_LOCKFILES.test(path)) return 'conf';
  return null;
};

/**
 * Code, as opposed to data: what a bare folder name like `Path('data')` does not point at. A
 * notebook is code that a test opens like a document (`testbook(NOTEBOOKS / 'eda.ipynb')`): a
 * folder name reaches it.
 */
export const isCode = (path: string): boolean => {
  const lang = langOf(path);
  return lang !== null && lang !== 'json' && lang !== 'conf' && lang !== 'ipynb';
};

export { extOf };
