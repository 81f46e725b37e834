// Builds the graph of a state that has no saved reverse graph: list its blobs, load or scan their
// facts, resolve them, walk the graph backwards from the changed files, and save the caches.
// Deleted and renamed files are walked in the base revision's graph, where they still exist.

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { peelToCommit } from '../../git/revisions.js';
import type { SelectorContext } from '../select.js';
import type { EarlyScan } from './earlyScan.js';
import { cacheWriteNote, loadFacts, saveFacts, saveListing, saveReverseText } from './graphCaches.js';
import { isGraphInput } from './isGraphInput.js';
import { type GraphState, loadGraphState } from './loadGraphState.js';
import { dirOf } from './paths.js';
import { listState } from './planScan.js';
import type { ResolvedFile } from './resolveFile.js';
import { type ClosureStart, reverseClosure } from './reverseClosure.js';
import { buildReverseIndex, createReverseBuilder, serializeReverse } from './reverseIndex.js';
import type { GraphStats, ImportGraphOptions } from './runImportGraph.js';
import { initJsScanner } from './scanJs.js';
import { sideIndexCommit, writeSideIndex } from './sideIndex.js';

export interface BuildInput {
  options: ImportGraphOptions;
  ctx: SelectorContext;
  /** A cold run's scan, started ahead on this state's files. */
  early: EarlyScan | null;
  /** The state key to save the reverse graph under, or null when the state has none. */
  key: string | null;
  /** A model's check module or input: a target, for which `pick` selects the model's checks (and tests). */
  isModelTarget(path: string): boolean;
  pick(found: Map<string, string[]>): void;
  starts: ClosureStart[];
  gone: ClosureStart[];
  /** The changed paths, old paths of renames included. */
  changed: string[];
  /** Changed configs that resolution reads. */
  configs: string[];
  notes: string[];
}

/** What the side index needs of a file: the non-code paths it names, its folders and patterns. */
const addSideNames = ({ names, globs }: { names: string[]; globs: string[] }, file: ResolvedFile) => {
  for (let k = 0; k < file.names.length; k++) names.push(file.names[k]!);
  for (let k = 0; k < file.edges.length; k++) {
    const [target, kind] = file.edges[k]!;
    // Untracked data a literal may name is a name already (`file.names`); its folders are not names.
    if (!isGraphInput(target) && kind !== 'literal (untracked)') names.push(target);
  }
  for (const [folder] of file.folders) names.push(folder);
  for (const [regex] of file.globs) globs.push(regex);
};

const merge = (into: Map<string, string[]>, from: Map<string, string[]>) => {
  for (const [test, chains] of from) into.set(test, [...new Set([...(into.get(test) ?? []), ...chains])]);
};

