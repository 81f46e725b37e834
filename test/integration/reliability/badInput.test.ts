import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { cleanEnv, git, makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';

// Bad input gets a clear error and a non-zero exit: never a stack trace, never a silent pass.
// (Missing or corrupt model files and LFS pointers: test/integration/checks and test/unit/checks.)

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
const track = (r: TempRepo) => {
  cleanups.push(() => r.cleanup());
  return r;
};

const STACK = /\n\s+at .*:\d+:\d+/;
const PASSING = ['node', '-e', 'console.log(process.argv.length - 1 + " passed")'];
const GROUP = { runner: 'command', command: PASSING, include: ['t/**'] };

/** A repo whose staged change selects a test, so a config problem cannot hide behind "nothing to do". */
const withConfig = (config: string) => {
  const r = track(makeRepo({ 't/a.txt': 'a\n' }));
  writeFileSync(join(r.root, 'mlhooks.config.json'), config);
  r.write({ 't/a.txt': 'b\n' });
  r.git(['add', '-A']);
  return r;
};

describe('a malformed config: exit 2, naming the file and the field', () => {
  const g = (extra: Record<string, unknown>) => ({ tests: [{ ...GROUP, ...extra }] });
  const cases: [string, unknown][] = [
    ['(top level)', []],
    ['tset', { tset: [] }],
    ['tests', { tests: {} }],
    ['tests[0]', { tests: ['pytest'] }],
    ['tests[0].runner', g({ runner: 'pytset' })],
    ['tests[0].runner', g({ runner: undefined })],
    ['tests[0].command', g({ command: 42 })],
    ['tests[0].command', g({ command: [] })],
    ['tests[0].include', g({ include: undefined })],
    ['tests[0].include', g({ include: [] })],
    ['tests[0].include', g({ include: [1] })],
    ['tests[0].exclude', g({ exclude: 't/**' })],
    ['tests[0].args', g({ args: '--verbose' })],
    ['tests[0].name', g({ name: '' })],
    ['tests[0].slow', g({ slow: 'slow' })],
    ['tests[0].slow', g({ slow: { marker: 'slow', include: ['x'] } })],
    ['tests[0].slow.marker', g({ runner: 'pytest', slow: { marker: 'not valid' } })],
    ['tests[0].slow.include', g({ slow: { include: [] } })],
    ['tests[0].slow.command', g({ slow: { command: 7 } })],
    ['tests[0].timeout', g({ timeout: -1 })],
    ['tests[0].timeout.fast', g({ timeout: { fast: 'soon' } })],
    ['tests[0].timeout.medium', g({ timeout: { medium: 3 } })],
    ['tests[0].cwd', g({ cwd: '../x' })],
    ['tests[0].env', g({ env: { A: 1 } })],
    ['tests[0].colour', g({ colour: true })],
    ['models', { models: [] }],
    ['models.m', { models: { m: 'src/**' } }],
    ['models.m.inputs', { models: { m: {} } }],
    ['models.m.tests', { models: { m: { inputs: ['src/**'], tests: 'x' } } }],
    ['always', { always: 'requirements.txt' }],
    ['stages', { stages: ['fast'] }],
    ['stages.pre-commit', { stages: { 'pre-commit': ['medium'] } }],
    ['stages.post-commit', { stages: { 'post-commit': ['fast'] } }],
    ['conventions', { conventions: 'yes' }],
    ['concurrency', { concurrency: 0 }],
  ];
  for (const [field, config] of cases)
    it(`${field}: ${JSON.stringify(config).slice(0, 70)}`, async () => {
      const r = withConfig(JSON.stringify(config));
      const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
      expect(result.exitCode, result.all).toBe(2);
      const escaped = field.replace(/[.[\]()]/g, '\\$&');
      expect(result.stderr).toMatch(new RegExp(`mlhooks\\.config\\.json: ${escaped}: `));
      expect(result.stderr).not.toMatch(STACK);
    });

  it('a config file that is not JSON: exit 2 with the file', async () => {
    const r = withConfig('{ "tests": [ ');
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/mlhooks\.config\.json/);
    expect(result.stderr).not.toMatch(STACK);
  });
});

describe('runners', () => {
  it('an unknown runner: exit 2 with the runners there are', async () => {
    const r = withConfig(JSON.stringify({ tests: [{ ...GROUP, runner: 'mocha' }] }));
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/tests\[0\]\.runner: expected one of pytest, vitest, jest, node, command/);
    expect(result.stderr).not.toMatch(STACK);
  });

  it('a runner that is not installed: exit 3 with how to install it', async () => {
    const r = withConfig(JSON.stringify({ tests: [{ runner: 'vitest', include: ['t/**'] }] }));
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { PATH: '/usr/bin:/bin' } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(
      /vitest is needed by test group "vitest" but was not found in node_modules\/\.bin or on PATH/,
    );
    expect(result.stderr).not.toMatch(STACK);
  });
});

