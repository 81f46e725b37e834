import type { ArtifactSpec } from '../checks/artifact/checkArtifact.js';
import type { RunnerName, Stage, Tier } from '../types.js';

/** How the slow tier of a test group is told apart from the fast one. Give one of the three. */
export interface SlowConfig {
  /** A pytest marker: the fast tier runs `-m "not <marker>"`. */
  marker?: string;
  /** Globs of test files that hold only slow tests (e.g. `**\/*.slow.test.ts`). */
  include?: string[];
  /** A command that runs the slow tier, given the selected files as arguments. */
  command?: string | string[];
}

/** A group of tests run by one runner. */
export interface TestGroupConfig {
  /** Shown in the output; defaults to the runner name. */
  name?: string;
  runner: RunnerName;
  /**
   * The program and leading arguments, no shell: required for `runner: 'command'`, optional for
   * the others (for example `['python', '-m', 'pytest']` to use a virtualenv's pytest).
   * A string is split on whitespace.
   */
  command?: string | string[];
  /** Extra arguments put before the test files. */
  args?: string[];
  /** Globs (relative to the project root) of the test files in this group. */
  include: string[];
  exclude?: string[];
  slow?: SlowConfig;
  /** Seconds before the run is killed with its whole process tree. Default: fast 300, slow 1800. */
  timeout?: number | { fast?: number; slow?: number };
  /** Directory to run in, relative to the project root. */
  cwd?: string;
  env?: Record<string, string>;
}

/** A model and the files it learns from or is built of: a change to any input selects its tests and checks. */
export interface ModelConfig {
  /** Globs of the model's code, data, weights and configs. */
  inputs: string[];
  /** Globs of the test files that exercise this model. */
  tests?: string[];
  /** A check module (`*.check.mjs`) exporting `defineChecks({ fast: {...}, slow: {...} })` from `mlhooks/checks`. */
  checks?: string;
  /** Checks on the model file itself, with no test code: load, shapes, label map, expected outputs, server. */
  artifact?: ArtifactSpec;
  /** Seconds before a tier's checks are killed. Default: fast 300, slow 1800. */
  timeout?: number | { fast?: number; slow?: number };
}

export interface MlhooksConfig {
  /** Test groups. Without it, pytest and JS/TS conventions apply. */
  tests?: TestGroupConfig[];
  models?: Record<string, ModelConfig>;
  /** Globs whose change selects every test, added to the built-in list (lockfiles, conftest.py, ...). */
  always?: string[];
  /** Which tiers each stage runs. Default: pre-commit fast; pre-push, pre-merge-commit and ci fast + slow. */
  stages?: Partial<Record<Stage, Tier[]>>;
  /** Select `foo.test.ts` when `foo.ts` changes, `tests/test_foo.py` when `foo.py` changes. Default true. */
  conventions?: boolean;
  /** How many test commands run at once. Default: the number of CPUs. */
  concurrency?: number;
}

export interface ResolvedGroup {
  name: string;
  runner: RunnerName;
  command: string[] | null;
  args: string[];
  include: string[];
  exclude: string[];
  slow: { marker: string | null; include: string[]; command: string[] | null };
  timeoutMs: Record<Tier, number>;
  cwd: string;
  env: Record<string, string>;
}

export interface ResolvedModel {
  name: string;
  inputs: string[];
  tests: string[];
  checks: string | null;
  artifact: ArtifactSpec | null;
  timeoutMs: Record<Tier, number>;
  /** Files the checks read besides the inputs (check module, weights folder, example inputs): globs. */
  checkFiles: string[];
}

export interface ResolvedConfig {
  groups: ResolvedGroup[];
  models: ResolvedModel[];
  always: string[];
  stages: Record<Stage, Tier[]>;
  conventions: boolean;
  /** null: one per CPU, decided when something runs. */
  concurrency: number | null;
}
