import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type TempRepo, tempDir } from '../../helpers/gitRepo.js';
import {
  INJECT,
  killAll,
  privateBin,
  processesWithEnv,
  runBin,
  sleep,
  startMlhooks,
  waitForFile,
  within,
} from './faultProcess.js';
import {
  bytesLost,
  differences,
  expectedView,
  makeScenario,
  rng,
  type Scenario,
  type Snapshot,
  snapshot,
} from './faultRepo.js';

// Fault injection on `mlhooks run pre-commit` in a repository holding every kind of change
// (faultRepo.ts). Two families of trials, all seeded and reproducible:
// - random: SIGINT or SIGKILL, to mlhooks alone or to its process group (Ctrl-C in a terminal
//   signals the whole foreground job), after a random delay from its start, from the moment the
//   test runner starts, or from the moment it finishes; the runner passes, fails, sleeps or hangs;
// - sweep: a SIGKILL, a thrown error standing in for a bug in mlhooks, or a full disk (ENOSPC),
//   just before the k-th file operation or process start of a run (test/fixtures/fault/inject.cjs),
//   for every k.
// After each: the work tree, index, untracked files and git state are exactly as before, or the
// next run refuses and `mlhooks restore` makes them so; restore is then a no-op; the next run works.
//
// MLHOOKS_FAULT_TRIALS (random trials, default 24), MLHOOKS_FAULT_SWEEP=all (every k, default a
// seeded sample of 8 per action), MLHOOKS_FAULT_SEED, MLHOOKS_FAULT_REPORT=<file> (figures as JSON).
// The full run documented in docs/reliability.md: MLHOOKS_FAULT_TRIALS=400 MLHOOKS_FAULT_SWEEP=all.

const TRIALS = Number(process.env.MLHOOKS_FAULT_TRIALS ?? 24);
const SEED = Number(process.env.MLHOOKS_FAULT_SEED ?? 20261128);
const SWEEP_ALL = process.env.MLHOOKS_FAULT_SWEEP === 'all';
const EXTRAS = [0, 20, 120] as const;
const HANG_LIMIT_MS = 30_000;
const BIN = privateBin();
const runCli = (args: string[], options: { cwd: string; env?: Record<string, string> }) =>
  runBin(BIN, args, options);

interface Figures {
  trials: number;
  kills: number;
  bySignal: Record<string, number>;
  /** What a kill left: nothing to do, or an envelope for `mlhooks restore`. */
  outcomes: Record<string, number>;
  restores: number;
  bytesLost: number;
  orphansAfterSigkill: number;
  sweepOps: number;
  durationsMs: number[];
}
const figures: Figures = {
  trials: 0,
  kills: 0,
  bySignal: {},
  outcomes: {},
  restores: 0,
  bytesLost: 0,
  orphansAfterSigkill: 0,
  sweepOps: 0,
  durationsMs: [],
};
const count = (table: Record<string, number>, key: string) => {
  table[key] = (table[key] ?? 0) + 1;
};

// One scenario repository per size, copied (cp -a) for each trial.
const templates = new Map<number, { scenario: Scenario; expected: Record<string, string | null> }>();
const made: TempRepo[] = [];
const template = (extra: number) => {
  let found = templates.get(extra);
  if (!found) {
    const scenario = makeScenario(extra + 1, extra);
    made.push(scenario.repo);
    found = { scenario, expected: expectedView(scenario.repo.root, scenario.paths) };
    templates.set(extra, found);
  }
  return found;
};

const copyOf = (extra: number) => {
  const { scenario, expected } = template(extra);
  const parent = tempDir('mlhooks-fault-');
  const root = join(parent, 'repo');
  execFileSync('cp', ['-a', scenario.repo.root, root]);
  const flags = join(parent, 'flags');
  mkdirSync(flags);
  const env = {
    FAULT_DIR: flags,
    FAULT_PATHS: JSON.stringify(scenario.paths),
  };
  return {
    parent,
    root,
    flags,
    env,
    expected,
    cleanup: () => rmSync(parent, { recursive: true, force: true }),
  };
};

const leftoverIn = (root: string) => existsSync(join(root, '.git', 'mlhooks', 'envelope'));

/**
 * After a kill: exact already, or the next run refuses and restore makes it exact. Then restore is
 * a no-op, and a new run passes and leaves everything exact too.
 */
