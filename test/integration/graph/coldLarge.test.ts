import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsPath } from '../../../src/selectors/graph/cachePaths.js';
import { runCli } from '../../helpers/cli.js';
import { useTempRepos } from '../../helpers/gitRepo.js';

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