export const buildImportGraph = async ({
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
}: BuildInput): Promise<GraphStats> => {
  const { repoRoot, gitDir, prefix, base } = options;
  const head = options.head ?? null;
  // Without a parse worker at work already, the lexer's WebAssembly compiles on another thread while
  // git lists the files.
  if (!early) initJsScanner().catch(() => {});
  let present: ReadonlySet<string> = new Set();
  const isTest = (path: string) => present.has(path) && ctx.classify(path) !== null;
  let tests: string[] | null = null;
  const testsUnder = (dir: string) =>
    (tests ??= [...present].filter(isTest)).filter((t) => dir === '' || t.startsWith(`${dir}/`));
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
  const side =
    commit && sideIndexCommit(gitDir) !== commit ? { names: [] as string[], globs: [] as string[] } : null;
  // The reverse graph and the side index grow as files are resolved, while the rest are still scanned.
  const builder = createReverseBuilder(testsUnder);
  // A scan started ahead listed this very state: it was given these options.
  const entries = early?.entries ?? listState(options);
  // Caches: failures to write only cost speed next time.
  const failures: (string | null)[] = [];
  // The files the reverse graph is for (the next state with the same files is patched from it):
  // written now, as the worker scans, rather than after the graph. Alone, it is never used.
  if (key) failures.push(saveListing(gitDir, key, entries));
  const state = await loadGraphState({
    repoRoot,
    gitDir,
    entries,
    facts: null,
    worker: early?.worker ?? null,
    plan: early?.plan ?? null,
    onFile: (path, file, index) => {
      present = index.files;
      builder.add(path, file);
      if (side) addSideNames(side, file);
    },
  });
  notes.push(...state.notes);
  present = state.index.files;
  const built = builder.finish();
  const isTarget = (path: string) => isTest(path) || (isModelTarget(path) && present.has(path));
  // The configs resolution reads that changed: by name, and what a tsconfig extends under another name.
  const resolution = [
    ...new Set([...configs, ...changed.filter((path) => state.extraConfigs.includes(path))]),
  ];

  // The base revision's graph: where deleted and renamed files still are, and what a changed config
  // is compared with.
  let baseState: GraphState | null = null;
  let facts = state.facts;
  if (gone.length > 0 || resolution.length > 0) {
    let baseEntries: BlobEntry[] | null = null;
    try {
      baseEntries = base ? listState({ repoRoot, head: base, prefix }) : null;
    } catch {}
    if (baseEntries) {
      // A cold run dropped its facts as it resolved: the worker wrote them whole to the cache.
      const written = state.factsDropped ? await state.factsSaved : null;
      if (written?.failure === null) facts = loadFacts(gitDir).value;
      baseState = await loadGraphState({ repoRoot, gitDir, entries: baseEntries, facts });
      for (const path of changed)
        if (baseState.extraConfigs.includes(path) && !resolution.includes(path)) resolution.push(path);
    }
  }

  const scoped = new Map<string, string[]>();
  // Every code file under a changed config's folder counts as changed.
  for (const config of resolution) {
    const dir = dirOf(config);
    for (const { path } of state.code) {
      if (path === config || (dir !== '' && !path.startsWith(`${dir}/`))) continue;
      const label = `${config} -> ${path} (in the scope of that config)`;
      starts.push({ path, label });
      if (isTarget(path)) scoped.set(path, [label]);
    }
  }
  // And so does every file, anywhere, whose imports now resolve otherwise than in the base revision
  // (a workspace package renamed or its exports cut, a tsconfig that others extend): its resolved
  // edges are compared. The build streamed this state's files: they are resolved again, from facts.
  if (baseState && resolution.length > 0) {
    const head = await loadGraphState({ repoRoot, gitDir, entries, facts });
    const resolvesAs = (file: ResolvedFile) =>
      JSON.stringify([file.edges, file.folders, file.globs, file.unsure]);
    for (const [path, file] of head.files) {
      const before = baseState.files.get(path);
      if (!before || resolvesAs(before) === resolvesAs(file)) continue;
      const label = `${resolution.join(', ')} -> ${path} (its imports resolve differently)`;
      starts.push({ path, label });
      if (isTarget(path)) scoped.set(path, [label]);
    }
  }
  const found = reverseClosure({ graph: built.index, starts, isTest: isTarget });
  merge(found, scoped);

  if (gone.length > 0) {
    if (baseState) {
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

  const reverseText = key
    ? serializeReverse(
        key,
        built,
        state.extraConfigs,
        entries.map((entry) => entry.path),
      )
    : null;
  if (key && reverseText) failures.push(saveReverseText(gitDir, reverseText));
  // Cold: the parse worker wrote the facts cache from everything it scanned (waited for, so that a
  // write here, of what the base state added, comes after it).
  const written = await state.factsSaved;
  if (written) failures.push(written.failure);
  if ((!written || baseState?.factsChanged) && (state.factsChanged || baseState?.factsChanged)) {
    // Keep the facts of the files in use; drop the rest, so the cache does not grow without end.
    const facts = baseState?.facts ?? state.facts;
    const keys = new Set([...state.code, ...(baseState?.code ?? [])].map((entry) => entry.key));
    for (const k of facts.keys()) if (!keys.has(k)) facts.delete(k);
    failures.push(saveFacts(gitDir, facts));
  }
  if (commit && side) failures.push(writeSideIndex(gitDir, { commit, prefix, ...side }));
  const failed = failures.find((f) => f !== null);
  if (failed) notes.push(cacheWriteNote(gitDir, failed));
  for (const note of notes) ctx.note(note);
  return { path: 'built', parsed: state.parsed + (baseState?.parsed ?? 0), notes };
};
