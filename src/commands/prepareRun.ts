import { join } from 'node:path';
import { locateRepo, openProject, type Project } from '../project.js';
import { planRun } from '../run/plan.js';
import { resolveProgram } from '../run/resolveProgram.js';
import { saveGlobCache, useGlobCache } from '../selectors/globs.js';
import { select } from '../selectors/select.js';
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
}

export interface PrepareInput extends ChangeSetRequest {
  cwd: string;
  tiers?: Tier[];
  /** Group names from MLHOOKS_SKIP. */
  skip?: string[];
}

const empty = (stage: Stage): { selection: Selection; plan: Plan } => ({
  selection: { tests: [], everything: false, notes: [] },
  plan: { stage, tiers: [], commands: [] },
});

/** ChangeSet -> Selection -> Plan: everything `run` and `affected` share, without running anything. */
export const prepareRun = async (input: PrepareInput): Promise<PreparedRun> => {
  const located = locateRepo(input.cwd);
  const changeSet = changeSetFor(located.repo, input);
  // Nothing changed: answer before loading any config.
  if (changeSet.files.length === 0) return { changeSet, project: null, ...empty(input.stage), skipped: [] };
  const project = await openProject(located);
  useGlobCache(join(project.repo.gitDir, 'mlhooks', 'globs.json'));
  const selection = await select({
    changeSet,
    config: project.config,
    prefix: project.prefix,
    trackedFiles: project.trackedFiles,
  });
  const plan = planRun({
    selection,
    config: project.config,
    stage: input.stage,
    root: project.root,
    tiers: input.tiers,
    program: (group) => resolveProgram(group, project.root, project.repo.root),
  });
  saveGlobCache();
  const skip = input.skip ?? [];
  const skipped = [
    ...new Set(
      plan.commands.filter((command) => skip.includes(command.group)).map((command) => command.group),
    ),
  ];
  plan.commands = plan.commands.filter((command) => !skip.includes(command.group));
  return { changeSet, project, selection, plan, skipped };
};
