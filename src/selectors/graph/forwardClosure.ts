import type { GraphState } from './loadGraphState.js';
import { familyOf } from './reverseIndex.js';

/**
 * Every file a module depends on, directly or not: imports, files its literals name (tracked or
 * not), folders (all of their files), path patterns, and, where it imports something it cannot
 * name, every file of its language. More rather than less: this is what a cached result of it
 * depends on.
 */
export const forwardClosure = (state: GraphState, root: string): string[] => {
  const all = [...state.index.files];
  const seen = new Set<string>([root]);
  const queue = [root];
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    queue.push(path);
  };
  while (queue.length > 0) {
    const path = queue.pop()!;
    const file = state.files.get(path);
    if (!file) continue; // a data file: nothing further
    // What its literals name that is not tracked (weights a script downloads, outputs DVC makes):
    // no edge, but a cached result depends on it all the same.
    for (const name of file.names) seen.add(name);
    for (const [target] of file.edges) visit(target);
    for (const [folder] of file.folders)
      for (const f of all) if (folder === '' || f.startsWith(`${folder}/`)) visit(f);
    for (const [regex] of file.globs) {
      const re = new RegExp(regex);
      for (const f of all) if (re.test(f)) visit(f);
    }
    if (file.unsure.length > 0) for (const f of all) if (familyOf(f) === familyOf(path)) visit(f);
  }
  return [...seen].sort();
};
