import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { factsPath, reversePath } from '../../../src/selectors/graph/cachePaths.js';
import { loadListing } from '../../../src/selectors/graph/graphCaches.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir, useTempRepos } from '../../helpers/gitRepo.js';

// A first run in a repository large enough for the parse worker, which the built CLI starts before
// git has found the change set: it must select exactly as a small repo does, and be stopped
// cleanly when there is no graph to build (nothing changed, or an error).
const newRepo = useTempRepos();

// Chains of ten modules, m0 <- m1 <- ... <- m9, and a test of each chain's last module.
const MODULES = 1200;
const files = (): Record<string, string> => {
  const tree: Record<string, string> = { 'package.json': '{"name":"big","private":true}\n' };
  for (let k = 0; k < MODULES; k++) {
    tree[`src/m${k}.ts`] =
      k % 10 === 0
        ? `export const m${k} = ${k};\n`
        : `import { m${k - 1} } from './m${k - 1}';\nexport const m${k} = m${k - 1} + 1;\n`;
    if (k % 10 === 9) tree[`test/m${k}.test.ts`] = `import { m${k} } from '../src/m${k}';\n`;
  }
  return tree;
};

const affected = async (root: string, args: string[] = []) => {
  const result = await runCli(['affected', '--json', ...args], { cwd: root });
  return {
    ...result,
    selected: () =>
      (JSON.parse(result.stdout) as { selected: { path: string }[] }).selected.map((s) => s.path),
  };
};

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const logDirs: string[] = [];
afterEach(() => {
  while (logDirs.length) rmSync(logDirs.pop()!, { recursive: true, force: true });
});
/**
 * A git on PATH that notes each call's arguments (a line each) and runs the real git, after `first`
 * (shell, run at the first call only): the environment to run the CLI with, and the calls so far.
 */
const gitThatLogs = (first = '') => {
  const dir = tempDir('mlhooks-git-log-');
  logDirs.push(dir);
  const log = join(dir, 'calls');
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\necho "$*" >> '${log}'\nif [ ! -e '${log}.once' ]; then : > '${log}.once'; ${first || ':'}; fi\nexec '${REAL_GIT}' "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  return {
    env: { PATH: `${dir}:${process.env.PATH}` },
    calls: () => readFileSync(log, 'utf8').trim().split('\n'),
  };
};
const firstAt = (calls: string[], start: string) => calls.findIndex((call) => call.startsWith(start));
const selectedIn = (stdout: string) =>
  (JSON.parse(stdout) as { selected: { path: string }[] }).selected.map((s) => s.path);

