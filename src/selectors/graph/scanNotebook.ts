import type { FileFacts } from './facts.js';
import { scanPython } from './scanPython.js';

// A Jupyter notebook: its code cells are Python (what they import, the data they name). The
// IPython lines are not Python (`%matplotlib inline`, `!pip install x`), but some run files:
// `%run ../src/prep.py`, `!python scripts/clean.py --in data/raw.csv`, a `%%bash` cell. Their
// path-like words are kept, as string literals, so a change to what they run or read reaches the
// notebook. Outputs, markdown and metadata are skipped.

interface Cell {
  cell_type?: unknown;
  source?: unknown;
}

const IPYTHON_LINE = /^([ \t]*)[%!]/;
// Cell magics whose body is shell, not Python (`%%script python` runs Python: read as such).
const SHELL_CELL = /^[ \t]*%%(?:(?:bash|sh|system)\b|script\b(?![ \t]+python)|!)/;
// `%run prep` runs prep.py: the name without its extension.
const RUN = /^[ \t]*%run\b/;
const CELL_MAGIC = /^[ \t]*%%/;
// Shell words: quoted, or split at blanks and operators; `--in=data/raw.csv` gives its value too.
const SHELL_WORD = /'([^']*)'|"((?:\\.|[^"\\])*)"|([^\s;|&<>()='"]+)/g;

/** The words of a magic or shell line that may name a file (or `-m` and its module), as a Python line of string literals. */
const asLiterals = (indent: string, line: string): string => {
  const words = [...line.replace(/^[ \t]*(?:%%?|!)/, '').matchAll(SHELL_WORD)]
    .map((match) => match[1] ?? match[2] ?? match[3]!)
    // A `{var}` or `$var` word is filled in at run time: no literal.
    .filter((word) => word !== '' && !/[{}$]/.test(word));
  const kept = words.filter(
    (word, k) => word.includes('/') || word.includes('.') || word === '-m' || words[k - 1] === '-m',
  );
  const script = RUN.test(line) ? words.slice(1).find((word) => !word.startsWith('-')) : undefined;
  if (script && !/\.[A-Za-z]+$/.test(script)) kept.push(`${script}.py`);
  // JSON strings are Python string literals too.
  return kept.length === 0 ? '' : `${indent}(${kept.map((word) => JSON.stringify(word)).join(', ')},)`;
};

export type NotebookCode = { code: string } | { problem: string };

/** The code of a notebook's code cells, one after another, or why the file is no notebook. */
export const readNotebook = (source: string): NotebookCode => {
  let cells: unknown;
  try {
    cells = (JSON.parse(source) as { cells?: unknown } | null)?.cells;
  } catch {
    return { problem: 'a notebook that is not valid JSON' };
  }
  if (!Array.isArray(cells)) return { problem: 'a .ipynb file with no "cells" list' };
  const code: string[] = [];
  for (const cell of cells as Cell[]) {
    if (cell?.cell_type !== 'code') continue;
    const text = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (typeof text !== 'string') continue;
    const lines = text.split('\n');
    const shell = SHELL_CELL.test(lines[0] ?? '');
    // Each line kept in place, so that a cell cut off mid-statement does not swallow the next.
    code.push(
      lines
        .map((line, k) => {
          if (shell) return asLiterals('', line);
          // `%%time`, `%%capture`: the rest of the cell is Python.
          if (k === 0 && CELL_MAGIC.test(line)) return '';
          const magic = IPYTHON_LINE.exec(line);
          return magic ? asLiterals(magic[1]!, line) : line;
        })
        .join('\n'),
    );
  }
  return { code: code.join('\n\n') };
};

export const scanNotebook = (source: string): FileFacts => {
  const read = readNotebook(source);
  // A notebook that cannot be read may run anything: it depends on every Python file.
  if ('problem' in read) return { specs: [], literals: [], globs: [], unsure: [read.problem] };
  return scanPython(read.code);
};
