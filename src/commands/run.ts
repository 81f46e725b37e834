import { type PushGroup, splitPush } from '../hooks/splitPush.js';
import { locateRepo, type Project } from '../project.js';
import { plural } from '../report/format.js';
import { type Out, TerminalReporter } from '../report/terminal.js';
import type { CheckCache } from '../run/checkCache.js';
import { findMissingProgram } from '../run/resolveProgram.js';
import type { ChangeSet, CommandResult, Plan, Tier } from '../types.js';
import { type PrepareInput, prepareRun } from './prepareRun.js';

export interface RunInput extends PrepareInput {
  out: Out;
  color: boolean;
  signal: AbortSignal;
}

export const EXIT_INTERRUPTED = 130;

export const exitCodeOf = (results: CommandResult[]): number => {
  if (results.some((r) => r.status === 'interrupted' || r.status === 'skipped')) return EXIT_INTERRUPTED;
  if (results.some((r) => r.status === 'fail' || r.status === 'timeout')) return 1;
  if (results.some((r) => r.status === 'error')) return 3;
  return 0;
};

/**
 * What the work tree must hold while the tests run: the index (null) for a commit or a merge being
 * concluded, the pushed commit for a push; undefined when it is left as it is (a range given by hand).
 */
const testedContent = (changeSet: ChangeSet, input: RunInput): TestedContent | undefined => {
  if (input.base) return undefined;
  if (changeSet.stage === 'pre-commit' || changeSet.stage === 'pre-merge-commit')
    return { commit: null, elsewhere: null };
  const pushed = changeSet.pushed ?? [];
  if (changeSet.stage !== 'pre-push' || pushed.length === 0) return undefined;
  const commit = pushed[0]!.commit;
  // runStage splits a push of several commits into one run each.
  if (pushed.some((ref) => ref.commit !== commit))
    throw new Error(
      `pre-push: one run got several commits to test (${pushed.map((r) => r.name).join(', ')})`,
    );
  return {
    commit,
    elsewhere: pushed[0]!.checkedOut ? null : pushed.map((ref) => ref.name).join(', '),
  };
};

interface TestedContent {
  commit: string | null;
  /** The pushed refs, when their commit is not the one checked out. */
  elsewhere: string | null;
}

const hiddenNotice = ({ commit, elsewhere }: TestedContent) =>
  commit === null
    ? 'unstaged changes were hidden while the tests ran, and are back'
    : elsewhere === null
      ? 'uncommitted changes were hidden while the tests ran, and are back'
      : `${elsewhere} ${elsewhere.includes(', ') ? 'are' : 'is'} not checked out: the work tree held ${commit.slice(0, 12)} while the tests ran, and is back as it was`;

/**
 * A push of refs at different commits: each commit is checked as a push of its own, on its own
 * content, and the first that fails stops the push.
 */
const runEachCommit = async (input: RunInput, groups: PushGroup[]): Promise<number> => {
  const reporter = new TerminalReporter(input.out, input.color);
  for (const [index, group] of groups.entries()) {
    reporter.notice(
      `pushing ${groups.length} commits, checking each on its own (${index + 1}/${groups.length}): ${group.names.join(', ')} at ${group.commit.slice(0, 12)}`,
    );
    const code = await runStage({ ...input, readStdin: () => group.input });
    if (code !== 0) {
      const rest = groups.slice(index + 1).flatMap((other) => other.names);
      if (rest.length > 0 && !input.signal.aborted)
        reporter.notice(`not checking ${rest.join(', ')}: the push is stopped already`);
      return code;
    }
  }
  return 0;
};

