import type { FileFacts } from './facts.js';
import { isPathLike, literalGlob } from './pathLike.js';

// YAML and TOML configs (a training config naming its data, a Hydra or DVC params file): their
// string values may name repo files, as a JSON file's do. Not a parser: every quoted string, and
// YAML's plain scalars (after `key:` or `- `, in `[a, b]` and `{k: v}`), which is a superset.

const QUOTED = /"((?:\\.|[^"\\\n])*)"|'((?:''|[^'\n])*)'/g;
// A line's value: after any `- ` list marks and a `key:` (or TOML `key =`), up to a comment.
const VALUE = /^[ \t]*(?:-[ \t]+)*(?:[^\s:#'"=][^:#'"=]*?(?::|[ \t]*=)(?:[ \t]+|$))?(.*)$/;
const FLOW_SEPARATORS = /[[\]{},]/;

const unescaped = (value: string): string | null => {
  if (!value.includes('\\')) return value;
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return null;
  }
};

/** The string values of a YAML or TOML file that may name files or file patterns. */
export const scanConfigText = (source: string): FileFacts => {
  const values = new Set<string>();
  for (const match of source.matchAll(QUOTED)) {
    const value = match[1] !== undefined ? unescaped(match[1]) : match[2]!.replace(/''/g, "'");
    if (value !== null) values.add(value);
  }
  for (const line of source.split(/\r?\n/)) {
    // A comment line, a document marker, a block scalar's own lines are all read the same way:
    // what is not a path is dropped when it is resolved.
    const value = VALUE.exec(line)?.[1];
    if (!value || value.startsWith('#')) continue;
    // Quoted strings are read above; what is left of them separates items like a comma.
    const plain = value
      .replace(QUOTED, ',')
      .replace(/[ \t]+#.*$/, '')
      .trim();
    if (plain === '') continue;
    const parts = FLOW_SEPARATORS.test(plain) ? plain.split(FLOW_SEPARATORS) : [plain];
    for (const part of parts) {
      // `{k: v}` in a flow mapping: the value; an anchor or a tag before it (`&base`, `!!str`) is not.
      const item = part
        .replace(/^[^:]*:[ \t]+/, '')
        .trim()
        .replace(/^(?:[&!][^ \t]*[ \t]+)+/, '');
      if (item !== '' && !/^[&*!|>]/.test(item)) values.add(item);
    }
  }
  const literals: string[] = [];
  const globs: FileFacts['globs'] = [];
  for (const value of values) {
    if (isPathLike(value)) literals.push(value);
    const pattern = literalGlob(value);
    if (pattern !== null) globs.push({ kind: 'literal', pattern });
  }
  return { specs: [], literals, globs, unsure: [] };
};
