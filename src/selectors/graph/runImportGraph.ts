// The import-graph selection, loaded only when a change can touch the graph: the saved reverse
// graph of this state answers when there is one (a warm run loads only this chunk); otherwise
// buildImportGraph.ts builds it.

import { indexChecksum } from '../../git/indexChecksum.js';
import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { peelToCommit } from '../../git/revisions.js';
import type { TestFile } from '../classifyTests.js';
import { compileGlobs } from '../globs.js';
import type { SelectorContext } from '../select.js';
import { type SetupFile, setupReason, testsAfterSetup } from '../setupFiles.js';
import { RESOLUTION_CONFIG, RUNNER_CONFIG } from './configFiles.js';
import type { EarlyScan } from './earlyScan.js';
import { cacheWriteNote, GRAPH_VERSION, loadReverseText } from './graphCaches.js';
import { hash64 } from './hash.js';
import { type ClosureStart, reverseClosure } from './reverseClosure.js';
import { parseReverse, type ReverseIndex } from './reverseIndex.js';

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
  /** The files of the state checked (`head`'s, or the index's) with blob ids (git-root paths), when the caller lists them anyway. */
  listHead?: () => BlobEntry[];
}

export interface GraphStats {
  /**
   * 'warm': the saved reverse graph of this state answered; 'patched': the saved one of a state with
   * the same files was patched for the edited ones; 'built': the graph was (re)built.
   */
  path: 'warm' | 'patched' | 'built';
  parsed: number;
  notes: string[];
}

/** Names the state a reverse graph is valid for: the commit (a full id needs no git call), or the index's own checksum. */
const stateKey = (options: ImportGraphOptions, ctx: SelectorContext): string | null => {
  const { head } = options;
  const state = head
    ? /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(head)
      ? head
      : peelToCommit(options.repoRoot, head)
    : indexChecksum(options.gitDir, options.repoRoot);
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
  /** A scan started ahead, when the caller saw that nothing is cached. */
  early: EarlyScan | null = null,
): Promise<GraphStats> => {
  const { gitDir } = options;
  const notes: string[] = [];
  // A model's check module is a target like a test: a change to what it imports selects the model's checks.
  const checks = new Map<string, string[]>();
  for (const model of ctx.config.models)
    if (model.checks) checks.set(model.checks, [...(checks.get(model.checks) ?? []), model.name]);
  // A model's input is a target too: reached through the graph (data its code reads, a helper it
  // imports), it selects the model's tests and checks, as an input changed itself does (models.ts).
  const withInputs = ctx.config.models
    .filter((model) => model.inputs.length > 0)
    .map((model) => ({ model, isInput: compileGlobs(model.inputs), tests: null as TestFile[] | null }));
  const inputOf = (path: string) => withInputs.filter((m) => m.isInput(path));
  // What selects a model's checks (and for an input, its tests), besides the tests themselves.
  // So is a runner's setup file: what it imports reaches every test the runner runs.
  // One file may be the setup file of several configs (a shared test/setup.ts of two packages).
  const setupOf = new Map<string, SetupFile[]>();
  for (const setup of ctx.setupFiles()) setupOf.set(setup.path, [...(setupOf.get(setup.path) ?? []), setup]);
  const isModelTarget = (path: string) =>
    checks.has(path) || withInputs.some((m) => m.isInput(path)) || setupOf.has(path);
  const testsOf = (input: (typeof withInputs)[number]) => {
    if (!input.tests) {
      const isTest = compileGlobs(input.model.tests);
      input.tests = ctx.testFiles().filter((test) => isTest(test.path));
    }
    return input.tests;
  };
  const pick = (found: Map<string, string[]>) => {
    for (const [target, chains] of found) {
      const file = ctx.classify(target);
      for (const chain of chains) {
        if (file) ctx.pick(file, chain);
        for (const model of checks.get(target) ?? []) ctx.pickChecks(model, chain);
        for (const setup of setupOf.get(target) ?? [])
          for (const test of testsAfterSetup(setup, ctx.config, ctx.testFiles()))
            ctx.pick(test, `${chain} (${setupReason(setup)})`);
        for (const input of inputOf(target)) {
          const reason = `${chain} (input of model "${input.model.name}")`;
          for (const test of testsOf(input)) ctx.pick(test, reason);
          ctx.pickChecks(input.model.name, reason);
        }
      }
    }
  };
  // Data DVC manages is named by the pointer or dvc.lock it comes from; a folder of it is read by
  // patterns of files in it too (`data/images/*.png` when data/images.dvc changed).
  const starts: ClosureStart[] = ctx.changes
    .filter((c) => c.status !== 'D')
    .map((c) =>
      c.via
        ? { path: c.path, label: `${c.via}: ${c.path}`, under: c.folder === true }
        : { path: c.path, label: c.path },
    );
  const gone: ClosureStart[] = ctx.changes.flatMap((c): ClosureStart[] =>
    c.status === 'D'
      ? [
          c.via
            ? { path: c.path, label: `${c.via}: ${c.path} (no longer listed)`, under: c.folder === true }
            : { path: c.path, label: `${c.path} (deleted)` },
        ]
      : c.oldPath
        ? [{ path: c.oldPath, label: `${c.oldPath} (renamed to ${c.path})` }]
        : [],
  );
  const key = stateKey(options, ctx);
  const changed = ctx.changes.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]);
  // A config that resolution reads (tsconfig paths, package exports, package roots) can change where
  // imports lead, under its folder and beyond (a workspace package's importers): the graph is built
  // and compared with the base revision's. A test runner's config below the root counts too: the
  // tests under its folder run differently.
  const configs = changed.filter((path) => RESOLUTION_CONFIG.test(path) || RUNNER_CONFIG.test(path));
  // So does a file a tsconfig extends under another name (the saved graph lists them).
  const extendsChanged = (graph: ReverseIndex) => changed.some((path) => graph.configs.includes(path));

  // Warm: the reverse graph of this very state is saved; look up only what the search reaches.
  if (key && gone.length === 0 && configs.length === 0) {
    const saved = loadReverseText(gitDir);
    const graph = saved.text === null ? null : parseReverse(saved.text, key);
    const isTest = (path: string) => ctx.classify(path) !== null || isModelTarget(path);
    if (graph && !extendsChanged(graph)) {
      early?.worker.stop();
      pick(reverseClosure({ graph, starts, isTest }));
      return { path: 'warm', parsed: 0, notes };
    }
    if (saved.text !== null && !graph) {
      const { patchImportGraph } = await import('./patchGraph.js');
      // Anything unexpected (git cannot read a blob, say) leaves it to a full build.
      const patched = await patchImportGraph(options, key, saved.text).catch(() => null);
      const next = patched && parseReverse(patched.text, key);
      if (patched && next && !extendsChanged(next)) {
        early?.worker.stop();
        pick(reverseClosure({ graph: next, starts, isTest }));
        if (patched.failure) ctx.note(cacheWriteNote(gitDir, patched.failure));
        return { path: 'patched', parsed: patched.edited * 2, notes };
      }
    }
    if (saved.problem) notes.push(`import graph: the reverse graph cache was ${saved.problem}; rebuilt it`);
  }

  const { buildImportGraph } = await import('./buildImportGraph.js');
  return buildImportGraph({
    options,
    ctx,
    early,
    key,
    isModelTarget,
    pick,
    starts,
    gone,
    changed,
    configs,
    notes,
  });
};