const checkRecovery = async (
  root: string,
  before: Snapshot,
  env: Record<string, string>,
  { mustBeExact, family }: { mustBeExact: boolean; family: string },
) => {
  const after = snapshot(root);
  const leftover = leftoverIn(root);
  if (!leftover || mustBeExact) {
    expect(leftover, 'a leftover after a graceful stop').toBe(false);
    expect(differences(before, after), 'changed, with nothing left to restore it from').toEqual([]);
  }
  count(
    figures.outcomes,
    `${family}: ${leftover ? 'left files hidden, for mlhooks restore' : 'exact, nothing to restore'}`,
  );
  if (leftover) {
    const next = await runCli(['run', 'pre-commit'], { cwd: root, env: { ...env, FAULT_BEHAVIOUR: 'pass' } });
    expect(next.exitCode, next.all).toBe(3);
    expect(next.stderr).toMatch(/was interrupted .*and left .* hidden/);
    expect(next.stderr).toMatch(/mlhooks restore/);
    expect(differences(after, snapshot(root)), 'the refusing run changed something').toEqual([]);
    const restore = await runCli(['restore'], { cwd: root });
    expect(restore.exitCode, restore.all).toBe(0);
    expect(restore.stdout).toMatch(/restored \d+ files? hidden by the mlhooks run interrupted/);
    figures.restores++;
  }
  const again = await runCli(['restore'], { cwd: root });
  expect(again.exitCode, again.all).toBe(0);
  expect(again.stdout).toMatch(/nothing to restore/);
  const final = snapshot(root);
  figures.bytesLost += bytesLost(before, final);
  expect(differences(before, final)).toEqual([]);
  const fresh = await runCli(['run', 'pre-commit'], { cwd: root, env: { ...env, FAULT_BEHAVIOUR: 'pass' } });
  expect(fresh.exitCode, fresh.all).toBe(0);
  expect(differences(before, snapshot(root))).toEqual([]);
};

/** What the runner saw, whenever it got that far, is exactly the staged content. */
const checkSeen = (flags: string, expected: Record<string, string | null>) => {
  const seen = join(flags, 'seen.json');
  if (existsSync(seen)) expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual(expected);
};

interface RandomTrial {
  seed: number;
  extra: number;
  behaviour: string;
  signal: 'SIGINT' | 'SIGKILL';
  target: 'pid' | 'group';
  anchor: 'spawn' | 'started' | 'finished';
  delayMs: number;
  /** A second Ctrl-C this long after the first (impatient user), or null. */
  againMs: number | null;
}

const randomTrial = (seed: number): RandomTrial => {
  const r = rng(seed);
  const anchor = r.pick(['spawn', 'spawn', 'started', 'finished'] as const);
  const signal = r.pick(['SIGINT', 'SIGKILL'] as const);
  return {
    seed,
    extra: r.pick(EXTRAS),
    behaviour: r.pick(['pass', 'pass', 'fail', `sleep:${r.int(300)}`, 'hang']),
    signal,
    target: r.pick(['pid', 'group'] as const),
    anchor,
    delayMs: Math.round(r.next() * (anchor === 'spawn' ? 900 : anchor === 'started' ? 300 : 60)),
    againMs: signal === 'SIGINT' && r.next() < 0.25 ? r.int(200) : null,
  };
};

const describeTrial = (t: RandomTrial) =>
  `seed ${t.seed}: ${t.signal}${t.againMs !== null ? ` twice (+${t.againMs}ms)` : ''} to the ${t.target} at ${t.anchor}+${t.delayMs}ms, runner ${t.behaviour}, ${t.extra} extra files`;

const runRandomTrial = async (t: RandomTrial) => {
  const started = Date.now();
  const trial = copyOf(t.extra);
  try {
    const before = snapshot(trial.root);
    const run = startMlhooks(
      trial.root,
      ['run', 'pre-commit'],
      { ...trial.env, FAULT_BEHAVIOUR: t.behaviour },
      [],
      BIN,
    );
    let alive = true;
    run.child.on('exit', () => {
      alive = false;
    });
    if (t.anchor !== 'spawn') await waitForFile(join(trial.flags, t.anchor), 20_000, () => !alive);
    await sleep(t.delayMs);
    const pid = run.child.pid!;
    // False when it is already gone (it can end between the check and the signal).
    const send = (signal: NodeJS.Signals) => {
      try {
        process.kill(t.target === 'group' ? -pid : pid, signal);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
        throw error;
      }
    };
    let killed = false;
    if (alive) {
      killed = send(t.signal);
      if (killed && t.againMs !== null) {
        await sleep(t.againMs);
        if (alive) send('SIGINT');
      }
    }
    const exit = await within(run.exited, HANG_LIMIT_MS);
    expect(exit, `mlhooks did not end within ${HANG_LIMIT_MS}ms:\n${run.output()}`).not.toBeNull();
    const strays = processesWithEnv('FAULT_DIR', trial.flags);
    killAll(strays);
    if (t.signal === 'SIGINT') expect(strays, 'processes outlived a Ctrl-C').toEqual([]);
    else figures.orphansAfterSigkill += strays.length;
    figures.trials++;
    if (killed) {
      figures.kills++;
      count(figures.bySignal, `${t.signal} to ${t.target}`);
    }
    if (killed && t.signal === 'SIGINT' && /hidden while the tests ran, and are back/.test(run.output()))
      count(figures.outcomes, 'random SIGINT: arrived while files were hidden, put back before exit');
    checkSeen(trial.flags, trial.expected);
    await checkRecovery(trial.root, before, trial.env, {
      mustBeExact: t.signal === 'SIGINT' || !killed,
      family: killed ? `random ${t.signal}` : 'random, ended before the signal',
    });
  } finally {
    trial.cleanup();
    figures.durationsMs.push(Date.now() - started);
  }
};

