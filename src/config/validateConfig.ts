import { type RunnerName, STAGES, type Stage, TIERS, type Tier } from '../types.js';
import { type Checker, createChecker, isObject, suggest } from './checker.js';
import {
  DEFAULT_ALWAYS,
  DEFAULT_STAGES,
  DEFAULT_TIMEOUT_SECONDS,
  jsGroup,
  PYTEST_GROUP,
} from './defaults.js';
import type { JsRunner } from './jsRunner.js';
import type { ResolvedConfig, ResolvedGroup, TestGroupConfig } from './types.js';
import { validateModels } from './validateModels.js';

export interface ValidationContext {
  /** Shown in every message, e.g. `mlhooks.config.mjs` or `package.json#mlhooks`. */
  file: string;
  /** The runner for JS/TS tests when the config does not name one (from package.json). */
  /** The runner of the default JS/TS group, asked only when the config lists no tests. */
  jsRunner: JsRunner | (() => JsRunner);
}

export interface ValidationResult {
  config: ResolvedConfig | null;
  errors: string[];
  warnings: string[];
}

const RUNNERS: readonly RunnerName[] = ['pytest', 'vitest', 'jest', 'node', 'command'];
const TOP_KEYS = ['tests', 'models', 'always', 'stages', 'conventions', 'concurrency'];
const GROUP_KEYS = [
  'name',
  'runner',
  'command',
  'args',
  'include',
  'exclude',
  'slow',
  'timeout',
  'cwd',
  'env',
];
const SLOW_KEYS = ['marker', 'include', 'command'];

const validateGroup = (c: Checker, value: unknown, index: number): ResolvedGroup | null => {
  const at = `tests[${index}]`;
  if (!isObject(value)) {
    c.fail(at, 'an object like { runner: "pytest", include: ["tests/**/test_*.py"] }', value);
    return null;
  }
  c.keys(value, GROUP_KEYS, `${at}.`);
  const g = value as Partial<TestGroupConfig> & Record<string, unknown>;
  let runner: RunnerName | null = null;
  if (typeof g.runner === 'string' && RUNNERS.includes(g.runner as RunnerName))
    runner = g.runner as RunnerName;
  else
    c.fail(
      `${at}.runner`,
      `one of ${RUNNERS.join(', ')}`,
      g.runner,
      typeof g.runner === 'string' ? suggest(g.runner, RUNNERS) : '',
    );
  const command = c.argv(g.command, `${at}.command`);
  if (runner === 'command' && g.command === undefined) {
    c.error(`${at}.command`, 'runner "command" needs a command, e.g. command: ["python", "-m", "unittest"]');
  }
  const include = c.paths(g.include, `${at}.include`, { nonEmpty: true });
  if (g.include === undefined)
    c.error(`${at}.include`, 'missing; give globs of the test files, e.g. ["tests/**/test_*.py"]');
  const exclude = c.paths(g.exclude, `${at}.exclude`) ?? [];
  const args = g.args === undefined ? [] : c.strings(g.args, `${at}.args`);
  if (g.name !== undefined && (typeof g.name !== 'string' || g.name === ''))
    c.fail(`${at}.name`, 'a non-empty string', g.name);
  if (
    g.cwd !== undefined &&
    (typeof g.cwd !== 'string' || g.cwd.startsWith('/') || g.cwd.split('/').includes('..'))
  ) {
    c.fail(`${at}.cwd`, 'a directory inside the project, relative to its root', g.cwd);
  }
  const env: Record<string, string> = {};
  if (g.env !== undefined) {
    if (!isObject(g.env) || Object.values(g.env).some((v) => typeof v !== 'string'))
      c.fail(`${at}.env`, 'an object of string values', g.env);
    else Object.assign(env, g.env);
  }

  const slow = { marker: null as string | null, include: [] as string[], command: null as string[] | null };
  if (g.slow !== undefined) {
    if (!isObject(g.slow)) c.fail(`${at}.slow`, 'an object with one of marker, include or command', g.slow);
    else {
      const s = g.slow;
      c.keys(s, SLOW_KEYS, `${at}.slow.`);
      const given = SLOW_KEYS.filter((key) => s[key] !== undefined);
      if (given.length !== 1) {
        c.error(
          `${at}.slow`,
          `give exactly one of marker, include or command; found ${given.length === 0 ? 'none' : given.join(' and ')}`,
        );
      }
      if (s.marker !== undefined) {
        if (typeof s.marker !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.marker))
          c.fail(`${at}.slow.marker`, 'a marker name like "slow"', s.marker);
        else if (runner !== null && runner !== 'pytest') {
          c.error(
            `${at}.slow.marker`,
            `markers are a pytest feature; for ${runner} use slow.include (a glob of slow test files) or slow.command`,
          );
        } else slow.marker = s.marker;
      }
      slow.include = c.paths(s.include, `${at}.slow.include`, { nonEmpty: true }) ?? [];
      slow.command = c.argv(s.command, `${at}.slow.command`);
    }
  }
  const timeoutMs = c.timeout(g.timeout, `${at}.timeout`, DEFAULT_TIMEOUT_SECONDS);

  if (!runner || !include || !args) return null;
  return {
    name: typeof g.name === 'string' && g.name ? g.name : runner,
    runner,
    command,
    args,
    include,
    exclude,
    slow,
    timeoutMs,
    cwd: typeof g.cwd === 'string' ? g.cwd.replace(/\/+$/, '') || '.' : '.',
    env,
  };
};

