import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../../helpers/cli.js';
import { makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';
import { isRunning } from '../../helpers/processes.js';
import {
  killAll,
  peakRssKb,
  processesWithEnv,
  sleep,
  startMlhooks,
  waitForFile,
  within,
} from './faultProcess.js';
import { differences, RUNNER_CONFIG, snapshot } from './faultRepo.js';

// Test commands that hang, ignore SIGTERM, leave grandchildren, escape their process group or
// flood their output. The runner is test/fixtures/fault/runner.mjs; the process table (/proc) is
// the judge of what survived: every process it starts carries FAULT_DIR=<this test's dir>.

const repos: TempRepo[] = [];
const survivors: number[] = [];
const dirs: string[] = [];
afterEach(() => {
  killAll(survivors.splice(0));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  while (repos.length) repos.pop()!.cleanup();
});

const setup = (timeoutSeconds = 1, partial = false) => {
  const r = makeRepo();
  repos.push(r);
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(r.root, 'runner.mjs'));
  r.write({
    'mlhooks.config.json': RUNNER_CONFIG(timeoutSeconds),
    't/case.txt': 'case 0\n',
    'src/a.txt': 'a\n',
  });
  r.commit('initial');
  r.write({ 't/case.txt': 'case 1\n' });
  r.git(['add', '-A']);
  if (partial) r.write({ 't/case.txt': 'case 1\nunstaged\n', 'src/a.txt': 'a, unstaged\n' });
  const parent = tempDir();
  dirs.push(parent);
  const flags = join(parent, 'flags');
  mkdirSync(flags);
  return { r, flags };
};

/** Processes still alive that the runner (or anything it started) was: none may outlive the hook. */
const alive = (flags: string) => {
  const pids = processesWithEnv('FAULT_DIR', flags);
  survivors.push(...pids);
  return pids;
};

const pidsFrom = (flags: string) => readFileSync(join(flags, 'pids'), 'utf8').trim().split(' ').map(Number);

