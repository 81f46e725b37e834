import type { ResolvedConfig } from '../config/types.js';
import type { ChangeSet, FileChange, SelectedCheck, SelectedTest, Selection } from '../types.js';
import { changedTests } from './changedTests.js';
import { type Classifier, createClassifier, type TestFile } from './classifyTests.js';
import { conventions } from './conventions.js';
import { compileGlobs } from './globs.js';
import { models } from './models.js';
import { type SetupFile, setupReason, testsAfterSetup } from './setupFiles.js';

const CODE = /\.[cm]?[jt]sx?$/;

export interface SelectorContext {
  /** Changed files, relative to the project root. */
  changes: FileChange[];
  config: ResolvedConfig;
  classify: Classifier;
  /** Every tracked test file of the project (read on first use). */
  testFiles(): TestFile[];
  /** Adds a test to the selection with the reason it was picked. */
  pick(test: TestFile, reason: string): void;
  /** Adds a model's checks (its check module, its artifact checks) to the selection. */
  pickChecks(model: string, reason: string): void;
  note(message: string): void;
  /** The files the runners load before every test (`setupFiles.ts`), read on first use. */
  setupFiles(): readonly SetupFile[];
}

/** One way of finding the tests a change affects. Selectors only add: the selection is their union. */
export type Selector = (ctx: SelectorContext) => void | Promise<void>;

export const DEFAULT_SELECTORS: readonly Selector[] = [changedTests, models, conventions];

export interface SelectInput {
  changeSet: ChangeSet;
  config: ResolvedConfig;
  /** The project root relative to the git root ('' or 'sub/'). */
  prefix: string;
  trackedFiles(): string[];
  /** Lists the test files, given how to list and classify them (a cache may answer instead). */
  listTests?(list: () => TestFile[]): TestFile[];
  selectors?: readonly Selector[];
  /** Changes read from the changed files (`FileChange.via`), from the git root like `changeSet.files`. */
  derived?: readonly FileChange[];
  /** Reads the runners' setup files, project-relative (called only when a change may be one). */
  setupFiles?: () => readonly SetupFile[];
}

/** The test files among these paths. A loop: this runs once per tracked file, mostly before the JIT has compiled it. */
const testsAmong = (paths: readonly string[], classify: Classifier): TestFile[] => {
  const tests: TestFile[] = [];
  for (let k = 0; k < paths.length; k++) {
    const test = classify(paths[k]!);
    if (test) tests.push(test);
  }
  return tests;
};

/** Maps git-root paths to project paths, dropping changes outside the project. */
export const toProjectChanges = (
  files: readonly FileChange[],
  prefix: string,
): { changes: FileChange[]; outside: number } => {
  if (!prefix) return { changes: [...files], outside: 0 };
  const inside = (path: string) => path.startsWith(prefix);
  const changes: FileChange[] = [];
  let outside = 0;
  for (const file of files) {
    if (inside(file.path)) {
      const path = file.path.slice(prefix.length);
      if (file.oldPath && inside(file.oldPath))
        changes.push({ ...file, path, oldPath: file.oldPath.slice(prefix.length) });
      else changes.push({ path, status: file.status === 'R' ? 'A' : file.status });
    } else if (file.oldPath && inside(file.oldPath)) {
      changes.push({ path: file.oldPath.slice(prefix.length), status: 'D' });
    } else outside++;
  }
  return { changes, outside };
};

export const select = async ({
  changeSet,
  config,
  prefix,
  trackedFiles,
  listTests = (list) => list(),
  selectors = DEFAULT_SELECTORS,
  derived = [],
  setupFiles = () => [],
}: SelectInput): Promise<Selection> => {
  const { changes, outside } = toProjectChanges(changeSet.files, prefix);
  // Changes read from changed files (data from a `.dvc` pointer or dvc.lock): selected like the others.
  for (const change of derived)
    if (change.path.startsWith(prefix))
      changes.push({
        ...change,
        path: change.path.slice(prefix.length),
        ...(change.via?.startsWith(prefix) ? { via: change.via.slice(prefix.length) } : {}),
      });
  const notes: string[] = [];
  if (outside > 0)
    notes.push(
      `${outside} changed file${outside === 1 ? '' : 's'} outside this project (${prefix}) not considered`,
    );
  const classify = createClassifier(config.groups);
  const picked = new Map<string, SelectedTest>();
  const pickedChecks = new Map<string, SelectedCheck>();
  const hasChecks = new Set(config.models.filter((m) => m.checks || m.artifact).map((m) => m.name));
  let allTests: TestFile[] | null = null;
  let setup: readonly SetupFile[] | null = null;
  const ctx: SelectorContext = {
    changes,
    config,
    classify,
    testFiles: () => (allTests ??= listTests(() => testsAmong(trackedFiles(), classify))),
    pick: (test, reason) => {
      const entry = picked.get(test.path);
      if (!entry)
        picked.set(test.path, { path: test.path, group: test.group, tier: test.tier, reasons: [reason] });
      else if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    },
    pickChecks: (model, reason) => {
      if (!hasChecks.has(model)) return;
      const entry = pickedChecks.get(model);
      if (!entry) pickedChecks.set(model, { model, reasons: [reason] });
      else if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    },
    note: (message) => notes.push(message),
    setupFiles: () => (setup ??= setupFiles()),
  };

  const always = compileGlobs(config.always);
  const trigger = changes.find(
    (change) => always(change.path) || (change.oldPath !== undefined && always(change.oldPath)),
  );
  if (trigger) {
    const reason = `${trigger.path} changed: it can affect every test`;
    for (const test of ctx.testFiles()) ctx.pick(test, reason);
    for (const model of hasChecks) ctx.pickChecks(model, reason);
  } else {
    // A runner's setup file changed: every test that runner runs (what it imports: the import graph).
    // Setup files are code: a change to data or docs alone reads no runner config.
    const setups = changes.some((c) => CODE.test(c.path) || (c.oldPath !== undefined && CODE.test(c.oldPath)))
      ? ctx.setupFiles()
      : [];
    for (const file of setups) {
      const change = changes.find((c) => c.path === file.path || c.oldPath === file.path);
      if (!change) continue;
      const reason = `${file.path} changed: ${setupReason(file)}`;
      for (const test of testsAfterSetup(file, config, ctx.testFiles())) ctx.pick(test, reason);
    }
    for (const selector of selectors) await selector(ctx);
  }
  const tests = [...picked.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { tests, checks: [...pickedChecks.values()], everything: trigger !== undefined, notes };
};
