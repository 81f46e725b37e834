import { describe, expect, it } from 'vitest';
import { DEFAULT_ALWAYS } from '../../src/config/defaults.js';
import { type ValidationContext, validateConfig } from '../../src/config/validateConfig.js';

const ctx: ValidationContext = { file: 'mlhooks.config.mjs', jsRunner: 'vitest' };
const errorsOf = (raw: unknown) => validateConfig(raw, ctx).errors;

describe('validateConfig', () => {
  it('gives pytest and the detected JS runner when no tests are configured', () => {
    const { config, errors } = validateConfig({}, ctx);
    expect(errors).toEqual([]);
    expect(config?.groups.map((g) => [g.name, g.runner, g.slow.marker, g.slow.include])).toEqual([
      ['pytest', 'pytest', 'slow', []],
      ['vitest', 'vitest', null, ['**/*.slow.{test,spec}.*']],
    ]);
    expect(config?.stages).toEqual({
      'pre-commit': ['fast'],
      'pre-push': ['fast', 'slow'],
      'pre-merge-commit': ['fast', 'slow'],
      ci: ['fast', 'slow'],
    });
    expect(config?.concurrency).toBe(null);
    expect(config?.always).toEqual(DEFAULT_ALWAYS);
  });

  it('resolves a full config', () => {
    const { config, errors } = validateConfig(
      {
        tests: [
          {
            runner: 'pytest',
            include: ['tests/**/test_*.py'],
            slow: { marker: 'integration' },
            timeout: { fast: 20 },
            command: 'python -m pytest',
          },
          {
            name: 'unit',
            runner: 'command',
            command: ['python', '-m', 'unittest'],
            include: ['t/*.py'],
            cwd: 'sub/',
            env: { A: '1' },
          },
        ],
        models: { sentiment: { inputs: ['data/**'], tests: ['tests/test_sentiment.py'] } },
        always: ['requirements*.txt'],
        stages: { 'pre-commit': ['fast', 'slow'] },
        conventions: false,
        concurrency: 2,
      },
      ctx,
    );
    expect(errors).toEqual([]);
    const [pytest, unit] = config!.groups;
    expect(pytest?.command).toEqual(['python', '-m', 'pytest']);
    expect(pytest?.timeoutMs).toEqual({ fast: 20_000, slow: 1_800_000 });
    expect(unit?.cwd).toBe('sub');
    expect(unit?.env).toEqual({ A: '1' });
    expect(config?.models).toEqual([
      {
        name: 'sentiment',
        inputs: ['data/**'],
        tests: ['tests/test_sentiment.py'],
        checks: null,
        artifact: null,
        timeoutMs: { fast: 300_000, slow: 1_800_000 },
        checkFiles: [],
      },
    ]);
    expect(config?.always.at(-1)).toBe('requirements*.txt');
    expect(config?.stages['pre-commit']).toEqual(['fast', 'slow']);
    expect(config?.conventions).toBe(false);
  });

  it('names the file, the field, what was expected and what was found', () => {
    expect(errorsOf({ tests: [{ runner: 'pytes', include: ['x'] }] })).toEqual([
      'mlhooks.config.mjs: tests[0].runner: expected one of pytest, vitest, jest, node, command, found the string "pytes" (did you mean "pytest"?)',
    ]);
    expect(errorsOf({ tests: [{ runner: 'vitest', include: 'test/**' }] })[0]).toBe(
      'mlhooks.config.mjs: tests[0].include: expected an array of non-empty strings, found the string "test/**"',
    );
    expect(errorsOf({ concurrency: 0 })[0]).toBe(
      'mlhooks.config.mjs: concurrency: expected a whole number of at least 1, found number 0',
    );
    expect(errorsOf({ stages: { 'pre-push': ['fats'] } })[0]).toMatch(
      /stages\.pre-push: expected an array of tiers/,
    );
  });

  it('refuses unknown fields with a suggestion', () => {
    expect(errorsOf({ test: [] })[0]).toMatch(
      /^mlhooks.config.mjs: test: unknown field \(did you mean "tests"\?\)/,
    );
    expect(errorsOf({ tests: [{ runner: 'pytest', include: ['x'], slwo: {} }] })[0]).toMatch(
      /tests\[0\]\.slwo: unknown field \(did you mean "slow"\?\)/,
    );
  });

  it('checks each field of a group and a model', () => {
    const errors = errorsOf({
      tests: [
        { runner: 'command', include: [] },
        { runner: 'vitest', include: ['a'], slow: { marker: 'slow' } },
        { runner: 'pytest', include: ['a'], slow: { marker: 'slow', include: ['b'] }, timeout: -1 },
      ],
      models: { m: { tests: ['t'] }, n: 'data/**' },
    });
    expect(errors).toEqual([
      'mlhooks.config.mjs: tests[0].command: runner "command" needs a command, e.g. command: ["python", "-m", "unittest"]',
      'mlhooks.config.mjs: tests[0].include: expected at least one glob, found an array ([])',
      'mlhooks.config.mjs: tests[1].slow.marker: markers are a pytest feature; for vitest use slow.include (a glob of slow test files) or slow.command',
      'mlhooks.config.mjs: tests[2].slow: give exactly one of marker, include or command; found marker and include',
      'mlhooks.config.mjs: tests[2].timeout: expected a number of seconds greater than 0, found number -1',
      "mlhooks.config.mjs: models.m.inputs: missing; give globs of the model's code, data, weights and configs",
      'mlhooks.config.mjs: models.n: expected an object like { inputs: ["src/model/**", "data/**"], tests: ["tests/test_model.py"] }, found the string "data/**"',
    ]);
  });

  it('refuses globs and directories outside the project', () => {
    expect(errorsOf({ always: ['../shared/x'] })[0]).toMatch(
      /always: "\.\.\/shared\/x" points outside the project/,
    );
    expect(errorsOf({ tests: [{ runner: 'pytest', include: ['/etc/**'] }] })[0]).toMatch(
      /points outside the project/,
    );
    expect(errorsOf({ tests: [{ runner: 'pytest', include: ['a'], cwd: '../x' }] })[0]).toMatch(
      /tests\[0\]\.cwd: expected a directory inside the project/,
    );
  });

  it('refuses a non-object config and two groups with one name', () => {
    expect(errorsOf([])[0]).toMatch(/\(top level\): expected an object/);
    expect(
      errorsOf({
        tests: [
          { runner: 'pytest', include: ['a'] },
          { runner: 'pytest', include: ['b'] },
        ],
      }),
    ).toEqual(['mlhooks.config.mjs: tests: two groups are named "pytest"; give each a distinct name']);
  });

  it('warns that a command string is not run by a shell', () => {
    const { warnings, errors } = validateConfig(
      { tests: [{ runner: 'command', command: 'make test | tee log', include: ['a'] }] },
      ctx,
    );
    expect(errors).toEqual([]);
    expect(warnings[0]).toMatch(/split on spaces and run without a shell/);
  });
});