describe('a test command that misbehaves', () => {
  it('never ends: killed at its timeout with its whole tree', async () => {
    const { r, flags } = setup(1);
    const started = Date.now();
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'hang' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/⏱ command fast · 1 file · killed after 1s \(timeout\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(alive(flags)).toEqual([]);
  });

  it('ignores SIGTERM and has a grandchild: SIGKILL after the grace period, nothing survives', async () => {
    const { r, flags } = setup(1);
    const started = Date.now();
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'ignore-term' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/ignoring SIGTERM/);
    expect(result.stderr).toMatch(/killed after 1s \(timeout\)/);
    // 1 s timeout + 3 s grace, and not much more.
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(pidsFrom(flags).map(isRunning)).toEqual([false, false]);
    expect(alive(flags)).toEqual([]);
  });

  it('forks grandchildren and exits: they do not outlive the hook', async () => {
    const { r, flags } = setup(30);
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'fork-exit' },
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(pidsFrom(flags).map(isRunning)).toEqual([false, false]);
    expect(alive(flags)).toEqual([]);
  });

  it('starts a daemon in a new session that holds the output pipe: found by its tag, killed, no hang', async () => {
    const { r, flags } = setup(30);
    const started = Date.now();
    const result = await runCli(['run', 'pre-commit'], {
      cwd: r.root,
      env: { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'daemon' },
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(pidsFrom(flags).map(isRunning)).toEqual([false]);
    expect(alive(flags)).toEqual([]);
  });

  it('prints 100 MB: output capped with a note of what was cut, memory stays bounded', async () => {
    const { r, flags } = setup(60);
    const measure = async (behaviour: string) => {
      const run = startMlhooks(r.root, ['run', 'pre-commit'], {
        FAULT_DIR: flags,
        FAULT_BEHAVIOUR: behaviour,
      });
      let peak = 0;
      let done = false;
      void run.exited.then(() => {
        done = true;
      });
      while (!done) {
        peak = Math.max(peak, peakRssKb(run.child.pid!) ?? 0);
        await sleep(5);
      }
      return { peak, exit: await run.exited, output: run.output() };
    };
    const baseline = await measure('pass');
    const spam = await measure(`spam:${100 * 1024 * 1024}`);
    console.log(
      `peak RSS of mlhooks: ${baseline.peak} KB for a passing run, ${spam.peak} KB for one printing 100 MB`,
    );
    expect(spam.exit.code).toBe(1);
    expect(spam.output).toMatch(/first line/);
    expect(spam.output).toMatch(/last line/);
    expect(spam.output).toMatch(/… 99\.\d MB of output cut …/);
    expect(spam.output.length).toBeLessThan(400 * 1024);
    // Measured here: about +36 MB over a passing run, and no more at 400 MB (it stops growing).
    expect(spam.peak - baseline.peak, `peak RSS ${spam.peak} KB vs ${baseline.peak} KB`).toBeLessThan(
      64 * 1024,
    );
    expect(alive(flags)).toEqual([]);
  });
});

describe('stopping the hook itself', () => {
  it('Ctrl-C (SIGINT to the job) during a hung test: exit 130, every process gone, work tree back', async () => {
    const { r, flags } = setup(60, true);
    const before = snapshot(r.root);
    const run = startMlhooks(r.root, ['run', 'pre-commit'], {
      FAULT_DIR: flags,
      FAULT_BEHAVIOUR: 'ignore-term',
    });
    expect(await waitForFile(join(flags, 'pids'), 20_000, () => false)).toBe(true);
    process.kill(-run.child.pid!, 'SIGINT');
    const exit = await within(run.exited, 15_000);
    expect(exit?.code).toBe(130);
    expect(alive(flags)).toEqual([]);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const)
    it(`${signal} (${signal === 'SIGHUP' ? 'the terminal closed' : 'kill'}) during a hung test: same as Ctrl-C`, async () => {
      const { r, flags } = setup(60, true);
      const before = snapshot(r.root);
      const run = startMlhooks(r.root, ['run', 'pre-commit'], { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'hang' });
      expect(await waitForFile(join(flags, 'started'), 20_000, () => false)).toBe(true);
      process.kill(-run.child.pid!, signal);
      const exit = await within(run.exited, 15_000);
      expect(exit?.code, run.output()).toBe(130);
      expect(run.output()).toMatch(
        new RegExp(`${signal}: stopping the tests and putting your work tree back`),
      );
      expect(alive(flags)).toEqual([]);
      expect(differences(before, snapshot(r.root))).toEqual([]);
    });

  it('SIGKILL of mlhooks: the next run refuses, restore stops the orphaned tests and puts everything back', async () => {
    const { r, flags } = setup(60, true);
    const before = snapshot(r.root);
    const run = startMlhooks(r.root, ['run', 'pre-commit'], { FAULT_DIR: flags, FAULT_BEHAVIOUR: 'hang' });
    expect(await waitForFile(join(flags, 'started'), 20_000, () => false)).toBe(true);
    process.kill(run.child.pid!, 'SIGKILL');
    await run.exited;
    // Nothing can catch SIGKILL: the test command lives on, in its own process group.
    const orphans = alive(flags);
    expect(orphans.length).toBeGreaterThan(0);
    const next = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { FAULT_DIR: flags } });
    expect(next.exitCode).toBe(3);
    expect(next.stderr).toMatch(
      /mlhooks run was interrupted .*and left 2 unstaged changes \(src\/a\.txt, t\/case\.txt\) hidden/,
    );
    expect(next.stderr).toMatch(/npx mlhooks restore/);
    const restore = await runCli(['restore'], { cwd: r.root });
    expect(restore.exitCode, restore.all).toBe(0);
    expect(restore.stdout).toMatch(/stopped 1 process the interrupted run left running/);
    expect(restore.stdout).toMatch(/restored 2 files/);
    await sleep(100);
    expect(orphans.filter(isRunning)).toEqual([]);
    expect(differences(before, snapshot(r.root))).toEqual([]);
    expect(existsSync(join(r.root, '.git', 'mlhooks', 'envelope'))).toBe(false);
  });
});