// The sweep's op count comes from one clean run, at collection time, so each k is its own test.
const countOps = (): { calls: number; log: string[] } => {
  const trial = copyOf(0);
  try {
    const countFile = join(trial.parent, 'count.json');
    execFileSync(process.execPath, ['--require', INJECT, BIN, 'run', 'pre-commit'], {
      cwd: trial.root,
      env: cleanEnv({
        ...trial.env,
        FAULT_BEHAVIOUR: 'pass',
        FAULT_ACTION: 'count',
        FAULT_COUNT_FILE: countFile,
        NO_COLOR: '1',
      }),
      // Pipes, as in the sweep: output to a file would add writes to count.
      stdio: 'pipe',
    });
    return JSON.parse(readFileSync(countFile, 'utf8'));
  } finally {
    trial.cleanup();
  }
};

const runSweepTrial = async (at: number, action: 'kill' | 'throw' | 'enospc', what: string) => {
  const started = Date.now();
  const trial = copyOf(0);
  try {
    const before = snapshot(trial.root);
    const run = startMlhooks(
      trial.root,
      ['run', 'pre-commit'],
      { ...trial.env, FAULT_BEHAVIOUR: 'pass', FAULT_AT: String(at), FAULT_ACTION: action },
      ['--require', INJECT],
      BIN,
    );
    const exit = await within(run.exited, HANG_LIMIT_MS);
    expect(exit, `mlhooks did not end:\n${run.output()}`).not.toBeNull();
    const strays = processesWithEnv('FAULT_DIR', trial.flags);
    killAll(strays);
    figures.trials++;
    figures.sweepOps++;
    if (action === 'kill') {
      expect(exit?.signal, `the kill before ${what} did not happen`).toBe('SIGKILL');
      figures.kills++;
      count(figures.bySignal, 'SIGKILL at an operation');
      figures.orphansAfterSigkill += strays.length;
    } else {
      expect(strays, 'processes outlived a crash').toEqual([]);
      count(
        figures.bySignal,
        action === 'throw' ? 'error thrown at an operation' : 'disk full at an operation',
      );
      // A file system error is the user's to fix: a clear message, no stack trace.
      if (action === 'enospc' && exit?.code === 3) expect(run.output()).not.toMatch(/\n\s+at .*:\d+:\d+/);
      // A crash is never a silent pass: either it was handled and everything is back, or it fails.
      if (exit?.code === 0) expect(leftoverIn(trial.root)).toBe(false);
      if (exit?.code === 70) {
        expect(run.output()).toMatch(/mlhooks crashed/);
        expect(run.output()).toMatch(/MLHOOKS=0 git commit/);
        expect(run.output()).toMatch(/Please report it/);
      }
    }
    checkSeen(trial.flags, trial.expected);
    await checkRecovery(trial.root, before, trial.env, { mustBeExact: false, family: `sweep ${action}` });
  } finally {
    trial.cleanup();
    figures.durationsMs.push(Date.now() - started);
  }
};

beforeAll(() => {
  for (const extra of EXTRAS) template(extra);
});

afterAll(() => {
  for (const repo of made) repo.cleanup();
  rmSync(dirname(BIN), { recursive: true, force: true });
  const durations = [...figures.durationsMs].sort((a, b) => a - b);
  const summary = {
    ...figures,
    durationsMs: undefined,
    medianTrialMs: durations[Math.floor(durations.length / 2)] ?? 0,
    maxTrialMs: durations.at(-1) ?? 0,
    seed: SEED,
  };
  console.log(`fault injection: ${JSON.stringify(summary)}`);
  if (process.env.MLHOOKS_FAULT_REPORT)
    writeFileSync(process.env.MLHOOKS_FAULT_REPORT, `${JSON.stringify(summary, null, 2)}\n`);
});

describe('random SIGINT / SIGKILL during a pre-commit run', () => {
  const trials = Array.from({ length: TRIALS }, (_, i) => randomTrial(SEED + i));
  for (const t of trials) it.concurrent(describeTrial(t), () => runRandomTrial(t));
});

describe('a SIGKILL, a crash or a full disk before each file operation and process start', () => {
  const ops = countOps();
  const r = rng(SEED);
  const pick = (n: number) =>
    SWEEP_ALL
      ? Array.from({ length: ops.calls }, (_, i) => i + 1)
      : Array.from({ length: n }, () => 1 + r.int(ops.calls)).filter((k, i, all) => all.indexOf(k) === i);
  it('counts the operations of a run', () => {
    expect(ops.calls).toBeGreaterThan(20);
    expect(ops.log.some((op) => op.includes('checkout-index'))).toBe(true);
  });
  for (const action of ['kill', 'throw', 'enospc'] as const)
    for (const at of pick(8))
      it.concurrent(`${action} before op ${at}/${ops.calls} (${ops.log[at - 1]})`, () =>
        runSweepTrial(at, action, ops.log[at - 1] ?? '?'));
});