describe('repositories git cannot give us what we need from', () => {
  it('not a git repository: exit 3, for run and for restore', async () => {
    const dir = tempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const args of [['run', 'pre-commit'], ['restore']]) {
      const result = await runCli(args, { cwd: dir });
      expect(result.exitCode, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(/is not inside a git repository/);
      expect(result.stderr).not.toMatch(STACK);
    }
  });

  it('a bare repository: exit 3, for run and for restore', async () => {
    const r = track(makeRepo(undefined, { bare: true }));
    for (const args of [['run', 'pre-commit'], ['restore']]) {
      const result = await runCli(args, { cwd: r.root });
      expect(result.exitCode, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(/not inside a work tree/);
      expect(result.stderr).not.toMatch(STACK);
    }
  });

  it('no commits yet: pre-commit tests the staged files; a range needs a commit (exit 2)', async () => {
    const r = track(makeRepo());
    r.write({ 'mlhooks.config.json': JSON.stringify({ tests: [GROUP] }), 't/a.txt': 'a\n' });
    r.git(['add', '-A']);
    r.write({ 't/a.txt': 'a\nunstaged\n' });
    const commit = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(commit.stderr).toMatch(/✔ command fast · 1 file/);
    const ci = await runCli(['ci', '--base', 'main'], { cwd: r.root });
    expect(ci.exitCode).toBe(2);
    expect(ci.stderr).toMatch(/"main" is not a commit in this repository/);
    expect(ci.stderr).not.toMatch(STACK);
  });

  it('a detached HEAD: pre-commit, a range and a push of HEAD all work', async () => {
    const r = track(
      makeRepo({ 'mlhooks.config.json': JSON.stringify({ tests: [GROUP] }), 't/a.txt': 'a\n' }),
    );
    r.commit('second', { 't/b.txt': 'b\n' });
    r.git(['checkout', '-q', '--detach', 'HEAD']);
    r.write({ 't/a.txt': 'a, detached\n' });
    r.git(['add', '-A']);
    expect((await runCli(['run', 'pre-commit'], { cwd: r.root })).exitCode).toBe(0);
    r.git(['commit', '-q', '--no-verify', '-m', 'detached']);
    const range = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(range.exitCode, range.all).toBe(0);
    expect(range.stderr).toMatch(/1 changed file/);
    const head = r.git(['rev-parse', 'HEAD']).trim();
    const zero = '0'.repeat(40);
    const push = await runCli(['run', 'pre-push'], {
      cwd: r.root,
      input: `HEAD ${head} refs/heads/from-detached ${zero}\n`,
    });
    expect(push.exitCode, push.all).toBe(0);
    expect(push.stderr).toMatch(/no commit of it is on a remote yet, checking all of it/);
  });

  it('an empty push: says nothing is being pushed, exit 0', async () => {
    const r = track(
      makeRepo({ 'mlhooks.config.json': JSON.stringify({ tests: [GROUP] }), 't/a.txt': 'a\n' }),
    );
    const result = await runCli(['run', 'pre-push'], { cwd: r.root, input: '' });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/nothing is being pushed/);
  });

  it('pre-push input that is not what git writes: exit 2', async () => {
    const r = track(makeRepo({ 't/a.txt': 'a\n' }));
    const result = await runCli(['run', 'pre-push'], { cwd: r.root, input: 'main HEAD\n' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/pre-push input line 1/);
    expect(result.stderr).not.toMatch(STACK);
  });
});

describe('a shallow clone without the merge base', () => {
  // origin: five commits, then main and feature diverge by three each.
  const shallowClone = () => {
    const origin = track(
      makeRepo({ 'mlhooks.config.json': JSON.stringify({ tests: [GROUP] }), 't/base.txt': '0\n' }),
    );
    for (let i = 1; i < 5; i++) origin.commit(`base ${i}`, { 't/base.txt': `${i}\n` });
    origin.git(['checkout', '-q', '-b', 'feature']);
    for (let i = 1; i <= 3; i++) origin.commit(`feature ${i}`, { [`t/f${i}.txt`]: `f${i}\n` });
    origin.git(['checkout', '-q', 'main']);
    for (let i = 1; i <= 3; i++) origin.commit(`main ${i}`, { [`t/m${i}.txt`]: `m${i}\n` });
    const parent = tempDir();
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const clone = join(parent, 'clone');
    const env = cleanEnv();
    execFileSync(
      'git',
      ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.root}`, clone],
      { env },
    );
    execFileSync('git', ['fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main'], {
      cwd: clone,
      env,
    });
    expect(git(clone, ['rev-parse', '--is-shallow-repository']).trim()).toBe('true');
    return clone;
  };

  it('ci --base: compares the two directly, checks more, and says so', async () => {
    const clone = shallowClone();
    const result = await runCli(['ci', '--base', 'origin/main'], { cwd: clone });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(
      /this clone is shallow and lacks the commit HEAD forked from origin\/main: comparing the two directly, which checks more/,
    );
    expect(result.stderr).toMatch(/git fetch --unshallow/);
    // The feature's three files, and main's three counted too: more, never fewer.
    expect(result.stderr).toMatch(/6 changed files/);
    expect(result.stderr).toMatch(/✔ command fast · 3 files/);
  });

  it('pre-push of a branch no remote-tracking ref knows: checks all of it, and says why', async () => {
    const clone = shallowClone();
    git(clone, ['update-ref', '-d', 'refs/remotes/origin/feature']);
    git(clone, ['update-ref', '-d', 'refs/remotes/origin/main']);
    const head = git(clone, ['rev-parse', 'HEAD']).trim();
    const result = await runCli(['run', 'pre-push'], {
      cwd: clone,
      input: `refs/heads/feature ${head} refs/heads/feature ${'0'.repeat(40)}\n`,
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(
      /this clone is shallow, so which of its commits a remote has cannot be told; checking all of it/,
    );
    expect(result.stderr).not.toMatch(STACK);
  });
});
