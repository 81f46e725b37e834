import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validateConfig.js';
import { planRun } from '../../src/run/plan.js';
import type { Selection, Stage } from '../../src/types.js';

const configOf = (raw: object) => validateConfig(raw, { file: 'cfg', jsRunner: 'node' }).config!;

const selection: Selection = {
  checks: [],
  everything: false,
  notes: [],
  tests: [
    { path: 'tests/test_model.py', group: 'pytest', tier: 'mixed', reasons: ['changed'] },
    { path: '-dash/test_x.py', group: 'pytest', tier: 'mixed', reasons: ['changed'] },
    { path: 'test/a.test.ts', group: 'vitest', tier: 'fast', reasons: ['changed'] },
    { path: 'test/b.slow.test.ts', group: 'vitest', tier: 'slow', reasons: ['changed'] },
    { path: 'checks/m.py', group: 'models', tier: 'mixed', reasons: ['changed'] },
  ],
};

const config = configOf({
  tests: [
    {
      runner: 'pytest',
      include: ['**/test_*.py'],
      slow: { marker: 'slow' },
      timeout: { fast: 10, slow: 100 },
    },
    { runner: 'vitest', include: ['test/**/*.test.ts'], slow: { include: ['test/**/*.slow.test.ts'] } },
    {
      name: 'models',
      runner: 'command',
      command: ['python', 'checks/run.py', '--fast'],
      include: ['checks/*.py'],
      slow: { command: ['python', 'checks/run.py', '--slow'] },
      cwd: 'checks',
    },
  ],
});

const plan = (stage: Stage, tiers?: ('fast' | 'slow')[]) =>
  planRun({ selection, config, stage, root: '/repo', tiers, program: (group) => [`/bin/${group.runner}`] });

