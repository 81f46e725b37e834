import { isGraphInput } from './graph/isGraphInput.js';
import type { ImportGraphOptions } from './graph/runImportGraph.js';
import { sideIndexRulesOut } from './graph/sideIndex.js';
import type { Selector } from './select.js';

export type { ImportGraphOptions };

/**
 * Selection by the real import graph (TS/JS and Python, data and weights literals), cached under
 * the git dir. The graph code loads only when the change can touch it: an edit of docs or data
 * that no code names (the side index says so) costs one small file read, and no git process when
 * HEAD has not moved since the index was made.
 */
export const createImportGraphSelector =
  (options: ImportGraphOptions): Selector =>
  async (ctx) => {
    const paths = ctx.changes.flatMap((c) => (c.oldPath === undefined ? [c.path] : [c.path, c.oldPath]));
    if (paths.length === 0) return;
    // An added file may be named by a literal the side index drops (a bare word): only edits and deletions skip.
    const onlyEdits = ctx.changes.every((c) => c.status === 'M' || c.status === 'D');
    if (
      onlyEdits &&
      !paths.some(isGraphInput) &&
      sideIndexRulesOut({ ...options, head: options.head ?? null }, paths)
    )
      return;
    const { runImportGraph } = await import('./graph/runImportGraph.js');
    await runImportGraph(options, ctx);
  };
