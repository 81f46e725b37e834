import { type RunnerName, STAGES, type Stage, TIERS, type Tier } from '../types.js';
import {
  DEFAULT_ALWAYS,
  DEFAULT_STAGES,
  DEFAULT_TIMEOUT_SECONDS,
  jsGroup,
  PYTEST_GROUP,
} from './defaults.js';
import type { ModelConfig, ResolvedConfig, ResolvedGroup, ResolvedModel, TestGroupConfig } from './types.js';

export interface ValidationContext {
  /** Shown in every message, e.g. `mlhooks.config.mjs` or `package.json#mlhooks`. */
  file: string;
  /** The runner for JS/TS tests when the config does not name one (from package.json). */
  jsRunner: 'vitest' | 'jest' | 'node';
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
const MODEL_KEYS = ['inputs', 'tests'];

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `${typeof value} ${String(value)}`;
};

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
};

const suggest = (found: string, options: readonly string[]): string => {
  const best = options.map((option) => ({ option, d: distance(found, option) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(found.length / 3))
    ? ` (did you mean "${best.option}"?)`
    : '';
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Builds the resolved config, collecting every problem instead of stopping at the first. */
export const validateConfig = (raw: unknown, ctx: ValidationContext): ValidationResult => {
  const errors: string[] = [];
  const warnings: string[] = [];
  const fail = (field: string, expected: string, found: unknown, extra = '') =>
    errors.push(`${ctx.file}: ${field}: expected ${expected}, found ${describe(found)}${extra}`);

  const checkKeys = (value: Record<string, unknown>, allowed: readonly string[], at: string) => {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        errors.push(
          `${ctx.file}: ${at}${key}: unknown field${suggest(key, allowed)}; known fields: ${allowed.join(', ')}`,
        );
      }
    }
  };

  const stringArray = (value: unknown, field: string, { nonEmpty = false } = {}): string[] | null => {
    if (value === undefined) return null;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
      fail(field, 'an array of non-empty strings', value);
      return null;
    }
    if (nonEmpty && value.length === 0) {
      fail(field, 'at least one glob', value);
      return null;
    }
    for (const glob of value as string[]) {
      if (glob.startsWith('/') || glob.split('/').includes('..')) {
        errors.push(
          `${ctx.file}: ${field}: "${glob}" points outside the project; globs are relative to the project root`,
        );
      }
    }
    return value as string[];
  };

  const argv = (value: unknown, field: string): string[] | null => {
    if (value === undefined) return null;
    if (typeof value === 'string') {
      const parts = value.trim().split(/\s+/).filter(Boolean);
      if (parts.length === 0) fail(field, 'a command', value);
      if (/["'`$|;&<>\\]/.test(value)) {
        warnings.push(
          `${ctx.file}: ${field}: "${value}" is split on spaces and run without a shell: quotes, $ and pipes are passed as they are. Use an array to be exact.`,
        );
      }
      return parts;
    }
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.some((item) => typeof item !== 'string' || item === '')
    ) {
      fail(field, 'a command as an array of strings, e.g. ["python", "-m", "pytest"]', value);
      return null;
    }
    return value as string[];
  };

  if (!isObject(raw)) {
    fail('(top level)', 'an object (export default defineConfig({ ... }))', raw);
    return { config: null, errors, warnings };
  }
  checkKeys(raw, TOP_KEYS, '');

  const seconds = (value: unknown, field: string): number | null => {
    if (value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      fail(field, 'a number of seconds greater than 0', value);
      return null;
    }
    return value;
  };

  const group = (value: unknown, index: number): ResolvedGroup | null => {
    const at = `tests[${index}]`;
    if (!isObject(value)) {
      fail(at, 'an object like { runner: "pytest", include: ["tests/**/test_*.py"] }', value);
      return null;
    }
    checkKeys(value, GROUP_KEYS, `${at}.`);
    const g = value as Partial<TestGroupConfig> & Record<string, unknown>;
    let runner: RunnerName | null = null;
    if (typeof g.runner === 'string' && RUNNERS.includes(g.runner as RunnerName))
      runner = g.runner as RunnerName;
    else
      fail(
        `${at}.runner`,
        `one of ${RUNNERS.join(', ')}`,
        g.runner,
        typeof g.runner === 'string' ? suggest(g.runner, RUNNERS) : '',
      );
    const command = argv(g.command, `${at}.command`);
    if (runner === 'command' && !command && g.command === undefined) {
      errors.push(
        `${ctx.file}: ${at}.command: runner "command" needs a command, e.g. command: ["python", "-m", "unittest"]`,
      );
    }
    const include = stringArray(g.include, `${at}.include`, { nonEmpty: true });
    if (g.include === undefined)
      errors.push(
        `${ctx.file}: ${at}.include: missing; give globs of the test files, e.g. ["tests/**/test_*.py"]`,
      );
    const exclude = stringArray(g.exclude, `${at}.exclude`) ?? [];
    const args = g.args === undefined ? [] : stringArray(g.args, `${at}.args`);
    if (g.name !== undefined && (typeof g.name !== 'string' || g.name === ''))
      fail(`${at}.name`, 'a non-empty string', g.name);
    if (
      g.cwd !== undefined &&
      (typeof g.cwd !== 'string' || g.cwd.startsWith('/') || g.cwd.split('/').includes('..'))
    ) {
      fail(`${at}.cwd`, 'a directory inside the project, relative to its root', g.cwd);
    }
    const env: Record<string, string> = {};
    if (g.env !== undefined) {
      if (!isObject(g.env) || Object.values(g.env).some((v) => typeof v !== 'string'))
        fail(`${at}.env`, 'an object of string values', g.env);
      else Object.assign(env, g.env);
    }

    const slow = { marker: null as string | null, include: [] as string[], command: null as string[] | null };
    if (g.slow !== undefined) {
      if (!isObject(g.slow)) fail(`${at}.slow`, 'an object with one of marker, include or command', g.slow);
      else {
        checkKeys(g.slow, SLOW_KEYS, `${at}.slow.`);
        const given = SLOW_KEYS.filter((key) => (g.slow as Record<string, unknown>)[key] !== undefined);
        if (given.length !== 1) {
          errors.push(
            `${ctx.file}: ${at}.slow: give exactly one of marker, include or command; found ${given.length === 0 ? 'none' : given.join(' and ')}`,
          );
        }
        const s = g.slow as Record<string, unknown>;
        if (s.marker !== undefined) {
          if (typeof s.marker !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.marker))
            fail(`${at}.slow.marker`, 'a marker name like "slow"', s.marker);
          else if (runner !== null && runner !== 'pytest') {
            errors.push(
              `${ctx.file}: ${at}.slow.marker: markers are a pytest feature; for ${runner} use slow.include (a glob of slow test files) or slow.command`,
            );
          } else slow.marker = s.marker;
        }
        slow.include = stringArray(s.include, `${at}.slow.include`, { nonEmpty: true }) ?? [];
        slow.command = argv(s.command, `${at}.slow.command`);
      }
    }

    let timeout: Record<Tier, number> = { ...DEFAULT_TIMEOUT_SECONDS };
    if (typeof g.timeout === 'object' && g.timeout !== null) {
      checkKeys(g.timeout as Record<string, unknown>, TIERS, `${at}.timeout.`);
      const t = g.timeout as Record<string, unknown>;
      timeout = {
        fast: seconds(t.fast, `${at}.timeout.fast`) ?? timeout.fast,
        slow: seconds(t.slow, `${at}.timeout.slow`) ?? timeout.slow,
      };
    } else if (g.timeout !== undefined) {
      const both = seconds(g.timeout, `${at}.timeout`);
      if (both !== null) timeout = { fast: both, slow: both };
    }

    if (!runner || !include || !args) return null;
    return {
      name: typeof g.name === 'string' && g.name ? g.name : runner,
      runner,
      command,
      args,
      include,
      exclude,
      slow,
      timeoutMs: { fast: timeout.fast * 1000, slow: timeout.slow * 1000 },
      cwd: typeof g.cwd === 'string' ? g.cwd.replace(/\/+$/, '') || '.' : '.',
      env,
    };
  };

  let groups: ResolvedGroup[] = [];
  if (raw.tests === undefined) {
    groups = [PYTEST_GROUP, jsGroup(ctx.jsRunner)].map((g, i) => group(g, i)!);
  } else if (!Array.isArray(raw.tests)) {
    fail('tests', 'an array of test groups', raw.tests);
  } else {
    groups = raw.tests.map(group).filter((g): g is ResolvedGroup => g !== null);
    const seen = new Set<string>();
    for (const g of groups) {
      if (seen.has(g.name))
        errors.push(`${ctx.file}: tests: two groups are named "${g.name}"; give each a distinct name`);
      seen.add(g.name);
    }
  }

  const models: ResolvedModel[] = [];
  if (raw.models !== undefined) {
    if (!isObject(raw.models))
      fail('models', 'an object of models by name, e.g. { sentiment: { inputs: [...] } }', raw.models);
    else {
      for (const [name, value] of Object.entries(raw.models)) {
        const at = `models.${name}`;
        if (!isObject(value)) {
          fail(
            at,
            'an object like { inputs: ["src/model/**", "data/**"], tests: ["tests/test_model.py"] }',
            value,
          );
          continue;
        }
        checkKeys(value, MODEL_KEYS, `${at}.`);
        const m = value as Partial<ModelConfig>;
        const inputs = stringArray(m.inputs, `${at}.inputs`, { nonEmpty: true });
        if (m.inputs === undefined)
          errors.push(
            `${ctx.file}: ${at}.inputs: missing; give globs of the model's code, data, weights and configs`,
          );
        const tests = stringArray(m.tests, `${at}.tests`) ?? [];
        if (inputs) models.push({ name, inputs, tests });
      }
    }
  }

  const always = [...DEFAULT_ALWAYS, ...(stringArray(raw.always, 'always') ?? [])];

  const stages: Record<Stage, Tier[]> = { ...DEFAULT_STAGES };
  if (raw.stages !== undefined) {
    if (!isObject(raw.stages)) fail('stages', `an object like { "pre-commit": ["fast"] }`, raw.stages);
    else {
      checkKeys(raw.stages, STAGES, 'stages.');
      for (const [stage, tiers] of Object.entries(raw.stages)) {
        if (!STAGES.includes(stage as Stage)) continue;
        if (!Array.isArray(tiers) || tiers.some((t) => !TIERS.includes(t as Tier))) {
          fail(`stages.${stage}`, 'an array of tiers from "fast", "slow"', tiers);
        } else stages[stage as Stage] = [...new Set(tiers as Tier[])];
      }
    }
  }

  if (raw.conventions !== undefined && typeof raw.conventions !== 'boolean')
    fail('conventions', 'true or false', raw.conventions);
  let concurrency: number | null = null;
  if (raw.concurrency !== undefined) {
    if (typeof raw.concurrency !== 'number' || !Number.isInteger(raw.concurrency) || raw.concurrency < 1) {
      fail('concurrency', 'a whole number of at least 1', raw.concurrency);
    } else concurrency = raw.concurrency;
  }

  if (errors.length > 0) return { config: null, errors, warnings };
  return {
    config: { groups, models, always, stages, conventions: raw.conventions !== false, concurrency },
    errors,
    warnings,
  };
};
