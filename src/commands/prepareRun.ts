import { join } from 'node:path';
import type { ConfigState } from '../config/configInState.js';
import { findProject } from '../config/findProject.js';
import { indexChecksum } from '../git/indexChecksum.js';
import { listStateBlobs } from '../git/listBlobs.js';
import type { BlobEntry } from '../git/parseLsFilesStageZ.js';
import { readHeadFast } from '../git/readHeadFast.js';
import { locateRepo, openProject, type Project, projectPrefix } from '../project.js';
import type { CheckCache } from '../run/checkCache.js';
import { planRun } from '../run/plan.js';
import { checkWorkerArgv, resolveProgram } from '../run/resolveProgram.js';
import type { TestFile } from '../selectors/classifyTests.js';
import { dvcChanges } from '../selectors/dvc.js';
import { saveGlobCache, useGlobCache } from '../selectors/globs.js';
import {
  createImportGraphSelector,
  type ScanAhead,
  scanAhead,
  startColdWorker,
} from '../selectors/importGraph.js';
import { DEFAULT_SELECTORS, select } from '../selectors/select.js';
import { setupFilesInState } from '../selectors/setupFilesInState.js';
import { leaveOutSparse } from '../selectors/sparse.js';
import { cachedTestList } from '../selectors/testList.js';
import type { ChangeSet, Plan, Selection, Stage, Tier } from '../types.js';
import { type ChangeSetRequest, changeSetFor } from './changeSetFor.js';

export interface PreparedRun {
  changeSet: ChangeSet;
  /** Null when nothing changed: the project and config were never loaded. */
  project: Project | null;
  selection: Selection;
  plan: Plan;
  /** Groups left out by MLHOOKS_SKIP. */
  skipped: string[];
  /** MLHOOKS_SKIP names that are no group or model of the project (a typo skips nothing). */
  unknownSkips?: string[];
  /** Where passing model checks are recorded; null when no model check was selected. */
  checkCache: CheckCache | null;
}

export interface PrepareInput extends ChangeSetRequest {
  cwd: string;
  tiers?: Tier[];
  /** Group (and model) names from MLHOOKS_SKIP. */
  skip?: string[];
  /** Run model checks even when they passed before on the same inputs. */
  noCache?: boolean;
}

const empty = (stage: Stage): { selection: Selection; plan: Plan } => ({
  selection: { tests: [], checks: [], everything: false, notes: [] },
  plan: { stage, tiers: [], commands: [], cached: [] },
});

/**
 * The state whose config counts, which is the one the tests run on: the index for a commit (or a
 * merge), the pushed commit for a push, the commit of an explicit --head. Null for the work tree:
 * --base alone runs on it as it is.
 */
const configStateOf = (changeSet: ChangeSet, input: PrepareInput): ConfigState | null => {
  const short = changeSet.head?.slice(0, 12);
  if (input.base)
    return input.head && changeSet.head
      ? { commit: changeSet.head, as: `in commit ${short} (--head ${input.head})`, fixBy: 'commit the fix' }
      : null;
  if (changeSet.stage === 'pre-commit' || changeSet.stage === 'pre-merge-commit')
    return { commit: null, as: 'staged', fixBy: 'stage the fix' };
  // A push of several commits is checked one run each (runStage): each has one head.
  if (changeSet.stage === 'pre-push' && changeSet.head)
    return { commit: changeSet.head, as: `in the pushed commit ${short}`, fixBy: 'commit the fix' };
  return null;
};

/**
 * The state the graph will list, when it is known before the change set: the index (null) for a
 * commit or a merge, HEAD's commit for `--base` alone; undefined when only the change set says
 * (`--head`, a push's pushed commit).
 */
const stateAhead = (input: PrepareInput, gitDir: string): string | null | undefined => {
  if (input.base) return input.head === undefined ? (readHeadFast(gitDir) ?? undefined) : undefined;
  return input.stage === 'pre-commit' || input.stage === 'pre-merge-commit' ? null : undefined;
};