describe('model checks in the config', () => {
  it('resolves a check module and an artifact, with the files they read', () => {
    const { config, errors } = validateConfig(
      {
        models: {
          nli: {
            inputs: ['src/nli/**'],
            checks: 'checks/nli.check.mjs',
            artifact: {
              path: 'models/nli/model.json',
              labels: ['contradiction', 'entailment', 'neutral'],
              examples: [{ input: 'checks/examples/entails.json', label: 'entailment' }],
              expectOutputs: [{ input: [[0.1, 0.2]], output: 'entailment', atLeast: 0.9 }],
              server: {
                command: ['python', 'serve.py', '--port', '{port}'],
                examples: [{ body: { text: 'x' } }],
              },
            },
            timeout: { slow: 600 },
          },
        },
      },
      ctx,
    );
    expect(errors).toEqual([]);
    const [nli] = config!.models;
    expect(nli?.checks).toBe('checks/nli.check.mjs');
    expect(nli?.artifact?.labels).toEqual(['contradiction', 'entailment', 'neutral']);
    expect(nli?.timeoutMs).toEqual({ fast: 300_000, slow: 600_000 });
    expect(nli?.checkFiles).toEqual([
      'checks/nli.check.mjs',
      'models/nli/**',
      'checks/examples/entails.json',
    ]);
  });

  it('names each wrong field of an artifact', () => {
    expect(
      errorsOf({
        models: {
          m: {
            inputs: ['src/**'],
            checks: 'checks/m.py',
            artifact: {
              path: '../elsewhere/model.json',
              labels: ['a', 'b', 'a'],
              examples: [
                { input: 'x.json', label: 'c' },
                { input: {}, label: 1.5 },
              ],
              expectOutputs: [{ input: [1], output: 'a' }],
              server: { command: [], examples: [] },
            },
          },
        },
      }),
    ).toEqual([
      'mlhooks.config.mjs: models.m.checks: "checks/m.py" should be a check module named *.check.mjs (or .js, .ts) that exports defineChecks({ fast, slow })',
      'mlhooks.config.mjs: models.m.artifact.path: "../elsewhere/model.json" points outside the project; paths are relative to the project root',
      'mlhooks.config.mjs: models.m.artifact.labels: a label appears twice',
      'mlhooks.config.mjs: models.m.artifact.examples[0].label: "c" is not one of labels (a, b, a)',
      'mlhooks.config.mjs: models.m.artifact.examples[1].input: expected a JSON file of numbers (relative to the project root) or the numbers, found an object',
      'mlhooks.config.mjs: models.m.artifact.examples[1].label: expected a label name or a class index, found number 1.5',
      'mlhooks.config.mjs: models.m.artifact.expectOutputs[0]: give atLeast, atMost or top',
      'mlhooks.config.mjs: models.m.artifact.server.command: expected a command as an array of strings, e.g. ["python", "-m", "pytest"], found an array ([])',
      'mlhooks.config.mjs: models.m.artifact.server.examples: expected a non-empty array of { body, expect? }, found an array ([])',
    ]);
  });
});
