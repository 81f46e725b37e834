// The import-graph selection, loaded only when a change can touch the graph: list the state's
// blobs, load or build its graph, walk it backwards from the changed files, pick the tests.
// Deleted and renamed files are walked in the base revision's graph, where they still exist.

import { indexChecksum } from '../../git/indexChecksum.js';
import { listIndexBlobs, listTreeBlobs } from '../../git/listBlobs.js';
import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { peelToCommit } from '../../git/revisions.js';
import type { SelectorContext } from '../select.js';
import { GRAPH_VERSION, loadReverseText, saveFacts, saveReverseText } from './graphCaches.js';
import { hash64 } from './hash.js';
import { isGraphInput } from './isGraphInput.js';
import { type GraphState, loadGraphState } from './loadGraphState.js';
import { dirOf } from './paths.js';
import { type ClosureStart, reverseClosure } from './reverseClosure.js';
import { buildReverseIndex, parseReverse, serializeReverse } from './reverseIndex.js';
import { initJsScanner } from './scanJs.js';
import { sideIndexCommit, writeSideIndex } from './sideIndex.js';

export interface ImportGraphOptions {
  /** Absolute path of the git root. */
  repoRoot: string;
  /** This worktree's git dir: the caches live in `<gitDir>/mlhooks/`. */
  gitDir: string;
  /** The project root relative to the git root ('' or 'sub/'). */
  prefix: string;
  /** The change set's base commit (deleted and renamed files are looked up in its graph), or 'HEAD', or null. */
  base: string | null;
  /** The commit checked, or null/undefined for the index (staged content). */
  head?: string | null;
}

export interface GraphStats {
  /** 'warm': the saved reverse graph of this state answered; 'built': the graph was (re)built. */
  path: 'warm' | 'built';
  parsed: number;
  notes: string[];
}

const RESOLUTION_CONFIG =
  /(?:^|\/)(?:package\.json|[tj]sconfig[^/]*\.json|pyproject\.toml|setup\.cfg|setup\.py|pytest\.ini|tox\.ini)$/;

export const inProject = (entries: BlobEntry[], prefix: string): BlobEntry[] =>
  prefix === ''
    ? entries
    : entries
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => ({ ...e, path: e.path.slice(prefix.length) }));

const merge = (into: Map<string, string[]>, from: Map<string, string[]>) => {
  for (const [test, chains] of from) into.set(test, [...new Set([...(into.get(test) ?? []), ...chains])]);
};

/** Names the state a reverse graph is valid for: the commit (a full id needs no git call), or the index's own checksum. */
const stateKey = (options: ImportGraphOptions, ctx: SelectorContext): string | null => {
  const { head } = options;
  const state = head
    ? /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(head)
      ? head
      : peelToCommit(options.repoRoot, head)
    : indexChecksum(options.gitDir);
  if (!state) return null;
  // Which files are tests (and check modules) comes from the config, which need not be tracked.
  const tests = hash64(
    JSON.stringify([
      ctx.config.groups.map((g) => [g.include, g.exclude, g.slow.include]),
      ctx.config.models.map((m) => m.checks),
    ]),
  );
  return `${GRAPH_VERSION} ${head ? 'commit' : 'index'}:${state} prefix:${JSON.stringify(options.prefix)} tests:${tests}`;
};

