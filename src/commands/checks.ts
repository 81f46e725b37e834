import { MlhooksError } from '../errors.js';
import { locateRepo, openProject } from '../project.js';
import { type Out, TerminalReporter } from '../report/terminal.js';
import { planRun } from '../run/plan.js';
import { checkWorkerArgv, resolveProgram } from '../run/resolveProgram.js';
import type { Selection, Tier } from '../types.js';
import { EXIT_INTERRUPTED, executePlan, exitCodeOf } from './run.js';

export interface ChecksInput {
  cwd: string;
  /** Model names; all models with checks when empty. */
  models: string[];
  tiers?: Tier[];
  noCache: boolean;
  out: Out;
  color: boolean;
  signal: AbortSignal;
}

/** `mlhooks checks [model ...]`: runs model checks by hand, with the same output as the hooks. */
export const runModelChecks = async (input: ChecksInput): Promise<number> => {
  const started = Date.now();
  const project = await openProject(locateRepo(input.cwd));
  const withChecks = project.config.models.filter((model) => model.checks || model.artifact);
  for (const name of input.models) {
    if (!withChecks.some((model) => model.name === name)) {
      throw new MlhooksError(
        'E_USAGE',
        `no model "${name}" with checks in ${project.configSource ?? 'the config'}.`,
        {
          hint: withChecks.length
            ? `Models with checks: ${withChecks.map((m) => m.name).join(', ')}.`
            : 'Give a model `checks` or `artifact` in the config.',
        },
      );
    }
  }
  const chosen =
    input.models.length > 0 ? withChecks.filter((m) => input.models.includes(m.name)) : withChecks;
  const reporter = new TerminalReporter(input.out, input.color);
  if (chosen.length === 0) {
    reporter.nothingToRun(
      'mlhooks checks: no model in the config has checks (give one `checks` or `artifact`)',
    );
    return 0;
  }
  const selection: Selection = {
    tests: [],
    checks: chosen.map((model) => ({ model: model.name, reasons: ['asked for'] })),
    everything: false,
    notes: [],
  };
  const { openCheckCache } = await import('../run/checkCache.js');
  const checkCache = await openCheckCache(project, chosen, { noCache: input.noCache });
  const plan = planRun({
    selection,
    config: project.config,
    stage: 'ci',
    root: project.root,
    tiers: input.tiers ?? ['fast', 'slow'],
    program: (group) => resolveProgram(group, project.root, project.repo.root),
    checkWorker: checkWorkerArgv,
    checkCache: (model, tier) => checkCache.lookup(model, tier),
  });
  reporter.cached(plan.cached);
  if (plan.commands.length === 0) {
    reporter.nothingToRun(
      'mlhooks checks: every check passed before on the same inputs (--no-cache runs them again)',
    );
    return 0;
  }
  const results = await executePlan({ plan, project, reporter, input, checkCache });
  reporter.summary(results, Date.now() - started);
  if (input.signal.aborted) return EXIT_INTERRUPTED;
  return exitCodeOf(results);
};
