// What model check modules depend on (their forward import closure), for the result cache key.
import { forwardClosure } from './forwardClosure.js';
import { saveFacts } from './graphCaches.js';
import { loadGraphState } from './loadGraphState.js';
import { listState } from './planScan.js';

export const moduleClosures = async (
  { repoRoot, gitDir, prefix }: { repoRoot: string; gitDir: string; prefix: string },
  roots: readonly string[],
): Promise<Map<string, string[]>> => {
  if (roots.length === 0) return new Map();
  const state = await loadGraphState({
    repoRoot,
    gitDir,
    entries: listState({ repoRoot, prefix }),
    facts: null,
  });
  // Parsed while here: the next selection finds these facts cached (a parse worker writes what it
  // scanned itself).
  if ((await state.factsSaved) === null && state.factsChanged) saveFacts(gitDir, state.facts);
  return new Map(roots.map((root) => [root, forwardClosure(state, root)]));
};
