import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { type TempRepo, useTempRepos } from '../../helpers/gitRepo.js';

// A runner's setup file is imported by no test, yet runs before each: a change to it, or to what it
// imports, must select every test that runner runs. Real repos, the real CLI.
const newRepo = useTempRepos();
const TEST = (name: string) => `import { it } from 'vitest';\nit('${name}', () => {});\n`;

const affected = async (r: TempRepo) => {
  const result = await runCli(['affected', '--json'], { cwd: r.root });
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
