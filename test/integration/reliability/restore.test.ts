import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../../helpers/cli.js';
import { makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';
import { killAll, processesWithEnv, startMlhooks, waitForFile, within } from './faultProcess.js';
import { differences, RUNNER_CONFIG, snapshot } from './faultRepo.js';

// `mlhooks restore` on its own terms: nothing to do, run twice, while the run is still going,
// after the user went on editing, and next to lint-staged's own leftovers.

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const setup = () => {
  const r = makeRepo();
  const flags = join(tempDir('mlhooks-flags-'), 'f');
  mkdirSync(flags);
  cleanups.push(() => {
    killAll(processesWithEnv('FAULT_DIR', flags));
    r.cleanup();
    rmSync(join(flags, '..'), { recursive: true, force: true });
  });
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(r.root, 'runner.mjs'));
  r.write({
    'mlhooks.config.json': RUNNER_CONFIG(60),
    't/case.txt': 'case 0\n',
    'src/a.txt': 'a\n',
    'src/b.txt': 'b\n',
  });
  r.commit('initial');
  r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
  r.git(['add', '-A']);
  r.write({ 'src/a.txt': 'a staged\nunstaged\n', 'src/b.txt': 'b unstaged\n' });
  return { r, flags };
};

/** Starts a run whose test hangs, and waits until the unstaged changes are hidden. */
const hiddenRun = async (r: TempRepo, flags: string) => {
  const run = startMlhooks(r.root, ['run', 'pre-commit'], { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'hang' });
  expect(await waitForFile(join(flags, 'started'), 20_000, () => false)).toBe(true);
  expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('a staged\n');
  return run;
};

describe('mlhooks restore', () => {
  it('with nothing left: says so, exit 0, changes nothing', async () => {
    const { r } = setup();
    const before = snapshot(r.root);
    const result = await runCli(['restore'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✔ nothing to restore: no interrupted mlhooks run in /);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });

  it('while the run is still going (another terminal): refuses and touches nothing', async () => {
    const { r, flags } = setup();
    const run = await hiddenRun(r, flags);
    const hidden = snapshot(r.root);
    const result = await runCli(['restore'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/another mlhooks run \(pid \d+\) is testing the staged content/);
    expect(differences(hidden, snapshot(r.root))).toEqual([]);
    process.kill(run.child.pid!, 'SIGINT');
    expect((await within(run.exited, 15_000))?.code).toBe(130);
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('a staged\nunstaged\n');
  });

  it('after the user went on editing a hidden file: keeps the edit, saves the old version, exit 1', async () => {
    const { r, flags } = setup();
    const run = await hiddenRun(r, flags);
    process.kill(run.child.pid!, 'SIGKILL');
    await run.exited;
    // doctor does not say "all good" over hidden work: it names it and the fix.
    const doctor = await runCli(['doctor'], { cwd: r.root });
    expect(doctor.exitCode).not.toBe(0);
    expect(doctor.stdout).toMatch(
      /✖ an mlhooks run was interrupted \(pid \d+, [^)]+\) and left 2 unstaged changes \(src\/a\.txt, src\/b\.txt\) hidden from your work tree\.\n +fix: mlhooks restore/,
    );
    expect(doctor.stdout).not.toMatch(/all good/);
    r.write({ 'src/a.txt': 'edited after the crash\n' });
    const result = await runCli(['restore'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toMatch(/restored 1 file hidden by the mlhooks run interrupted at/);
    expect(result.stdout).toMatch(
      /src\/a\.txt changed after mlhooks hid it: it holds a file of 23 bytes now, left as it is/,
    );
    const saved = /saved at (\S+)/.exec(result.stdout)![1]!;
    expect(saved).toContain(join('.git', 'mlhooks', 'recovered'));
    expect(readFileSync(saved, 'utf8')).toBe('a staged\nunstaged\n');
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('edited after the crash\n');
    expect(readFileSync(join(r.root, 'src/b.txt'), 'utf8')).toBe('b unstaged\n');
    const again = await runCli(['restore'], { cwd: r.root });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/nothing to restore/);
    expect((await runCli(['doctor'], { cwd: r.root })).stdout).not.toMatch(/interrupted/);
  });

  it('a record naming a path outside the work tree: refused, nothing written there', async () => {
    const { r } = setup();
    const envelope = join(r.root, '.git', 'mlhooks', 'envelope');
    mkdirSync(join(envelope, 'before'), { recursive: true });
    writeFileSync(join(envelope, 'before', '0'), 'planted\n');
    const file = { kind: 'file', mode: 0o644, size: 8, sha256: 'x' };
    writeFileSync(
      join(envelope, 'manifest.json'),
      JSON.stringify({
        version: 1,
        owner: { pid: 999_999_999, startTime: null },
        created: new Date().toISOString(),
        root: r.root,
        token: 'abc',
        entries: [{ path: '../outside.txt', before: file, staged: { kind: 'absent' } }],
        createdDirs: [],
      }),
    );
    const result = await runCli(['restore'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/the record of the interrupted run in .* cannot be read/);
    expect(existsSync(join(r.root, '..', 'outside.txt'))).toBe(false);
  });

  it("points at lint-staged's own leftovers without applying them", async () => {
    const { r } = setup();
    const stash = r.git(['stash', 'create']).trim();
    r.git(['stash', 'store', '-m', 'lint-staged automatic backup', stash]);
    writeFileSync(join(r.root, '.git', 'lint-staged_unstaged.patch'), 'diff --git a/x b/x\n');
    const before = snapshot(r.root);
    const result = await runCli(['restore'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /stash@\{0\} is a "lint-staged automatic backup" \(lint-staged's, not mlhooks'\)/,
    );
    expect(result.stdout).toMatch(/git stash apply --index stash@\{0\}/);
    expect(result.stdout).toMatch(/lint-staged_unstaged\.patch is a patch lint-staged left behind/);
    expect(differences(before, snapshot(r.root))).toEqual([]);
    expect(existsSync(join(r.root, '.git', 'lint-staged_unstaged.patch'))).toBe(true);
  });
});
