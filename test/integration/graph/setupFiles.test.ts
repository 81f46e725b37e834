import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../helpers/cli.js';
import { gitAsUser, type TempRepo, useTempRepos } from '../../helpers/gitRepo.js';

// A runner's setup file is imported by no test, yet runs before each: a change to it, or to what it
// imports, must select every test that runner runs. Real repos, the real CLI.
const newRepo = useTempRepos();
const TEST = (name: string) => `import { it } from 'vitest';\nit('${name}', () => {});\n`;

const affected = async (r: TempRepo, args: string[] = []) => {
  const result = await runCli(['affected', '--json', ...args], { cwd: r.root });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout).selected as { path: string; reasons: string[] }[];
};

const change = (r: TempRepo, files: Record<string, string>) => {
  r.write(files);
  r.git(['add', '-A']);
};

describe("a runner's setup files", () => {
  it("vitest's setupFiles and globalSetup, and what they import, select every vitest test; pytest's stay", async () => {
    const r = newRepo({
      'package.json': JSON.stringify({ name: 'a', private: true, devDependencies: { vitest: '4.1.12' } }),
      'vitest.config.ts': [
        "import { defineConfig } from 'vitest/config';",
        'export default defineConfig({',
        "  test: { setupFiles: ['./test/setup', 'jest-extended/all'], globalSetup: 'test/global.ts' },",
        '});',
      ].join('\n'),
      'test/setup.ts': "import { seed } from './mocks';\nseed();\n",
      'test/mocks.ts': 'export const seed = () => 1;\n',
      'test/global.ts': 'export default () => {};\n',
      'test/a.test.ts': TEST('a'),
      'test/b.test.ts': TEST('b'),
      'src/other.ts': 'export const other = 1;\n',
      'tests/test_x.py': 'def test_x():\n    pass\n',
    });
    change(r, { 'test/mocks.ts': 'export const seed = () => 2;\n' });
    const viaImport = await affected(r);
    expect(viaImport.map((t) => t.path)).toEqual(['test/a.test.ts', 'test/b.test.ts']);
    expect(viaImport[0]?.reasons).toEqual([
      'test/mocks.ts -> test/setup.ts (a setup file of vitest.config.ts: it runs before every vitest test)',
    ]);
    r.commit('mocks');

    change(r, { 'test/global.ts': 'export default () => { /* changed */ };\n' });
    const direct = await affected(r);
    expect(direct.map((t) => t.path)).toEqual(['test/a.test.ts', 'test/b.test.ts']);
    expect(direct[0]?.reasons).toEqual([
      'test/global.ts changed: a setup file of vitest.config.ts: it runs before every vitest test',
    ]);
    r.commit('global');

    change(r, { 'src/other.ts': 'export const other = 2;\n' });
    expect(await affected(r)).toEqual([]);
    r.commit('other');

    // Deleted, it still was the setup file: every test it ran before is affected.
    r.git(['rm', '-q', 'test/global.ts']);
    expect((await affected(r)).map((t) => t.path)).toEqual(['test/a.test.ts', 'test/b.test.ts']);
  });

  it("jest's setupFilesAfterEnv in package.json, with <rootDir>", async () => {
    const r = newRepo({
      'package.json': JSON.stringify({
        name: 'j',
        private: true,
        scripts: { start: 'node src/main.js' },
        devDependencies: { jest: '30.5.2' },
        jest: { setupFilesAfterEnv: ['<rootDir>/jest.setup.js'] },
      }),
      'jest.setup.js': "require('./test/matchers');\n",
      'test/matchers.js': 'module.exports = {};\n',
      'test/a.test.js': "test('a', () => {});\n",
      'src/main.js': 'module.exports = 1;\n',
    });
    change(r, { 'test/matchers.js': 'module.exports = { more: true };\n' });
    expect((await affected(r)).map((t) => t.path)).toEqual(['test/a.test.js']);
    r.commit('matchers');
    // package.json names src/main.js in a script, not as setup: an edit to it selects nothing.
    change(r, { 'src/main.js': 'module.exports = 2;\n' });
    expect(await affected(r)).toEqual([]);
  });

  it('a shorthand property, jest rootDir, and a runner config in a group folder', async () => {
    const r = newRepo({
      'package.json': JSON.stringify({ name: 'm', private: true, devDependencies: { vitest: '4.1.12' } }),
      'mlhooks.config.json': JSON.stringify({
        tests: [
          { name: 'web', runner: 'vitest', cwd: 'web', include: ['web/**/*.test.ts'] },
          { name: 'api', runner: 'jest', cwd: 'api', include: ['api/**/*.test.js'] },
          { name: 'root', runner: 'vitest', include: ['test/**/*.test.ts'] },
        ],
      }),
      // `{ setupFiles }`: the variable's value names the file.
      'web/vitest.config.ts': [
        "import { defineConfig } from 'vitest/config';",
        "const setupFiles = ['./test/setup.ts'];",
        // A plugin's own `root` is not vitest's.
        "export default defineConfig({ plugins: [paths({ root: '../' })], test: { setupFiles } });",
        'function paths(options: object) { return { name: "paths", options }; }',
      ].join('\n'),
      'web/test/setup.ts': 'export {};\n',
      'web/test/a.test.ts': TEST('web'),
      // Paths relative to rootDir, with or without <rootDir>.
      'api/jest.config.js':
        "module.exports = { rootDir: 'src', setupFiles: ['<rootDir>/env.js', 'more.js'] };\n",
      'api/src/env.js': 'process.env.X = "1";\n',
      'api/src/more.js': 'module.exports = {};\n',
      'api/src/a.test.js': "test('api', () => {});\n",
      'test/root.test.ts': TEST('root'),
    });
    change(r, { 'web/test/setup.ts': 'export const changed = 1;\n' });
    const web = await affected(r);
    expect(web.map((t) => t.path)).toEqual(['web/test/a.test.ts']);
    expect(web[0]?.reasons).toEqual([
      'web/test/setup.ts changed: a setup file of web/vitest.config.ts: it runs before every vitest test',
    ]);
    r.commit('web setup');
    change(r, { 'api/src/env.js': 'process.env.X = "2";\n' });
    expect((await affected(r)).map((t) => t.path)).toEqual(['api/src/a.test.js']);
    r.commit('api env');
    change(r, { 'api/src/more.js': 'module.exports = { more: 1 };\n' });
    expect((await affected(r)).map((t) => t.path)).toEqual(['api/src/a.test.js']);
  });

  it('a setup file shared by the configs of two group folders selects both groups, through its imports too', async () => {
    const config =
      "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { setupFiles: ['../../test/setup.ts'] } });\n";
    const r = newRepo({
      'package.json': JSON.stringify({ name: 'm', private: true, devDependencies: { vitest: '4.1.12' } }),
      'mlhooks.config.json': JSON.stringify({
        tests: [
          { name: 'a', runner: 'vitest', cwd: 'packages/a', include: ['packages/a/**/*.test.ts'] },
          { name: 'b', runner: 'vitest', cwd: 'packages/b', include: ['packages/b/**/*.test.ts'] },
        ],
      }),
      'packages/a/vitest.config.ts': config,
      'packages/b/vitest.config.ts': config,
      'test/setup.ts': "import './helpers';\n",
      'test/helpers.ts': 'export const h = 1;\n',
      'packages/a/x.test.ts': TEST('a'),
      'packages/b/x.test.ts': TEST('b'),
    });
    change(r, { 'test/helpers.ts': 'export const h = 2;\n' });
    expect((await affected(r)).map((t) => t.path)).toEqual(['packages/a/x.test.ts', 'packages/b/x.test.ts']);
  });
});

