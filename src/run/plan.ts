import { posix } from 'node:path';
import type { ResolvedConfig, ResolvedGroup, ResolvedModel } from '../config/types.js';
import type { CachedCheck, Plan, PlannedCommand, Selection, Stage, Tier } from '../types.js';
import { runners } from './runners/index.js';

export interface PlanInput {
  selection: Selection;
  config: ResolvedConfig;
  stage: Stage;
  /** Absolute project root. */
  root: string;
  /** Tiers to run instead of the stage's (from --tier). */
  tiers?: Tier[];
  /** The program of a group's runner when the config names none, e.g. ['/repo/node_modules/.bin/vitest']. */
  program(group: ResolvedGroup): string[];
  /**
   * Every tracked file of the project (project-relative), for runners whose file arguments match
   * other paths too (vitest): the ones not chosen are excluded, whichever group (if any) has them.
   */
  projectFiles?(): string[];
  /** The program that runs a model's checks (node and mlhooks' check worker). */
  checkWorker?(model: ResolvedModel): string[];
  /** The cache key of a model's checks in a tier, and an earlier pass under it. */
  checkCache?(model: ResolvedModel, tier: Tier): { key: string; hit: CachedCheck | null };
}

/** Turns a selection into the commands a stage runs: one per group and tier split. Pure. */
export const planRun = ({
  selection,
  config,
  stage,
  root,
  tiers: override,
  program,
  projectFiles,
  checkWorker,
  checkCache,
}: PlanInput): Plan => {
  const tiers = override ?? config.stages[stage];
  const commands: PlannedCommand[] = [];
  for (const group of config.groups) {
    const tests = selection.tests.filter((test) => test.group === group.name);
    if (tests.length === 0 || tiers.length === 0) continue;
    const cwd = posix.join(root, group.cwd);
    const add = (runTiers: Tier[], files: string[], argv0: string[]) => {
      if (files.length === 0 || runTiers.length === 0) return;
      const rel = (paths: string[]) =>
        group.cwd === '.' ? paths : paths.map((file) => posix.relative(cwd, posix.join(root, file)));
      const runner = runners[group.runner];
      const chosen = new Set(files);
      // Only what the runner can see: the files under the group's folder, relative to it.
      const inFolder = posix.normalize(group.cwd) === '.' ? '' : `${posix.normalize(group.cwd)}/`;
      const others =
        runner.othersMatter && projectFiles
          ? projectFiles().flatMap((path) =>
              !chosen.has(path) && path.startsWith(inFolder) ? [path.slice(inFolder.length)] : [],
            )
          : [];
      const { args, passCodes } = runner.args({ group, tiers: runTiers, files: rel(files), others });
      commands.push({
        id: `${group.name}:${runTiers.join('+')}`,
        group: group.name,
        runner: group.runner,
        tiers: runTiers,
        files,
        argv: [...argv0, ...args],
        cwd,
        env: group.env,
        timeoutMs: Math.max(...runTiers.map((tier) => group.timeoutMs[tier])),
        passCodes,
      });
    };
    const base = group.command ?? program(group);
    const all = tests.map((test) => test.path);
    if (group.slow.command) {
      if (tiers.includes('fast')) add(['fast'], all, base);
      if (tiers.includes('slow')) add(['slow'], all, group.slow.command);
    } else if (group.slow.marker) {
      add([...tiers], all, base);
    } else {
      const wanted = tests.filter((test) => tiers.includes(test.tier === 'slow' ? 'slow' : 'fast'));
      const present = (['fast', 'slow'] as const).filter((tier) =>
        wanted.some((test) => (test.tier === 'slow' ? 'slow' : 'fast') === tier),
      );
      add(
        present,
        wanted.map((test) => test.path),
        base,
      );
    }
  }
  const cached: CachedCheck[] = [];
  for (const { model: name } of selection.checks) {
    const model = config.models.find((m) => m.name === name);
    if (!model || !checkWorker) continue;
    const run: Tier[] = [];
    const cacheKeys: Partial<Record<Tier, string>> = {};
    for (const tier of tiers) {
      const found = checkCache?.(model, tier);
      if (found?.hit) cached.push(found.hit);
      else {
        run.push(tier);
        if (found) cacheKeys[tier] = found.key;
      }
    }
    if (run.length === 0) continue;
    commands.push({
      id: `model:${name}:${run.join('+')}`,
      group: name,
      runner: 'checks',
      tiers: run,
      files: [],
      argv: [...checkWorker(model), '--model', name, '--tier', run.join(',')],
      cwd: root,
      env: {},
      timeoutMs: Math.max(...run.map((tier) => model.timeoutMs[tier])),
      passCodes: [],
      cacheKeys,
    });
  }
  return { stage, tiers, commands, cached };
};