export const runImportGraph = async (
  options: ImportGraphOptions,
  ctx: SelectorContext,
): Promise<GraphStats> => {
  const { repoRoot, gitDir, prefix, base } = options;
  const head = options.head ?? null;
  const notes: string[] = [];
  // A model's check module is a target like a test: a change to what it imports selects the model's checks.
  const checks = new Map<string, string[]>();
  for (const model of ctx.config.models)
    if (model.checks) checks.set(model.checks, [...(checks.get(model.checks) ?? []), model.name]);
  const pick = (found: Map<string, string[]>) => {
    for (const [target, chains] of found) {
      const file = ctx.classify(target);
      for (const chain of chains) {
        if (file) ctx.pick(file, chain);
        for (const model of checks.get(target) ?? []) ctx.pickChecks(model, chain);
      }
    }
  };
  const starts: ClosureStart[] = ctx.changes
    .filter((c) => c.status !== 'D')
    .map((c) => ({ path: c.path, label: c.path }));
  const gone: ClosureStart[] = ctx.changes.flatMap((c): ClosureStart[] =>
    c.status === 'D'
      ? [{ path: c.path, label: `${c.path} (deleted)` }]
      : c.oldPath
        ? [{ path: c.oldPath, label: `${c.oldPath} (renamed to ${c.path})` }]
        : [],
  );
  const key = stateKey(options, ctx);
  // A config that resolution reads (tsconfig paths, package exports, package roots) can change where
  // any import under its folder leads: every code file there counts as changed.
  const configs = ctx.changes
    .flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])])
    .filter((path) => RESOLUTION_CONFIG.test(path));

  // Warm: the reverse graph of this very state is saved; look up only what the search reaches.
  if (key && gone.length === 0 && configs.length === 0) {
    const saved = loadReverseText(gitDir);
    const graph = saved.text === null ? null : parseReverse(saved.text, key);
    if (graph) {
      pick(
        reverseClosure({ graph, starts, isTest: (path) => checks.has(path) || ctx.classify(path) !== null }),
      );
      return { path: 'warm', parsed: 0, notes };
    }
    if (saved.problem) notes.push(`import graph: the reverse graph cache was ${saved.problem}; rebuilt it`);
  }

  // The lexer's WebAssembly compiles on another thread while git lists the files.
  initJsScanner().catch(() => {});
  const state = await loadGraphState({
    repoRoot,
    gitDir,
    entries: inProject(head ? listTreeBlobs(repoRoot, head) : listIndexBlobs(repoRoot), prefix),
    facts: null,
  });
  notes.push(...state.notes);

  const present = state.index.files;
  const isTest = (path: string) => present.has(path) && ctx.classify(path) !== null;
  let tests: string[] | null = null;
  const testsUnder = (dir: string) =>
    (tests ??= [...present].filter(isTest)).filter((t) => dir === '' || t.startsWith(`${dir}/`));
  const built = buildReverseIndex(state.files, testsUnder);
  const isTarget = (path: string) => isTest(path) || (checks.has(path) && present.has(path));
  const scoped = new Map<string, string[]>();
  for (const config of configs) {
    const dir = dirOf(config);
    for (const path of state.files.keys()) {
      if (path === config || (dir !== '' && !path.startsWith(`${dir}/`))) continue;
      const label = `${config} -> ${path} (in the scope of that config)`;
      starts.push({ path, label });
      if (isTarget(path)) scoped.set(path, [label]);
    }
  }
  const found = reverseClosure({ graph: built.index, starts, isTest: isTarget });
  merge(found, scoped);

  let baseState: GraphState | null = null;
  if (gone.length > 0) {
    let entries: BlobEntry[] | null = null;
    try {
      entries = base ? inProject(listTreeBlobs(repoRoot, base), prefix) : null;
    } catch {}
    if (entries) {
      baseState = await loadGraphState({ repoRoot, gitDir, entries, facts: state.facts });
      merge(
        found,
        reverseClosure({
          graph: buildReverseIndex(baseState.files, testsUnder).index,
          starts: gone,
          isTest: isTarget,
        }),
      );
    } else {
      // No base graph to say what used the deleted files: every test, rather than a guess.
      const why = `${gone[0]!.label}: no base revision to find what used it, so every test`;
      for (const test of testsUnder('')) found.set(test, [why]);
      notes.push(`import graph: ${why}`);
    }
  }
  pick(found);

  // Caches: failures to write only cost speed next time.
  const failures: (string | null)[] = [];
  const reverseText = key ? serializeReverse(key, built) : null;
  if (reverseText) failures.push(saveReverseText(gitDir, reverseText));
  if (state.factsChanged || baseState?.factsChanged) {
    // Keep the facts of the files in use; drop the rest, so the cache does not grow without end.
    const facts = state.facts;
    const keys = new Set([...state.keys, ...(baseState?.keys ?? [])]);
    for (const k of facts.keys()) if (!keys.has(k)) facts.delete(k);
    failures.push(saveFacts(gitDir, facts));
  }
  // The side index describes the files of a commit: the head commit, or HEAD when the staged change
  // adds nothing it depends on (no code, and no file gone whose bare name a literal may use).
  const sameAsHead = ctx.changes.every(
    (c) =>
      c.status !== 'D' &&
      c.status !== 'R' &&
      !isGraphInput(c.path) &&
      !(c.oldPath !== undefined && isGraphInput(c.oldPath)),
  );
  const commit = head ?? (sameAsHead ? peelToCommit(repoRoot, 'HEAD') : null);
  if (commit && sideIndexCommit(gitDir) !== commit) {
    const names: string[] = [];
    const globs: string[] = [];
    for (const file of state.files.values()) {
      names.push(...file.names);
      for (const [target] of file.edges) if (!isGraphInput(target)) names.push(target);
      for (const [folder] of file.folders) names.push(folder);
      for (const [regex] of file.globs) globs.push(regex);
    }
    failures.push(writeSideIndex(gitDir, { commit, prefix, names, globs }));
  }
  const failed = failures.find((f) => f !== null);
  if (failed)
    notes.push(
      `import graph: could not write its cache under ${gitDir}/mlhooks (${failed}); the next run parses again`,
    );
  for (const note of notes) ctx.note(note);
  return { path: 'built', parsed: state.parsed + (baseState?.parsed ?? 0), notes };
};