/** Runs a stage: what changed -> what it affects -> run it -> report. Returns the exit code. */
export const runStage = async (input: RunInput): Promise<number> => {
  // Date.now, not performance.now: perf_hooks costs a few ms to load on the no-op path.
  const started = Date.now();
  if (input.stage === 'pre-push' && !input.base) {
    const stdin = input.readStdin();
    const groups = stdin === null ? null : splitPush(stdin, () => locateRepo(input.cwd).repo.root);
    if (groups) return runEachCommit(input, groups);
  }
  const reporter = new TerminalReporter(input.out, input.color);
  const { changeSet, project, selection, plan, skipped, checkCache, unknownSkips } = await prepareRun(input);
  for (const warning of project?.warnings ?? []) reporter.notice(warning);
  if (skipped.length > 0) reporter.notice(`MLHOOKS_SKIP: not running ${skipped.join(', ')}`);
  if (project && unknownSkips && unknownSkips.length > 0)
    reporter.notice(
      `MLHOOKS_SKIP: ${unknownSkips.map((name) => `"${name}"`).join(', ')} names no test group or model here, so it skips nothing (groups: ${project.config.groups.map((g) => g.name).join(', ') || 'none'}; models: ${project.config.models.map((m) => m.name).join(', ') || 'none'})`,
    );

  if (plan.commands.length === 0) {
    if (changeSet.files.length === 0) {
      for (const note of changeSet.notes) reporter.notice(note);
      reporter.nothingToRun(
        `mlhooks ${changeSet.stage}: nothing ${changeSet.stage === 'pre-commit' ? 'staged' : 'changed'}, nothing to test`,
      );
      return 0;
    }
    const waiting = selection.tests.length;
    if (waiting > 0 || plan.cached.length > 0 || changeSet.notes.length > 0 || selection.notes.length > 0)
      reporter.changes(changeSet, selection, plan.tiers);
    reporter.cached(plan.cached);
    reporter.nothingToRun(
      skipped.length > 0
        ? `mlhooks ${changeSet.stage}: nothing left to run after MLHOOKS_SKIP (${skipped.join(', ')})`
        : plan.cached.length > 0
          ? `mlhooks ${changeSet.stage}: every affected model check passed before on the same inputs`
          : waiting > 0
            ? `mlhooks ${changeSet.stage}: ${plural(waiting, 'affected test file')}, none in the ${plan.tiers.join(' + ') || 'no'} tier${plan.tiers.length === 1 ? '' : 's'} this stage runs`
            : `mlhooks ${changeSet.stage}: no tests affected by ${plural(changeSet.files.length, 'changed file')}`,
    );
    return 0;
  }

  const content = project ? testedContent(changeSet, input) : undefined;
  const missing = findMissingProgram(plan);
  if (missing) throw missing;
  reporter.changes(changeSet, selection, plan.tiers);
  reporter.cached(plan.cached);
  const execute = () => executePlan({ plan, project, reporter, input, checkCache });
  let results: CommandResult[];
  // The tests see exactly what will be committed (the staged change, or the merge being concluded)
  // or pushed (the pushed commit, without the edits since).
  if (content && project) {
    // Loaded only when something runs: the envelope's file and crypto work stays off the no-op path.
    const { withContentOf } = await import('../run/stagedEnvelope.js');
    const { value, hidden, notes } = await withContentOf(project.repo, content, execute);
    results = value;
    for (const note of notes) reporter.notice(note);
    if (hidden) reporter.notice(hiddenNotice(content));
  } else {
    results = await execute();
  }
  reporter.summary(results, Date.now() - started, changeSet.stage);
  if (input.signal.aborted) return EXIT_INTERRUPTED;
  return exitCodeOf(results);
};

/** Runs a plan's commands with live output, and records the model checks that passed. */
export const executePlan = async ({
  plan,
  project,
  reporter,
  input,
  checkCache,
}: {
  plan: Plan;
  project: Project | null;
  reporter: TerminalReporter;
  input: { signal: AbortSignal; color: boolean };
  checkCache: CheckCache | null;
}): Promise<CommandResult[]> => {
  const { availableParallelism } = process.getBuiltinModule('node:os') as typeof import('node:os');
  const { runPlan } = await import('../run/runPlan.js');
  return runPlan(plan, {
    concurrency: project?.config.concurrency ?? availableParallelism(),
    signal: input.signal,
    color: input.color,
    onStart: (command) => reporter.start(command),
    onEnd: (result) => {
      reporter.end(result);
      if (result.status !== 'pass' || !checkCache) return;
      for (const [tier, key] of Object.entries(result.command.cacheKeys ?? {}) as [Tier, string][]) {
        checkCache.record(key, result.command.group, tier, plan.stage === 'pre-commit');
      }
    },
  });
};
