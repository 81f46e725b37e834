import type { FileFacts } from './facts.js';
import { scanPython } from './scanPython.js';

// A Jupyter notebook: its code cells are Python (what they import, the data they name), once the
// IPython lines are left out (`%matplotlib inline`, `!pip install x`): nothing else in the JSON is
// code. Outputs, markdown and metadata are skipped.

interface Cell {
  cell_type?: unknown;
  source?: unknown;
}

const IPYTHON_LINE = /^[ \t]*[%!]/;

/** The code of a notebook's code cells, one after another; null when the file is not a notebook. */
export const notebookCode = (source: string): string | null => {
  let cells: unknown;
  try {
    cells = (JSON.parse(source) as { cells?: unknown }).cells;
  } catch {
    return null;
  }
  if (!Array.isArray(cells)) return null;
  const code: string[] = [];
  for (const cell of cells as Cell[]) {
    if (cell?.cell_type !== 'code') continue;
    const text = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (typeof text !== 'string') continue;
    // Each line kept in place, so that a cell cut off mid-statement does not swallow the next.
    code.push(
      text
        .split('\n')
        .map((line) => (IPYTHON_LINE.test(line) ? '' : line))
        .join('\n'),
    );
  }
  return code.join('\n\n');
};

export const scanNotebook = (source: string): FileFacts => {
  const code = notebookCode(source);
  // A notebook that cannot be read may run anything: it depends on every Python file.
  if (code === null)
    return { specs: [], literals: [], globs: [], unsure: ['a notebook that is not valid JSON'] };
  return scanPython(code);
};