/** Builds the resolved config, collecting every problem instead of stopping at the first. */
export const validateConfig = (raw: unknown, ctx: ValidationContext): ValidationResult => {
  const c = createChecker(ctx.file);
  const { errors, warnings } = c;
  if (!isObject(raw)) {
    c.fail('(top level)', 'an object (export default defineConfig({ ... }))', raw);
    return { config: null, errors, warnings };
  }
  c.keys(raw, TOP_KEYS, '');

  let groups: ResolvedGroup[] = [];
  if (raw.tests === undefined) {
    const js = typeof ctx.jsRunner === 'function' ? ctx.jsRunner() : ctx.jsRunner;
    groups = [PYTEST_GROUP, jsGroup(js)].map((g, i) => validateGroup(c, g, i)!);
  } else if (!Array.isArray(raw.tests)) {
    c.fail('tests', 'an array of test groups', raw.tests);
  } else {
    groups = raw.tests.map((g, i) => validateGroup(c, g, i)).filter((g): g is ResolvedGroup => g !== null);
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g.name)) c.error('tests', `two groups are named "${g.name}"; give each a distinct name`);
      seen.add(g.name);
    }
  }

  const models = validateModels(c, raw.models);
  const always = [...DEFAULT_ALWAYS, ...(c.paths(raw.always, 'always') ?? [])];

  const stages: Record<Stage, Tier[]> = { ...DEFAULT_STAGES };
  if (raw.stages !== undefined) {
    if (!isObject(raw.stages)) c.fail('stages', `an object like { "pre-commit": ["fast"] }`, raw.stages);
    else {
      c.keys(raw.stages, STAGES, 'stages.');
      for (const [stage, tiers] of Object.entries(raw.stages)) {
        if (!STAGES.includes(stage as Stage)) continue;
        if (!Array.isArray(tiers) || tiers.some((t) => !TIERS.includes(t as Tier))) {
          c.fail(`stages.${stage}`, 'an array of tiers from "fast", "slow"', tiers);
        } else stages[stage as Stage] = [...new Set(tiers as Tier[])];
      }
    }
  }

  if (raw.conventions !== undefined && typeof raw.conventions !== 'boolean')
    c.fail('conventions', 'true or false', raw.conventions);
  let concurrency: number | null = null;
  if (raw.concurrency !== undefined) {
    if (typeof raw.concurrency !== 'number' || !Number.isInteger(raw.concurrency) || raw.concurrency < 1) {
      c.fail('concurrency', 'a whole number of at least 1', raw.concurrency);
    } else concurrency = raw.concurrency;
  }

  if (errors.length > 0) return { config: null, errors, warnings };
  return {
    config: { groups, models, always, stages, conventions: raw.conventions !== false, concurrency },
    errors,
    warnings,
  };
};