/** ChangeSet -> Selection -> Plan: everything `run` and `affected` share, without running anything. */
export const prepareRun = async (input: PrepareInput): Promise<PreparedRun> => {
  const located = locateRepo(input.cwd);
  // A first run in a large repository: the worker that scans it boots while git finds the change,
  // and has its job at once when the state to scan is known without the change set.
  let worker = startColdWorker(located.repo);
  let ahead: ScanAhead | null = null;
  let changeSet: ChangeSet;
  let project: Project;
  let state: ConfigState | null;
  try {
    const head = worker ? stateAhead(input, located.repo.gitDir) : undefined;
    if (worker && head !== undefined) {
      const { repo, cwd } = located;
      const prefix = projectPrefix(repo.root, findProject(cwd, repo.root).root);
      // A failure here is the graph's to meet again (it lists the state itself): never the run's.
      ahead = await scanAhead(worker, { repoRoot: repo.root, gitDir: repo.gitDir, prefix, head }).catch(
        () => null,
      );
    }
    changeSet = changeSetFor(located.repo, input);
    // Nothing changed: answer before loading any config.
    if (changeSet.files.length === 0) {
      worker?.stop();
      return { changeSet, project: null, ...empty(input.stage), skipped: [], checkCache: null };
    }
    state = configStateOf(changeSet, input);
    project = await openProject(located, state);
  } catch (error) {
    worker?.stop();
    throw error;
  }
  useGlobCache(join(project.repo.gitDir, 'mlhooks', 'globs.json'));
  const { repo, prefix } = project;
  const { head } = changeSet;
  // A job sent ahead for another state than the change set names (HEAD moved meanwhile) is dropped.
  if (ahead && (ahead.head !== head || ahead.prefix !== prefix)) {
    worker?.stop();
    worker = null;
    ahead = null;
  }
  // The files of the state checked (the head commit's, or the index's) with blob ids, listed at
  // most once for the graph and the list of tests.
  let headEntries: BlobEntry[] | null = null;
  const listHead = ahead?.listHead ?? (() => (headEntries ??= listStateBlobs(repo.root, head)));
  const graph = createImportGraphSelector(
    {
      repoRoot: repo.root,
      gitDir: repo.gitDir,
      prefix,
      base: changeSet.base,
      head,
      listHead,
    },
    worker,
    ahead?.early,
  );
  // A cold worker gets its job before anything else is done here: everything the scan does not
  // need waits, as the scan is what the run waits for in the end.
  await graph.started;
  // A changed `.dvc` pointer or dvc.lock changes the data whose entry changed (not in git itself).
  const derived = dvcChanges(repo.root, changeSet, changeSet.notes);
  // The project's files of the state, listed at most once: for the test list, and for runners
  // whose file arguments could match others (plan.ts).
  let tracked: string[] | null = null;
  const trackedFiles = () => {
    if (tracked) return tracked;
    tracked = [];
    const entries = listHead();
    for (let k = 0; k < entries.length; k++) {
      const { path } = entries[k]!;
      if (path.startsWith(prefix)) tracked.push(prefix === '' ? path : path.slice(prefix.length));
    }
    return tracked;
  };
  // Every test file of the state, listed at most once: for selectors that pick them all.
  let allTests: TestFile[] | null = null;
  const listTests = (list: () => TestFile[]) => {
    const checksum = head === null ? indexChecksum(repo.gitDir, repo.root) : null;
    allTests ??= cachedTestList({
      gitDir: repo.gitDir,
      state: head !== null ? `commit:${head}` : checksum && `index:${checksum}`,
      cwd: project.root,
      classifierKey: JSON.stringify(project.config.groups),
      list,
    });
    return allTests;
  };
  const selection = await select({
    changeSet,
    derived,
    config: project.config,
    prefix,
    trackedFiles,
    listTests,
    // The runner configs that name them are the tested state's, like the mlhooks config.
    setupFiles: () =>
      setupFilesInState({
        repo,
        projectRoot: project.root,
        prefix,
        state,
        listState: listHead,
        dirs: project.config.groups.map((group) => group.cwd),
      }),
    selectors: [...DEFAULT_SELECTORS, graph],
  }).finally(graph.stop);
  leaveOutSparse(selection, { root: repo.root, gitDir: repo.gitDir, projectRoot: project.root, prefix });
  // The cache reads every file's content id: only worth it when a model check was selected.
  const checkCache =
    selection.checks.length > 0
      ? await (await import('../run/checkCache.js')).openCheckCache(
          project,
          project.config.models.filter((model) =>
            selection.checks.some((check) => check.model === model.name),
          ),
          { noCache: input.noCache },
        )
      : null;
  const plan = planRun({
    selection,
    config: project.config,
    // The change set's own stage: a commit that concludes a merge is checked as the merge.
    stage: changeSet.stage,
    root: project.root,
    tiers: input.tiers,
    program: (group) => resolveProgram(group, project.root, project.repo.root),
    projectFiles: trackedFiles,
    checkWorker: checkWorkerArgv,
    checkCache: checkCache ? (model, tier) => checkCache.lookup(model, tier) : undefined,
  });
  saveGlobCache();
  const skip = input.skip ?? [];
  const skipped = [
    ...new Set(
      plan.commands.filter((command) => skip.includes(command.group)).map((command) => command.group),
    ),
  ];
  plan.commands = plan.commands.filter((command) => !skip.includes(command.group));
  const known = new Set([
    ...project.config.groups.map((g) => g.name),
    ...project.config.models.map((m) => m.name),
  ]);
  const unknownSkips = skip.filter((name) => !known.has(name));
  return { changeSet, project, selection, plan, skipped, checkCache, unknownSkips };
};
