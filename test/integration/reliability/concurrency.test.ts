import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, runCli } from '../../helpers/cli.js';
import { cleanEnv, git, makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';
import { startMlhooks, waitForFile, within } from './faultProcess.js';
import { differences, expectedView, RUNNER_CONFIG, snapshot } from './faultRepo.js';

// Other things happening while mlhooks tests the staged content: an editor saving, another
// terminal committing, merges, cherry-picks and rebases in progress, linked worktrees, submodules,
// and the temporary index of `git commit <path>`. Real git, real hooks, the stand-in runner
// (test/fixtures/fault/runner.mjs) recording what it saw.

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const flagsDir = () => {
  const dir = tempDir('mlhooks-flags-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const runnerRepo = (files: Record<string, string> = {}): TempRepo => {
  const r = makeRepo();
  cleanups.push(() => r.cleanup());
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(r.root, 'runner.mjs'));
  r.write({ 'mlhooks.config.json': RUNNER_CONFIG(60), 't/case.txt': 'case 0\n', ...files });
  r.commit('initial');
  return r;
};

/** A pre-commit hook that runs the built CLI, as husky's stub would. */
const installHook = (r: TempRepo) => {
  const hooks = join(r.root, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  writeFileSync(
    join(hooks, 'pre-commit'),
    `#!/bin/sh\nexec "${process.execPath}" "${BIN}" run pre-commit\n`,
    {
      mode: 0o755,
    },
  );
};

const gitWithHooks = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execa('git', args, {
    cwd,
    env: cleanEnv({ NO_COLOR: '1', ...env }),
    extendEnv: false,
    all: true,
    reject: false,
  });

const seen = (flags: string) =>
  JSON.parse(readFileSync(join(flags, 'seen.json'), 'utf8')) as Record<string, string | null>;

describe('while the tests run', () => {
  it('an editor saves files: its new versions stay, the pre-run version is saved, nothing is staged', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n', 'src/b.txt': 'b\n' });
    r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
    r.git(['add', '-A']);
    r.write({ 'src/a.txt': 'a staged\nand unstaged\n' });
    const index = r.git(['ls-files', '-s']);
    const flags = flagsDir();
    const run = startMlhooks(r.root, ['run', 'pre-commit'], {
      FAULT_DIR: flags,
      FAULT_BEHAVIOUR: 'sleep:1500',
    });
    expect(await waitForFile(join(flags, 'started'), 20_000, () => false)).toBe(true);
    // The hidden file, a tracked file nobody hid, and a new one.
    r.write({
      'src/a.txt': 'the editor saved this during the run\n',
      'src/b.txt': 'b, edited during the run\n',
      'notes/new.md': 'new during the run\n',
    });
    const exit = await within(run.exited, 30_000);
    expect(exit?.code, run.output()).toBe(0);
    expect(run.output()).toMatch(
      /src\/a\.txt changed while the tests ran: it holds a file of 37 bytes now, left as it is; your version from before the run is saved at (.*)/,
    );
    const saved = /saved at (\S+)/.exec(run.output())![1]!;
    expect(readFileSync(saved, 'utf8')).toBe('a staged\nand unstaged\n');
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('the editor saved this during the run\n');
    expect(readFileSync(join(r.root, 'src/b.txt'), 'utf8')).toBe('b, edited during the run\n');
    expect(readFileSync(join(r.root, 'notes/new.md'), 'utf8')).toBe('new during the run\n');
    // Nothing the editor wrote was staged behind the user's back (lint-staged would `git add` it).
    expect(r.git(['ls-files', '-s'])).toBe(index);
    expect(existsSync(join(r.root, '.git/mlhooks/envelope'))).toBe(false);
  });

  it('another git process holds index.lock: mlhooks never needs it, and leaves it alone', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n' });
    r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
    r.git(['add', '-A']);
    r.write({ 'src/a.txt': 'a staged\nunstaged\n' });
    const before = snapshot(r.root);
    writeFileSync(join(r.root, '.git/index.lock'), 'held by another git\n');
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { FAULT_DIR: flagsDir() } });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/unstaged changes were hidden while the tests ran, and are back/);
    expect(readFileSync(join(r.root, '.git/index.lock'), 'utf8')).toBe('held by another git\n');
    rmSync(join(r.root, '.git/index.lock'));
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });

  it('a second `git commit` in another terminal: refused while the first hides files, nothing lost', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n' });
    installHook(r);
    r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
    r.git(['add', '-A']);
    r.write({ 'src/a.txt': 'a staged\nunstaged\n' });
    const flags = flagsDir();
    const first = gitWithHooks(r.root, ['commit', '-m', 'first'], {
      FAULT_DIR: flags,
      FAULT_BEHAVIOUR: 'sleep:2000',
    });
    expect(await waitForFile(join(flags, 'started'), 20_000, () => false)).toBe(true);
    const second = await gitWithHooks(r.root, ['commit', '-m', 'second'], { FAULT_DIR: flagsDir() });
    expect(second.exitCode).not.toBe(0);
    expect(second.all).toMatch(
      /another mlhooks run \(pid \d+\) is testing the staged content of this repository/,
    );
    const done = await first;
    expect(done.exitCode, done.all).toBe(0);
    expect(r.git(['log', '--format=%s'])).toBe('first\ninitial\n');
    expect(r.git(['show', 'HEAD:src/a.txt'])).toBe('a staged\n');
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('a staged\nunstaged\n');
  });

  it('the output pipe closes mid-run (git commit | head): the work tree is still put back', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n' });
    r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
    r.git(['add', '-A']);
    r.write({ 'src/a.txt': 'a staged\nunstaged\n' });
    const before = snapshot(r.root);
    const flags = flagsDir();
    const run = startMlhooks(r.root, ['run', 'pre-commit'], { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'fail' });
    run.child.stdout?.destroy();
    run.child.stderr?.destroy();
    const exit = await within(run.exited, 30_000);
    expect(exit).not.toBeNull();
    expect(exit?.code).not.toBe(0);
    expect(existsSync(join(r.root, '.git/mlhooks/envelope'))).toBe(false);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });
});

