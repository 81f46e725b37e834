import type { FileFacts, Spec } from './facts.js';
import { isPathLike, isPathPattern, literalGlob } from './pathLike.js';
import { scanLoosePython } from './scanLoose.js';
import { FSTRING, NAME, OP, type PyLine, STRING, tokenizePython } from './tokenizePython.js';

const DYNAMIC = new Set(['import_module', '__import__']);

/** `import a.b as c, d` and `from ..pkg import (x, y as z)`, from the tokens of one statement. */
const readStatement = ({ types, values }: PyLine, k: number, specs: Spec[]): void => {
  const isName = (j: number) => types[j] === NAME;
  const dotted = (j: number): [string, number] => {
    let name = '';
    while (isName(j)) {
      name += values[j];
      if (values[j + 1] === '.' && isName(j + 2)) {
        name += '.';
        j += 2;
      } else return [name, j + 1];
    }
    return [name, j];
  };
  if (values[k] === 'import') {
    let j = k + 1;
    while (isName(j)) {
      const [name, next] = dotted(j);
      specs.push({ kind: 'import', spec: name });
      j = values[next] === 'as' ? next + 2 : next;
      if (values[j] !== ',') break;
      j++;
    }
    return;
  }
  let j = k + 1;
  let dots = '';
  while (types[j] === OP && values[j] === '.') {
    dots += '.';
    j++;
  }
  const [module, next] = isName(j) && values[j] !== 'import' ? dotted(j) : ['', j];
  if (values[next] !== 'import') return;
  j = next + 1;
  if (values[j] === '(') j++;
  const names: string[] = [];
  while (j < types.length) {
    if (values[j] === '*' || isName(j)) {
      names.push(values[j]!);
      j = values[j + 1] === 'as' ? j + 3 : j + 1;
    }
    if (values[j] !== ',') break;
    j++;
  }
  specs.push({ kind: 'import', spec: dots + module, names });
};

/** Python imports (static, relative, `importlib.import_module('x')`) and string literals, from a real tokenizer. */
export const scanPython = (source: string): FileFacts => {
  const specs: Spec[] = [];
  const literals = new Set<string>();
  const patterns = new Set<string>();
  const unsure = new Set<string>();
  const error = tokenizePython(source, (line) => {
    const { types, values, depths } = line;
    for (let k = 0; k < types.length; k++) {
      const type = types[k];
      const value = values[k]!;
      if (type === STRING) {
        if (isPathLike(value)) literals.add(value);
        // `glob.glob('data/shards/*.parquet')`: every file it matches (`[...]` may be either: both).
        const pattern = literalGlob(value);
        if (pattern !== null) patterns.add(pattern);
        continue;
      }
      if (type === FSTRING) {
        if (isPathPattern(value)) patterns.add(value);
        continue;
      }
      if (type !== NAME) continue;
      // A statement starts the line, or follows `;` or a block's `:` (`try: import x`).
      const starts =
        k === 0 ||
        (depths[k] === 0 && types[k - 1] === OP && (values[k - 1] === ';' || values[k - 1] === ':'));
      if (starts && (value === 'import' || value === 'from')) readStatement(line, k, specs);
      else if (DYNAMIC.has(value) && values[k + 1] === '(') {
        const arg = types[k + 2];
        const after = values[k + 3];
        if (arg === STRING && (after === ')' || after === ','))
          specs.push({ kind: 'dynamic import', spec: values[k + 2]! });
        else unsure.add(`a non-literal ${value}()`);
      }
    }
  });
  if (error !== null) return scanLoosePython(source, `did not parse (${error}), scanned loosely`);
  for (const spec of specs) literals.delete(spec.spec);
  return {
    specs,
    literals: [...literals],
    globs: [...patterns].map((pattern) => ({ kind: 'literal' as const, pattern })),
    unsure: [...unsure],
  };
};