describe('the runner configs of the state tested name the setup files', () => {
  // A "runner" that records the files it was given: the question is which tests ran. With no vitest
  // group, a setup file of the root's vitest config runs before every test.
  const CHECK =
    "import { writeFileSync } from 'node:fs';\nwriteFileSync('seen.log', process.argv.slice(2).join('\\n') + '\\n');\n";
  const vitestConfig = (setup: string) =>
    `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { setupFiles: ['${setup}'] } });\n`;
  const files = (setup: string) => ({
    'package.json': JSON.stringify({ name: 's', private: true, devDependencies: { vitest: '4.1.12' } }),
    'mlhooks.config.json': JSON.stringify({
      tests: [{ runner: 'command', command: ['node', 'check.mjs'], include: ['checks/*.txt'] }],
    }),
    'check.mjs': CHECK,
    '.gitignore': 'seen.log\n',
    'vitest.config.ts': vitestConfig(setup),
    'test/a.ts': 'export const a = 1;\n',
    'test/b.ts': 'export const b = 1;\n',
    'checks/x.txt': 'x\n',
  });
  const hook = (r: TempRepo, stage: 'pre-commit' | 'pre-push') =>
    writeFileSync(
      join(r.root, '.git', 'hooks', stage),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" run ${stage} "$@"\n`,
      { mode: 0o755 },
    );
  const git = (r: TempRepo, args: string[]) => gitAsUser(r.root, args);
  const seen = (r: TempRepo) => readFileSync(join(r.root, 'seen.log'), 'utf8');

  it("pre-push of a branch that is not checked out: that branch's vitest config counts", async () => {
    const r = newRepo(files('./test/a.ts'));
    const remote = newRepo(undefined, { bare: true });
    r.git(['remote', 'add', 'origin', remote.root]);
    r.git(['push', '-q', 'origin', 'main']);
    hook(r, 'pre-push');
    // feature's config names test/b.ts, and is on the remote already: the push changes only test/b.ts.
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature names b', { 'vitest.config.ts': vitestConfig('./test/b.ts') });
    r.git(['push', '-q', '--no-verify', 'origin', 'feature']);
    r.commit('b', { 'test/b.ts': 'export const b = 2;\n' });
    r.git(['checkout', '-q', 'main']);

    const range = await affected(r, ['--base', 'origin/feature', '--head', 'feature']);
    expect(range.map((t) => [t.path, t.reasons])).toEqual([
      [
        'checks/x.txt',
        ['test/b.ts changed: a setup file of vitest.config.ts: it runs before every vitest test'],
      ],
    ]);
    const pushed = await git(r, ['push', 'origin', 'feature']);
    expect(pushed.exitCode, pushed.all).toBe(0);
    expect(seen(r)).toBe('checks/x.txt\n');
    expect(readFileSync(join(r.root, 'vitest.config.ts'), 'utf8')).toBe(vitestConfig('./test/a.ts'));
  });

  it('pre-commit: the staged vitest config counts, not an unstaged edit of it, which is kept', async () => {
    const r = newRepo(files('./test/a.ts'));
    hook(r, 'pre-commit');
    r.write({ 'test/b.ts': 'export const b = 2;\n' });
    r.git(['add', 'test/b.ts']);
    r.write({ 'vitest.config.ts': vitestConfig('./test/b.ts') });
    // test/b.ts is named only by the unstaged edit: nothing runs before the tests from it.
    expect(await affected(r)).toEqual([]);
    r.git(['reset', '-q', 'test/b.ts']);

    r.write({ 'test/a.ts': 'export const a = 2;\n' });
    r.git(['add', 'test/a.ts']);
    const unstaged = r.git(['diff', '--binary']);
    const committed = await git(r, ['commit', '-m', 'a']);
    expect(committed.exitCode, committed.all).toBe(0);
    expect(seen(r)).toBe('checks/x.txt\n');
    expect(r.git(['show', 'HEAD:vitest.config.ts'])).toBe(vitestConfig('./test/a.ts'));
    expect(r.git(['diff', '--binary'])).toBe(unstaged);
    expect(readFileSync(join(r.root, 'vitest.config.ts'), 'utf8')).toBe(vitestConfig('./test/b.ts'));
  });

  it('a runner config that is a symlink to a shared one is read through the link', async () => {
    const r = newRepo({
      'package.json': JSON.stringify({ name: 'a', private: true, devDependencies: { vitest: '4.1.12' } }),
      'configs/vitest.shared.ts': vitestConfig('./test/setupA.ts'),
      'test/setupA.ts': 'export {};\n',
      'test/a.test.ts': TEST('a'),
    });
    symlinkSync('configs/vitest.shared.ts', join(r.root, 'vitest.config.ts'));
    r.git(['add', '-A']);
    r.commit('link');
    change(r, { 'test/setupA.ts': 'export const changed = 1;\n' });
    const selected = await affected(r);
    expect(selected.map((t) => t.path)).toEqual(['test/a.test.ts']);
    expect(selected[0]?.reasons).toEqual([
      'test/setupA.ts changed: a setup file of vitest.config.ts: it runs before every vitest test',
    ]);
  });

  it('a project below the git root: the staged configs of its root and of a group folder count', async () => {
    const r = newRepo({
      'app/package.json': JSON.stringify({
        name: 'app',
        private: true,
        devDependencies: { vitest: '4.1.12' },
      }),
      'app/mlhooks.config.json': JSON.stringify({
        tests: [
          { name: 'web', runner: 'vitest', cwd: 'web', include: ['web/**/*.test.ts'] },
          { name: 'unit', runner: 'vitest', include: ['test/**/*.test.ts'] },
        ],
      }),
      'app/vitest.config.ts': vitestConfig('./test/setup.ts'),
      'app/test/setup.ts': 'export {};\n',
      'app/test/b.test.ts': TEST('b'),
      'app/web/vitest.config.ts': vitestConfig('./setup.ts'),
      'app/web/setup.ts': 'export {};\n',
      'app/web/a.test.ts': TEST('a'),
    });
    r.write({
      'app/web/setup.ts': 'export const changed = 1;\n',
      'app/test/setup.ts': 'export const changed = 1;\n',
    });
    r.git(['add', '-A']);
    r.write({
      'app/vitest.config.ts': vitestConfig('./elsewhere.ts'),
      'app/web/vitest.config.ts': vitestConfig('./elsewhere.ts'),
    });
    const result = await runCli(['affected', '--json'], { cwd: join(r.root, 'app') });
    expect(result.exitCode, result.all).toBe(0);
    const selected: { path: string; reasons: string[] }[] = JSON.parse(result.stdout).selected;
    expect(selected.map((t) => t.path)).toEqual(['test/b.test.ts', 'web/a.test.ts']);
    expect(selected[1]?.reasons).toContain(
      'web/setup.ts changed: a setup file of web/vitest.config.ts: it runs before every vitest test',
    );
  });
});
