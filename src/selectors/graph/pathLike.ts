// Which strings found in code may name a repo file or folder. Only names of tracked files make
// edges in the end, so this only drops what can never be a path, to keep the cache small.

const NOT_IN_PATHS = /[\n\r\t*?"<>|{}`]|:\/\//;

/** A `file://` URL is its path: `tf.loadLayersModel('file://models/clf/model.json')` (tfjs-node) reads models/clf/model.json. */
export const withoutFileScheme = (value: string): string =>
  value.startsWith('file://') ? value.slice(7) : value;

export const isPathLike = (raw: string): boolean => {
  const value = withoutFileScheme(raw);
  return (
    value.length > 0 &&
    value.length <= 300 &&
    value !== '.' &&
    value !== './' &&
    value !== '..' &&
    value !== '/' &&
    !NOT_IN_PATHS.test(value)
  );
};

const HAS_NAME = /[A-Za-z0-9]/;

/**
 * A `*` pattern (from a template or f-string) is a path pattern when it has a folder and at least
 * one whole segment that is fixed text: `data/*.csv`, `./locales/*.json`, `* /train.csv`; not `*.*`.
 */
export const isPathPattern = (raw: string): boolean => {
  const pattern = withoutFileScheme(raw);
  if (!pattern.includes('/') || pattern.length > 300 || /[\n\r\t"<>|`]|:\/\//.test(pattern)) return false;
  return pattern.split('/').some((segment) => !segment.includes('*') && HAS_NAME.test(segment));
};

const GLOB_SYNTAX = /[*?[{]/;
const NOT_IN_PATTERNS = /[\n\r\t"<>|`]|:\/\//;

/**
 * A string literal that is a glob over repo paths as a `*` pattern: `?`, `[...]` and `{...}` widen
 * to `*` (a superset: it selects more, never less). Kept: a pattern with a fixed folder
 * (`glob.glob('data/*.csv')`, `isPathPattern`), one relative to the file (`import.meta.glob('./*.json')`,
 * `'../*.ts'`), and a bare file pattern (`Path(__file__).parent.glob('*.yaml')`), which is read
 * from the file's own folder only (`./*.yaml`). Null for anything else (`'**' + '/*.ts'`, `'*'`).
 */
export const literalGlob = (raw: string): string | null => {
  const value = withoutFileScheme(raw);
  if (!GLOB_SYNTAX.test(value)) return null;
  const pattern = value.replace(/\{[^{}]*\}|\[[^\]]*\]|\?/g, '*');
  if (!pattern.includes('*') || pattern.length > 300 || NOT_IN_PATTERNS.test(pattern)) return null;
  if (pattern.startsWith('./') || pattern.startsWith('../')) return pattern;
  if (!pattern.includes('/')) return HAS_NAME.test(pattern) ? `./${pattern}` : null;
  return isPathPattern(pattern) ? pattern : null;
};
