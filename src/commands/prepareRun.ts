import { join } from 'node:path';
import { listIndexBlobs } from '../git/listBlobs.js';
import type { BlobEntry } from '../git/parseLsFilesStageZ.js';
import { locateRepo, openProject, type Project } from '../project.js';
import type { CheckCache } from '../run/checkCache.js';
import { planRun } from '../run/plan.js';
import { checkWorkerArgv, resolveProgram } from '../run/resolveProgram.js';
import { saveGlobCache, useGlobCache } from '../selectors/globs.js';
import { createImportGraphSelector } from '../selectors/importGraph.js';
import { DEFAULT_SELECTORS, select } from '../selectors/select.js';
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

/** ChangeSet -> Selection -> Plan: everything `run` and `affected` share, without running anything. */
export const prepareRun = async (input: PrepareInput): Promise<PreparedRun> => {
  const located = locateRepo(input.cwd);
  const changeSet = changeSetFor(located.repo, input);
  // Nothing changed: answer before loading any config.
  if (changeSet.files.length === 0)
    return { changeSet, project: null, ...empty(input.stage), skipped: [], checkCache: null };
  const project = await openProject(located);
  useGlobCache(join(project.repo.gitDir, 'mlhooks', 'globs.json'));
  // The index's files with blob ids, listed at most once for the graph and the list of tests.
  let indexEntries: BlobEntry[] | null = null;
  const listIndex = () => (indexEntries ??= listIndexBlobs(project.repo.root));
  const graph = createImportGraphSelector({
    repoRoot: project.repo.root,
    gitDir: project.repo.gitDir,
    prefix: project.prefix,
    base: changeSet.base,
    head: changeSet.head,
    listIndex,
  });
  const { prefix } = project;
  const selection = await select({
    changeSet,
    config: project.config,
    prefix,
    // Checking the index (a commit), the graph lists it too: one git process for both.
    trackedFiles:
      changeSet.head === null
        ? () => listIndex().flatMap((e) => (e.path.startsWith(prefix) ? [e.path.slice(prefix.length)] : []))
        : project.trackedFiles,
    listTests: (list) =>
      cachedTestList({
        gitDir: project.repo.gitDir,
        root: project.repo.root,
        cwd: project.root,
        classifierKey: JSON.stringify(project.config.groups),
        list,
      }),
    selectors: [...DEFAULT_SELECTORS, graph],
  }).finally(graph.stop);
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
    stage: input.stage,
    root: project.root,
    tiers: input.tiers,
    program: (group) => resolveProgram(group, project.root, project.repo.root),
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
  return { changeSet, project, selection, plan, skipped, checkCache };
};
