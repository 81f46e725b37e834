import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, FIXTURES } from '../../helpers/cli.js';
import { cleanEnv, makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';
import { INJECT } from './faultProcess.js';
import { differences, RUNNER_CONFIG, snapshot } from './faultRepo.js';

// mlhooks itself breaking. An internal error is made honestly, from outside: the preload
// test/fixtures/fault/inject.cjs throws a TypeError from inside mlhooks at its n-th file operation
// or git call (FAULT_AT), as a bug would; production code has no test switch for it.

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const setup = () => {
  const r = makeRepo();
  const flags = tempDir('mlhooks-flags-');
  cleanups.push(() => {
    r.cleanup();
    rmSync(flags, { recursive: true, force: true });
  });
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(r.root, 'runner.mjs'));
  r.write({ 'mlhooks.config.json': RUNNER_CONFIG(30), 't/case.txt': 'case 0\n', 'src/a.txt': 'a\n' });
  r.commit('initial');
  r.write({ 't/case.txt': 'case 1\n', 'src/a.txt': 'a staged\n' });
  r.git(['add', '-A']);
  r.write({ 'src/a.txt': 'a staged\nunstaged\n' });
  return { r, flags };
};

/** The n-th operation of a clean run whose log entry matches, counting from 1. */
const opNumber = (r: TempRepo, flags: string, find: (log: string[]) => number): number => {
  const countFile = join(flags, 'count.json');
  execFileSync(process.execPath, ['--require', INJECT, BIN, 'run', 'pre-commit'], {
    cwd: r.root,
    env: cleanEnv({ FAULT_DIR: flags, FAULT_ACTION: 'count', FAULT_COUNT_FILE: countFile }),
    stdio: 'pipe',
  });
  const { log } = JSON.parse(readFileSync(countFile, 'utf8')) as { log: string[] };
  const at = find(log);
  expect(at, log.join('\n')).toBeGreaterThanOrEqual(0);
  return at + 1;
};

const crashAt = (r: TempRepo, flags: string, at: number, env: Record<string, string> = {}) =>
  execa(process.execPath, ['--require', INJECT, BIN, 'run', 'pre-commit'], {
    cwd: r.root,
    env: cleanEnv({ NO_COLOR: '1', FAULT_DIR: flags, FAULT_AT: String(at), FAULT_ACTION: 'throw', ...env }),
    extendEnv: false,
    all: true,
    reject: false,
  });

describe('when mlhooks itself crashes', () => {
  it('the hook fails (exit 70) and says how to skip it once and how to report it', async () => {
    const { r, flags } = setup();
    const result = await crashAt(r, flags, 1);
    expect(result.exitCode).toBe(70);
    expect(result.all).toMatch(
      /mlhooks crashed while running "run pre-commit"\. This is a bug in mlhooks, not in your code\./,
    );
    expect(result.all).toMatch(/TypeError: injected fault before spawnSync git diff/);
    expect(result.all).toMatch(/To get past it once: MLHOOKS=0 git commit …/);
    expect(result.all).toMatch(/Please report it, with the output above/);
  });

  it('a crash while unstaged changes are hidden puts them back before exiting', async () => {
    // Counted on a twin: a first run leaves caches that change the count of the next.
    const twin = setup();
    const { r, flags } = setup();
    const before = snapshot(r.root);
    // The first copy after the envelope's commit point (the rename after checkout-index): hiding has begun.
    const at = opNumber(twin.r, twin.flags, (log) => {
      const checkout = log.findIndex((op) => op.includes('checkout-index'));
      const commit = log.findIndex((op, i) => i > checkout && op === 'fs.renameSync');
      return log.findIndex((op, i) => i > commit && op === 'fs.copyFileSync');
    });
    const result = await crashAt(r, flags, at);
    expect(result.exitCode, result.all).toBe(70);
    expect(result.all).toMatch(/TypeError: injected fault before fs\.copyFileSync/);
    expect(existsSync(join(r.root, '.git/mlhooks/envelope'))).toBe(false);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });

  it('a full disk while hiding is not a crash: exit 3, says so, nothing lost, no stack trace', async () => {
    const twin = setup();
    const { r, flags } = setup();
    const before = snapshot(r.root);
    const at = opNumber(twin.r, twin.flags, (log) => {
      const checkout = log.findIndex((op) => op.includes('checkout-index'));
      const commit = log.findIndex((op, i) => i > checkout && op === 'fs.renameSync');
      return log.findIndex((op, i) => i > commit && op === 'fs.copyFileSync');
    });
    const result = await crashAt(r, flags, at, { FAULT_ACTION: 'enospc' });
    expect(result.exitCode, result.all).toBe(3);
    expect(result.all).toMatch(
      /mlhooks: could not hide your unstaged changes: ENOSPC: no space left on device/,
    );
    expect(result.all).toMatch(/Nothing was lost and your files are as they were/);
    expect(result.all).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(differences(before, snapshot(r.root))).toEqual([]);
  });

  it('through a real git commit: the commit is refused, and MLHOOKS=0 gets past it once', async () => {
    const { r, flags } = setup();
    const hooks = join(r.root, '.git', 'hooks');
    mkdirSync(hooks, { recursive: true });
    writeFileSync(
      join(hooks, 'pre-commit'),
      `#!/bin/sh\n[ "$MLHOOKS" = 0 ] && exec "${process.execPath}" "${BIN}" run pre-commit\nexec "${process.execPath}" --require "${INJECT}" "${BIN}" run pre-commit\n`,
      { mode: 0o755 },
    );
    const head = r.git(['rev-parse', 'HEAD']);
    const commit = (env: Record<string, string>) =>
      execa('git', ['commit', '-m', 'x'], {
        cwd: r.root,
        env: cleanEnv({ NO_COLOR: '1', FAULT_DIR: flags, FAULT_AT: '1', FAULT_ACTION: 'throw', ...env }),
        extendEnv: false,
        all: true,
        reject: false,
      });
    const refused = await commit({});
    expect(refused.exitCode).not.toBe(0);
    expect(refused.all).toMatch(/mlhooks crashed/);
    expect(refused.all).toMatch(/MLHOOKS=0 git commit/);
    expect(r.git(['rev-parse', 'HEAD'])).toBe(head);
    const skipped = await commit({ MLHOOKS: '0' });
    expect(skipped.exitCode, skipped.all).toBe(0);
    expect(skipped.all).toMatch(/mlhooks: pre-commit skipped \(MLHOOKS=0\)/);
    expect(r.git(['rev-parse', 'HEAD'])).not.toBe(head);
    expect(readFileSync(join(r.root, 'src/a.txt'), 'utf8')).toBe('a staged\nunstaged\n');
  });
});