describe('a cold run in a large repository', () => {
  it('selects what imports the change, through its chain, and leaves the facts cache', async () => {
    const r = newRepo(files());
    const gitDir = join(r.root, '.git');
    // Large enough for the worker (an index of more than 96 KiB), and nothing cached yet.
    expect(statSync(join(gitDir, 'index')).size).toBeGreaterThan(96 * 1024);
    expect(existsSync(factsPath(gitDir))).toBe(false);
    r.write({ 'src/m15.ts': "import { m14 } from './m14';\nexport const m15 = m14 + 2;\n" });
    r.git(['add', 'src/m15.ts']);
    const run = await affected(r.root);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.selected()).toEqual(['test/m19.test.ts']);
    expect(existsSync(factsPath(gitDir))).toBe(true);
  });

  it('a deleted and a renamed module select what used them, from the base graph', async () => {
    const r = newRepo(files());
    r.git(['rm', '-q', 'src/m25.ts']);
    r.git(['mv', 'src/m33.ts', 'src/moved.ts']);
    const run = await affected(r.root);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.selected()).toEqual(['test/m29.test.ts', 'test/m39.test.ts']);
    const reasons = (JSON.parse(run.stdout) as { selected: { reasons: string[] }[] }).selected.map(
      (s) => s.reasons,
    );
    expect(reasons[0]).toContainEqual(expect.stringMatching(/^src\/m25\.ts \(deleted\) -> src\/m26\.ts/));
    expect(reasons[1]).toContainEqual(
      expect.stringMatching(/^src\/m33\.ts \(renamed to src\/moved\.ts\) -> /),
    );
  });

  it('where its caches cannot be written, still selects, and says so', async () => {
    const r = newRepo(files());
    // A file where the cache folder goes: no cache file can be made under it.
    writeFileSync(join(r.root, '.git', 'mlhooks'), 'not a folder\n');
    r.write({ 'src/m15.ts': "import { m14 } from './m14';\nexport const m15 = m14 + 2;\n" });
    r.git(['add', 'src/m15.ts']);
    const run = await runCli(['affected'], { cwd: r.root });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toContain('test/m19.test.ts');
    expect(run.all).toMatch(/could not write its cache under .*mlhooks \(.*\); the next run parses again/);
  });

  it('sends the worker its job before git finds the change set: the index for a commit, HEAD with --base', async () => {
    const r = newRepo(files());
    r.write({ 'src/m15.ts': "import { m14 } from './m14';\nexport const m15 = m14 + 2;\n" });
    r.git(['add', 'src/m15.ts']);
    const staged = gitThatLogs();
    const commit = await runCli(['affected', '--json'], { cwd: r.root, env: staged.env });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(selectedIn(commit.stdout)).toEqual(['test/m19.test.ts']);
    const calls = staged.calls();
    expect(firstAt(calls, 'ls-files -s -z')).toBeGreaterThanOrEqual(0);
    expect(firstAt(calls, 'ls-files -s -z')).toBeLessThan(firstAt(calls, 'diff --cached'));

    r.git(['commit', '-q', '-m', 'm15']);
    rmSync(join(r.root, '.git', 'mlhooks'), { recursive: true, force: true });
    const range = gitThatLogs();
    const ci = await runCli(['affected', '--json', '--base', 'HEAD~1'], { cwd: r.root, env: range.env });
    expect(ci.exitCode, ci.all).toBe(0);
    expect(selectedIn(ci.stdout)).toEqual(['test/m19.test.ts']);
    const rangeCalls = range.calls();
    expect(firstAt(rangeCalls, 'ls-tree -r')).toBeGreaterThanOrEqual(0);
    expect(firstAt(rangeCalls, 'ls-tree -r')).toBeLessThan(firstAt(rangeCalls, 'merge-base'));
  });

  it('when HEAD moves after the job was sent, builds the graph of the commit the change set names', async () => {
    const r = newRepo(files());
    const base = r.git(['rev-parse', 'HEAD']).trim();
    r.commit('m15', { 'src/m15.ts': "import { m14 } from './m14';\nexport const m15 = m14 + 2;\n" });
    const later = r.commit('m35 too', {
      'src/m35.ts': "import { m34 } from './m34';\nexport const m35 = m34 + 3;\n",
    });
    r.git(['reset', '-q', '--hard', 'HEAD~1']);
    // HEAD moves on to `later` while the job of the commit before is being made (its listing).
    const moving = gitThatLogs(`'${REAL_GIT}' -C '${r.root}' update-ref HEAD ${later}`);
    const run = await runCli(['affected', '--json', '--base', base], { cwd: r.root, env: moving.env });
    expect(run.exitCode, run.all).toBe(0);
    expect(selectedIn(run.stdout)).toEqual(['test/m19.test.ts', 'test/m39.test.ts']);
    // The graph saved is of `later`'s files, not of the listing made for the job.
    const gitDir = join(r.root, '.git');
    const key = readFileSync(reversePath(gitDir), 'utf8').split('\n')[1]!;
    const count = r.git(['ls-tree', '-r', '--name-only', later]).trim().split('\n').length;
    expect(loadListing(gitDir, key, count)?.get('src/m35.ts')).toBe(
      r.git(['rev-parse', `${later}:src/m35.ts`]).trim(),
    );
  });

  it('with nothing staged, answers at once and builds nothing', async () => {
    const r = newRepo(files());
    const run = await affected(r.root);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.selected()).toEqual([]);
    expect(existsSync(factsPath(join(r.root, '.git')))).toBe(false);
  });

  it('with a base that does not exist, fails with the git error and builds nothing', async () => {
    const r = newRepo(files());
    const run = await affected(r.root, ['--base', 'no-such-branch']);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/no-such-branch/);
    expect(existsSync(factsPath(join(r.root, '.git')))).toBe(false);
  });
});
