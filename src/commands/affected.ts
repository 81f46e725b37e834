import { createColors, plural } from '../report/format.js';
import type { Out } from '../report/terminal.js';
import type { PreparedRun, PrepareInput } from './prepareRun.js';
import { prepareRun } from './prepareRun.js';

export interface AffectedInput extends PrepareInput {
  out: Out;
  json: boolean;
  explain: boolean;
  color: boolean;
}

/** The stable JSON contract of `mlhooks affected --json`, for CI scripts. */
export interface AffectedJson {
  stage: string;
  base: string | null;
  head: string | null;
  changed: { path: string; status: string; oldPath?: string }[];
  selected: { path: string; tier: string; reasons: string[] }[];
  /** Models whose checks the change affects. */
  checks: { model: string; reasons: string[] }[];
  /** Model checks that will not run: they passed before on the same inputs. */
  cached: { model: string; tier: string; passedAt: string | null }[];
  commands: { runner: string; argv: string[] }[];
  /** What the terminal report prints with `!`: how the change set and the selection were made. */
  notes: string[];
}

/** How the change set and the selection were made, worth telling (the `!` lines of the report). */
const notesOf = ({ changeSet, selection, project }: PreparedRun): string[] => [
  ...changeSet.notes,
  ...selection.notes,
  ...(project?.warnings ?? []),
];

export const toAffectedJson = (prepared: PreparedRun): AffectedJson => {
  const { changeSet, selection, plan } = prepared;
  return {
    stage: changeSet.stage,
    base: changeSet.base,
    head: changeSet.head,
    changed: changeSet.files.map((file) => ({
      path: file.path,
      status: file.status,
      ...(file.oldPath ? { oldPath: file.oldPath } : {}),
    })),
    selected: selection.tests.map((test) => ({ path: test.path, tier: test.tier, reasons: test.reasons })),
    checks: selection.checks.map((check) => ({ model: check.model, reasons: check.reasons })),
    cached: plan.cached.map(({ model, tier, passedAt }) => ({ model, tier, passedAt })),
    commands: plan.commands.map((command) => ({ runner: command.runner, argv: command.argv })),
    notes: notesOf(prepared),
  };
};

/** Prints what a stage would run and why, without running it. */
export const affected = async (input: AffectedInput): Promise<number> => {
  const prepared = await prepareRun(input);
  if (input.json) {
    input.out.write(`${JSON.stringify(toAffectedJson(prepared), null, 2)}\n`);
    return 0;
  }
  const c = createColors(input.color);
  const { changeSet, selection, plan, project } = prepared;
  const line = (text = '') => input.out.write(`${text}\n`);
  line(
    `${c.bold(changeSet.stage)} · ${plural(changeSet.files.length, 'changed file')} · tiers ${plan.tiers.join(' + ') || '(none)'}${project?.configSource ? c.dim(` · config ${project.configSource}`) : ''}`,
  );
  for (const note of notesOf(prepared)) line(`${c.yellow('!')} ${note}`);
  for (const check of selection.checks) {
    line(`  model ${check.model} checks ${c.dim(`· ${check.reasons.join('; ')}`)}`);
  }
  for (const hit of plan.cached)
    line(
      `  model ${hit.model} ${hit.tier} checks ${c.dim(`· cached (passed at ${hit.passedAt?.slice(0, 7) ?? '?'})`)}`,
    );
  if (selection.tests.length === 0 && selection.checks.length === 0) {
    line('no tests affected');
    return 0;
  }
  if (selection.tests.length > 0) line(`${plural(selection.tests.length, 'test file')} affected:`);
  for (const test of selection.tests) {
    if (input.explain) {
      line(`  ${test.path} ${c.dim(`(${test.group}, ${test.tier})`)}`);
      for (const reason of test.reasons) line(c.dim(`      ← ${reason}`));
    } else {
      line(
        `  ${test.path} ${c.dim(`${test.tier} · ${test.reasons[0]}${test.reasons.length > 1 ? ` (+${test.reasons.length - 1})` : ''}`)}`,
      );
    }
  }
  line(
    plan.commands.length > 0
      ? 'would run:'
      : `nothing in the ${plan.tiers.join(' + ') || 'no'} tier(s) of ${changeSet.stage}`,
  );
  for (const command of plan.commands)
    line(
      `  ${c.cyan(command.argv.map((arg) => (/[\s'"$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' '))}`,
    );
  return 0;
};