describe('planRun', () => {
  it('on commit runs the fast tier only', () => {
    const { commands, tiers } = plan('pre-commit');
    expect(tiers).toEqual(['fast']);
    expect(commands.map((c) => [c.id, c.argv, c.cwd, c.timeoutMs])).toEqual([
      [
        'pytest:fast',
        ['/bin/pytest', '-m', 'not slow', 'tests/test_model.py', './-dash/test_x.py'],
        '/repo',
        10_000,
      ],
      ['vitest:fast', ['/bin/vitest', 'run', 'test/a.test.ts'], '/repo', 300_000],
      ['models:fast', ['python', 'checks/run.py', '--fast', 'm.py'], '/repo/checks', 300_000],
    ]);
    expect(commands[0]?.passCodes).toEqual([5]);
  });

  it('on push runs both tiers, slow ones with their own command', () => {
    const { commands } = plan('pre-push');
    expect(commands.map((c) => [c.id, c.argv])).toEqual([
      ['pytest:fast+slow', ['/bin/pytest', 'tests/test_model.py', './-dash/test_x.py']],
      ['vitest:fast+slow', ['/bin/vitest', 'run', 'test/a.test.ts', 'test/b.slow.test.ts']],
      ['models:fast', ['python', 'checks/run.py', '--fast', 'm.py']],
      ['models:slow', ['python', 'checks/run.py', '--slow', 'm.py']],
    ]);
    expect(commands[0]?.timeoutMs).toBe(100_000);
  });

  it('runs only the slow tier when asked', () => {
    expect(plan('ci', ['slow']).commands.map((c) => c.argv)).toEqual([
      ['/bin/pytest', '-m', 'slow', 'tests/test_model.py', './-dash/test_x.py'],
      ['/bin/vitest', 'run', 'test/b.slow.test.ts'],
      ['python', 'checks/run.py', '--slow', 'm.py'],
    ]);
  });

  it('plans nothing for a stage with no tiers or groups with no selected tests', () => {
    expect(
      planRun({
        selection,
        config: { ...config, stages: { ...config.stages, 'pre-commit': [] } },
        stage: 'pre-commit',
        root: '/r',
        program: () => ['x'],
      }).commands,
    ).toEqual([]);
    expect(
      planRun({
        selection: { ...selection, tests: [] },
        config,
        stage: 'pre-push',
        root: '/r',
        program: () => ['x'],
      }).commands,
    ).toEqual([]);
  });

  it("excludes by name the group's other test files a vitest file argument would also match", () => {
    let asked = 0;
    const projectFiles = () => {
      asked++;
      return [
        'test/a.test.ts',
        'test/b.slow.test.ts',
        'latest/a.test.ts',
        'TEST/A.test.ts',
        'test/a.test.tsx',
        'w[e]ird (1)/test/a.test.ts',
        'test/data.test.ts',
        'src/a.ts',
      ];
    };
    const argvOf = (stage: Stage) =>
      planRun({ selection, config, stage, root: '/repo', program: (g) => [`/bin/${g.runner}`], projectFiles })
        .commands.filter((c) => c.group === 'vitest')
        .map((c) => c.argv);
    const excluded = [
      ...['--exclude', 'latest/a.test.ts', '--exclude', 'TEST/A.test.ts', '--exclude', 'test/a.test.tsx'],
      ...['--exclude', 'w\\[e\\]ird \\(1\\)/test/a.test.ts'],
    ];
    expect(argvOf('pre-commit')).toEqual([['/bin/vitest', 'run', ...excluded, 'test/a.test.ts']]);
    // On push the slow file runs too; nothing contains its path.
    expect(argvOf('pre-push')).toEqual([
      ['/bin/vitest', 'run', ...excluded, 'test/a.test.ts', 'test/b.slow.test.ts'],
    ]);
    // pytest takes paths as paths: the other files are never listed for it.
    asked = 0;
    planRun({
      selection: { ...selection, tests: selection.tests.filter((t) => t.group !== 'vitest') },
      config,
      stage: 'pre-commit',
      root: '/repo',
      program: () => ['x'],
      projectFiles,
    });
    expect(asked).toBe(0);
  });

  it("vitest in a group folder: the folder's files that an argument matches, relative to it", () => {
    const web = configOf({ tests: [{ runner: 'vitest', cwd: 'web', include: ['web/test/**'] }] });
    const [command] = planRun({
      selection: {
        ...selection,
        tests: [{ path: 'web/test/a.test.ts', group: 'vitest', tier: 'fast', reasons: ['changed'] }],
      },
      config: web,
      stage: 'pre-commit',
      root: '/repo',
      program: () => ['/bin/vitest'],
      projectFiles: () => ['web/test/a.test.ts', 'web/latest/A.test.ts', 'other/test/a.test.ts', 'a.test.ts'],
    }).commands;
    expect(command?.cwd).toBe('/repo/web');
    expect(command?.argv).toEqual(['/bin/vitest', 'run', '--exclude', 'latest/A.test.ts', 'test/a.test.ts']);
  });

  it('uses jest --runTestsByPath and node --test', () => {
    const js = configOf({
      tests: [
        { runner: 'jest', include: ['a/**'] },
        { runner: 'node', include: ['b/**'], args: ['--test-reporter=spec'] },
      ],
    });
    const sel: Selection = {
      checks: [],
      everything: false,
      notes: [],
      tests: [
        { path: 'a/x.test.js', group: 'jest', tier: 'fast', reasons: [] },
        { path: 'b/y.test.mjs', group: 'node', tier: 'fast', reasons: [] },
      ],
    };
    expect(
      planRun({
        selection: sel,
        config: js,
        stage: 'pre-commit',
        root: '/r',
        program: (g) => [g.runner],
      }).commands.map((c) => c.argv),
    ).toEqual([
      ['jest', '--runTestsByPath', 'a/x.test.js'],
      ['node', '--test', '--test-reporter=spec', 'b/y.test.mjs'],
    ]);
  });
});