describe('git states the envelope must not disturb', () => {
  it('a merge in progress: MERGE_HEAD is there while the tests run and the commit is a merge', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n', 'src/b.txt': 'b\n' });
    installHook(r);
    r.git(['checkout', '-q', '-b', 'side']);
    r.commit('side', { 'src/c.txt': 'c\n', 't/case.txt': 'case side\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('main', { 'src/b.txt': 'b2\n' });
    r.git(['merge', '-q', '--no-ff', '--no-commit', 'side']);
    const mergeHead = readFileSync(join(r.root, '.git/MERGE_HEAD'), 'utf8');
    r.write({ 'src/a.txt': 'a, unstaged during the merge\n' });
    const flags = flagsDir();
    const result = await gitWithHooks(r.root, ['commit', '--no-edit'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify(['.git/MERGE_HEAD', 'src/a.txt']),
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(flags)['.git/MERGE_HEAD']).not.toBeNull();
    expect(seen(flags)['src/a.txt']).toBe(expectedView(r.root, ['src/a.txt'])['src/a.txt']);
    expect(r.git(['rev-parse', 'HEAD^2'])).toBe(mergeHead);
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('a, unstaged during the merge\n');
  });

  it('a cherry-pick with a resolved conflict: CHERRY_PICK_HEAD survives, the author is kept', async () => {
    const r = runnerRepo({ 't/case.txt': 'case 0\n', 'src/b.txt': 'b\n' });
    installHook(r);
    r.git(['checkout', '-q', '-b', 'side']);
    r.write({ 't/case.txt': 'case from side\n' });
    r.git(['add', '-A']);
    execFileSync('git', ['commit', '-q', '-m', 'picked'], {
      cwd: r.root,
      env: cleanEnv({ GIT_AUTHOR_NAME: 'Original Author', GIT_AUTHOR_EMAIL: 'original@example.com' }),
    });
    r.git(['checkout', '-q', 'main']);
    r.commit('main', { 't/case.txt': 'case on main\n' });
    expect(() => r.git(['cherry-pick', 'side'])).toThrow();
    r.write({ 't/case.txt': 'case resolved\n' });
    r.git(['add', 't/case.txt']);
    r.write({ 'src/b.txt': 'b, unstaged\n' });
    const flags = flagsDir();
    const result = await gitWithHooks(r.root, ['commit', '--no-edit'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify(['.git/CHERRY_PICK_HEAD', 'src/b.txt']),
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(flags)['.git/CHERRY_PICK_HEAD']).not.toBeNull();
    expect(r.git(['log', '-1', '--format=%an <%ae>'])).toBe('Original Author <original@example.com>\n');
    expect(readFileSync(join(r.root, 'src/b.txt'), 'utf8')).toBe('b, unstaged\n');
  });

  it('a rebase stopped on a conflict: its state is untouched and it continues afterwards', async () => {
    const r = runnerRepo({ 't/case.txt': 'case 0\n', 'src/b.txt': 'b\n' });
    installHook(r);
    r.git(['checkout', '-q', '-b', 'side']);
    r.commit('side', { 't/case.txt': 'case side\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('main change', { 't/case.txt': 'case main\n' });
    expect(() => r.git(['rebase', 'side'])).toThrow();
    const state = ['head-name', 'onto', 'done', 'git-rebase-todo'].map((name) => `.git/rebase-merge/${name}`);
    const stateBefore = Object.fromEntries(
      state.map((path) => [path, readFileSync(join(r.root, path), 'utf8')]),
    );
    r.write({ 't/case.txt': 'case resolved\n' });
    r.git(['add', 't/case.txt']);
    r.write({ 'src/b.txt': 'b, unstaged during the rebase\n' });
    const flags = flagsDir();
    const result = await gitWithHooks(r.root, ['commit', '--no-edit'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify([...state, 'src/b.txt']),
    });
    expect(result.exitCode, result.all).toBe(0);
    const view = expectedView(r.root, state);
    for (const path of state) expect(seen(flags)[path], path).toBe(view[path]);
    for (const path of state) expect(readFileSync(join(r.root, path), 'utf8'), path).toBe(stateBefore[path]);
    expect(readFileSync(join(r.root, 'src/b.txt'), 'utf8')).toBe('b, unstaged during the rebase\n');
    r.git(['checkout', '--', 'src/b.txt']);
    expect((await gitWithHooks(r.root, ['rebase', '--continue'], { GIT_EDITOR: 'true' })).exitCode).toBe(0);
    expect(existsSync(join(r.root, '.git/rebase-merge'))).toBe(false);
  });

  it('a linked worktree: hides and restores in that worktree only', async () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n' });
    installHook(r);
    const wt = join(tempDir('mlhooks-wt-'), 'wt');
    cleanups.push(() => rmSync(join(wt, '..'), { recursive: true, force: true }));
    r.git(['worktree', 'add', '-q', '-b', 'wt', wt]);
    r.write({ 'src/a.txt': 'a, unstaged in the main worktree\n' });
    const mainBefore = snapshot(r.root);
    const write = (path: string, text: string) => writeFileSync(join(wt, path), text);
    write('t/case.txt', 'case in wt\n');
    write('src/a.txt', 'a staged in wt\n');
    git(wt, ['add', '-A']);
    write('src/a.txt', 'a staged in wt\nunstaged in wt\n');
    const flags = flagsDir();
    const result = await gitWithHooks(wt, ['commit', '-m', 'in wt'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify(['src/a.txt']),
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(flags)['src/a.txt']).toBe(expectedView(wt, ['src/a.txt'])['src/a.txt']);
    expect(git(wt, ['show', 'HEAD:src/a.txt'])).toBe('a staged in wt\n');
    expect(readFileSync(join(wt, 'src/a.txt'), 'utf8')).toBe('a staged in wt\nunstaged in wt\n');
    // Only the worktree's branch moved.
    expect(differences(mainBefore, snapshot(r.root))).toEqual(['refs differs']);
    expect(r.git(['rev-parse', 'main'])).toBe(r.git(['rev-parse', 'HEAD']));
  });

  it('a submodule with its own changes: left as it is (and said), the rest hidden and restored', async () => {
    const sub = runnerRepo({ 'lib.txt': 'lib 1\n' });
    sub.commit('lib 2', { 'lib.txt': 'lib 2\n' });
    const r = runnerRepo({ 'src/a.txt': 'a\n' });
    r.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.root, 'sub']);
    r.commit('add submodule');
    // The submodule checked out at another commit, with a dirty file, both unstaged.
    git(join(r.root, 'sub'), ['checkout', '-q', 'HEAD~1']);
    writeFileSync(join(r.root, 'sub', 'lib.txt'), 'lib, dirty\n');
    r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
    r.git(['add', 't/case.txt', 'src/a.txt']);
    r.write({ 'src/a.txt': 'a staged\nunstaged\n' });
    const before = snapshot(r.root);
    const subBefore = snapshot(join(r.root, 'sub'), join(r.root, '.git/modules/sub'));
    const flags = flagsDir();
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { FAULT_DIR: flags, FAULT_PATHS: JSON.stringify(['src/a.txt', 'sub/lib.txt']) },
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/submodule sub: not hidden, the tests see its checked-out commit/);
    expect(seen(flags)['src/a.txt']).toBe(expectedView(r.root, ['src/a.txt'])['src/a.txt']);
    expect(differences(before, snapshot(r.root))).toEqual([]);
    expect(differences(subBefore, snapshot(join(r.root, 'sub'), join(r.root, '.git/modules/sub')))).toEqual(
      [],
    );
  });
});

describe('a temporary index (GIT_INDEX_FILE)', () => {
  const threeFiles = () => {
    const r = runnerRepo({ 'src/a.txt': 'a\n', 'src/b.txt': 'b\n', 'src/c.txt': 'c\n' });
    installHook(r);
    return r;
  };
  const paths = ['t/case.txt', 'src/a.txt', 'src/b.txt', 'src/c.txt'];

  it('`git commit <path>`: the tests see HEAD plus that path, the real index keeps what else was staged', async () => {
    const r = threeFiles();
    r.write({ 'src/b.txt': 'b staged\n' });
    r.git(['add', 'src/b.txt']);
    r.write({
      't/case.txt': 'case committed by path\n',
      'src/b.txt': 'b staged\nunstaged\n',
      'src/c.txt': 'c unstaged\n',
    });
    const flags = flagsDir();
    const result = await gitWithHooks(r.root, ['commit', '-m', 'by path', '--', 't/case.txt'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify(paths),
    });
    expect(result.exitCode, result.all).toBe(0);
    const file = (text: string) =>
      `${(0o666 & ~process.umask()).toString(8)}:${createHash('sha256').update(text).digest('hex')}`;
    expect(seen(flags)).toEqual({
      't/case.txt': file('case committed by path\n'),
      'src/a.txt': file('a\n'),
      'src/b.txt': file('b\n'),
      'src/c.txt': file('c\n'),
    });
    expect(r.git(['show', '--name-only', '--format=', 'HEAD'])).toBe('t/case.txt\n');
    expect(r.git(['diff', '--cached', '--name-only'])).toBe('src/b.txt\n');
    expect(readFileSync(join(r.root, 'src/b.txt'), 'utf8')).toBe('b staged\nunstaged\n');
    expect(readFileSync(join(r.root, 'src/c.txt'), 'utf8')).toBe('c unstaged\n');
  });

  it('`git commit -a`: everything tracked is what gets committed and tested; untracked files stay', async () => {
    const r = threeFiles();
    r.write({ 't/case.txt': 'case -a\n', 'src/a.txt': 'a for -a\n', 'notes.md': 'untracked\n' });
    const flags = flagsDir();
    const result = await gitWithHooks(r.root, ['commit', '-a', '-m', 'all'], {
      FAULT_DIR: flags,
      FAULT_PATHS: JSON.stringify([...paths, 'notes.md']),
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(flags)).toEqual(expectedView(r.root, [...paths, 'notes.md']));
    expect(r.git(['show', 'HEAD:src/a.txt'])).toBe('a for -a\n');
    expect(readFileSync(join(r.root, 'notes.md'), 'utf8')).toBe('untracked\n');
  });

  it('GIT_INDEX_FILE set by hand: that index is what the tests see; .git/index is not touched', async () => {
    const r = threeFiles();
    r.write({ 't/case.txt': 'case from the other index\n', 'src/a.txt': 'a in the work tree\n' });
    const other = join(r.root, '.git', 'other-index');
    const env = cleanEnv({ GIT_INDEX_FILE: other });
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: r.root, env });
    execFileSync('git', ['add', 't/case.txt'], { cwd: r.root, env });
    const index = readFileSync(join(r.root, '.git/index'));
    const before = snapshot(r.root);
    const flags = flagsDir();
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { GIT_INDEX_FILE: other, FAULT_DIR: flags, FAULT_PATHS: JSON.stringify(paths) },
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(flags)['src/a.txt']).toBe(expectedView(r.root, ['src/a.txt'])['src/a.txt']);
    expect(readFileSync(join(r.root, '.git/index')).equals(index)).toBe(true);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });
});
