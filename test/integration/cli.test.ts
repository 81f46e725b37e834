import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, useTempRepos } from '../helpers/gitRepo.js';

const repo = useTempRepos();

const NODE_TESTS = {
  'package.json': '{ "name": "x", "private": true, "type": "module" }\n',
  'src/math.js': 'export const add = (a, b) => a + b;\n',
  'test/math.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { add } from '../src/math.js';\ntest('adds', () => assert.equal(add(1, 2), 3));\n",
  'test/math.slow.test.js': "import { test } from 'node:test';\ntest('slow', () => {});\n",
  'README.md': 'hi\n',
};

describe('exit codes and errors', () => {
  it('outside a git repository: exit 3 and says so', async () => {
    const dir = tempDir();
    const result = await runCli(['run', 'pre-commit'], { cwd: dir });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/is not inside a git repository/);
    expect(result.stderr).toMatch(/git init/);
  });

  it('in a bare repository: exit 3', async () => {
    const r = repo(undefined, { bare: true });
    const result = await runCli(['affected'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/not inside a work tree/);
  });

  it('an invalid config: exit 2 naming the file and the field', async () => {
    const r = repo({
      ...NODE_TESTS,
      'mlhooks.config.json': '{ "tests": [{ "runner": "pytset", "include": ["x"] }] }',
    });
    r.write({ 'src/math.js': 'export const add = (a, b) => b + a;\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'mlhooks.config.json: tests[0].runner: expected one of pytest, vitest, jest, node, command, found the string "pytset" (did you mean "pytest"?)',
    );
  });

  it('a config file that does not parse: exit 2 with the file', async () => {
    const r = repo({ ...NODE_TESTS, 'mlhooks.config.mjs': 'export default {\n' });
    r.write({ 'src/math.js': '// edit\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/mlhooks\.config\.mjs failed to load/);
  });

  it('usage errors: exit 2', async () => {
    const r = repo(NODE_TESTS);
    for (const args of [
      ['frobnicate'],
      ['run'],
      ['run', 'post-commit'],
      ['ci'],
      ['affected', '--tier', 'medium'],
      ['run', 'pre-commit', '--json'],
      ['affected', '--bogus'],
    ]) {
      const result = await runCli(args, { cwd: r.root });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^mlhooks: /);
    }
  });

  it('a runner that is not installed: exit 3 with how to install it', async () => {
    const r = repo({
      ...NODE_TESTS,
      'mlhooks.config.json':
        '{ "tests": [{ "runner": "command", "command": ["no-such-tool-xyz", "--run"], "include": ["test/**"] }] }',
    });
    r.write({ 'test/math.test.js': '// edit\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(
      /no-such-tool-xyz is needed by test group "command" but was not found on PATH/,
    );
  });

  it('MLHOOKS=0 skips with a one-line notice', async () => {
    const r = repo(NODE_TESTS);
    r.write({
      'test/math.test.js':
        "import { test } from 'node:test';\ntest('fails', () => { throw new Error('x'); });\n",
    });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { MLHOOKS: '0' } });
    expect(result.exitCode).toBe(0);
    expect(result.all.trim()).toBe('mlhooks: pre-commit skipped (MLHOOKS=0)');
  });

  it('MLHOOKS_SKIP leaves out the named group loudly, and says when a name matches nothing', async () => {
    const r = repo(NODE_TESTS);
    r.write({
      'test/math.test.js':
        "import { test } from 'node:test';\ntest('fails', () => { throw new Error('x'); });\n",
    });
    r.git(['add', '-A']);
    const skipped = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { MLHOOKS_SKIP: 'node' } });
    expect(skipped.exitCode, skipped.all).toBe(0);
    expect(skipped.all).toMatch(/MLHOOKS_SKIP: not running node/);
    expect(skipped.all).toMatch(/nothing left to run after MLHOOKS_SKIP \(node\)/);
    expect(skipped.all).not.toMatch(/none in the/);
    const typo = await runCli(['run', 'pre-commit'], { cwd: r.root, env: { MLHOOKS_SKIP: 'nodee' } });
    expect(typo.exitCode).toBe(1);
    expect(typo.all).toMatch(
      /MLHOOKS_SKIP: "nodee" names no test group or model here, so it skips nothing \(groups: [^;]*\bnode\b[^;]*; models: none\)/,
    );
  });

  it('help and version', async () => {
    const r = repo(NODE_TESTS);
    expect((await runCli(['--help'], { cwd: r.root })).stdout).toMatch(/mlhooks affected/);
    expect((await runCli(['--version'], { cwd: r.root })).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('run pre-commit with node:test', () => {
  it('nothing staged, a README change: exit 0 and one line', async () => {
    const r = repo(NODE_TESTS);
    let result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trim()).toBe('✔ mlhooks pre-commit: nothing staged, nothing to test');
    r.write({ 'README.md': 'more\n' });
    r.git(['add', 'README.md']);
    result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trim()).toBe('✔ mlhooks pre-commit: no tests affected by 1 changed file');
  });

  it('in a sparse checkout, an affected test outside it is named and not run', async () => {
    const r = repo({
      'package.json': '{ "name": "x", "private": true, "type": "module" }\n',
      'core/lib.js': 'export const one = 1;\n',
      'core/test/lib.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { one } from '../lib.js';\ntest('one', () => assert.equal(one, 1));\n",
      'apps/test/uses-core.test.js':
        "import { test } from 'node:test';\nimport { one } from '../../core/lib.js';\ntest('uses', () => {});\n",
    });
    r.git(['sparse-checkout', 'set', 'core']);
    expect(existsSync(join(r.root, 'apps'))).toBe(false);
    r.write({ 'core/lib.js': 'export const one = 1; // same\n' });
    r.git(['add', 'core/lib.js']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(
      /1 affected test file is outside your sparse checkout and not run: apps\/test\/uses-core\.test\.js/,
    );
    expect(result.stderr).toMatch(/✔ node fast · 1 file/);
  });

  it('runs the fast test of a changed source, and fails when it fails', async () => {
    const r = repo(NODE_TESTS);
    r.write({ 'src/math.js': 'export const add = (a, b) => a + b + 0;\n' });
    r.git(['add', '-A']);
    let result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/test\/math\.test\.js +fast · src\/math\.js changed: naming convention/);
    expect(result.stderr).toMatch(/✔ node fast · 1 file · [\d.]+m?s {2}pass 1, fail 0/);
    expect(result.stderr).toMatch(
      /test\/math\.slow\.test\.js slow, not run in pre-commit · src\/math\.js changed/,
    );
    expect(result.stderr).toMatch(/2 test files affected · pre-commit runs fast tier\n/);

    r.write({ 'src/math.js': 'export const add = (a, b) => a - b;\n' });
    r.git(['add', '-A']);
    result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/✖ node fast · 1 file · exit 1/);
    expect(result.stderr).toMatch(/AssertionError|Expected values to be strictly equal/);
    expect(result.stderr).toMatch(/MLHOOKS=0 git commit/);
  });

  it('says when affected tests are all in a tier this stage does not run', async () => {
    const r = repo(NODE_TESTS);
    r.write({ 'test/math.slow.test.js': "import { test } from 'node:test';\ntest('slow 2', () => {});\n" });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/1 affected test file, none in the fast tier this stage runs/);
  });
});

describe('affected', () => {
  it("a merge selects a test only the current branch has, by the merged index's graph", async () => {
    const r = repo(NODE_TESTS);
    r.git(['checkout', '-q', '-b', 'topic']);
    r.commit('topic', { 'src/math.js': 'export const add = (a, b) => b + a;\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('a test only main has', {
      'test/sum.test.js':
        "import { test } from 'node:test';\nimport { add } from '../src/math.js';\ntest('sum', () => add(1, 2));\n",
    });
    r.git(['merge', '-q', '--no-ff', '--no-commit', 'topic']);
    const result = await runCli(['affected', '--json', '--stage', 'pre-merge-commit'], { cwd: r.root });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).selected.map((t: { path: string }) => t.path)).toContain(
      'test/sum.test.js',
    );
  });

  it('a changed, added or deleted snapshot file selects the test it belongs to, if it is still there', async () => {
    const r = repo(NODE_TESTS);
    r.write({
      'test/__snapshots__/math.test.js.snap': 'exports[`add 1`] = `3`;\n',
      'test/__snapshots__/gone.test.js.snap': 'exports[`x 1`] = `1`;\n',
    });
    r.git(['add', '-A']);
    r.git(['commit', '-q', '-m', 'snapshots']);
    r.write({ 'test/__snapshots__/math.test.js.snap': 'exports[`add 1`] = `4`;\n' });
    r.git(['rm', '-q', 'test/__snapshots__/gone.test.js.snap']);
    r.git(['add', '-A']);
    const result = await runCli(['affected', '--json'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).selected).toEqual([
      {
        path: 'test/math.test.js',
        tier: 'fast',
        reasons: ['its snapshot test/__snapshots__/math.test.js.snap changed'],
      },
    ]);
  });

  it('--json is the documented contract', async () => {
    const r = repo(NODE_TESTS);
    r.write({ 'src/math.js': '// new\n', 'notes.txt': 'n\n' });
    r.git(['add', '-A']);
    const result = await runCli(['affected', '--json'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      stage: 'pre-commit',
      base: 'HEAD',
      head: null,
      changed: [
        { path: 'notes.txt', status: 'A' },
        { path: 'src/math.js', status: 'M' },
      ],
      selected: [
        { path: 'test/math.slow.test.js', tier: 'slow', reasons: ['src/math.js changed: naming convention'] },
        {
          path: 'test/math.test.js',
          tier: 'fast',
          reasons: ['src/math.js changed: naming convention', 'src/math.js -> test/math.test.js'],
        },
      ],
      checks: [],
      cached: [],
      commands: [
        { runner: 'node', argv: [process.execPath, '--test', '--test-reporter=spec', 'test/math.test.js'] },
      ],
      notes: [],
    });
  });

  it('--base plans the ci stage with both tiers; --explain lists every reason', async () => {
    const r = repo(NODE_TESTS);
    r.git(['checkout', '-q', '-b', 'topic']);
    r.commit('topic', { 'src/math.js': '// topic\n', 'package-lock.json': '{}\n' });
    const json = JSON.parse((await runCli(['affected', '--json', '--base', 'main'], { cwd: r.root })).stdout);
    expect(json.stage).toBe('ci');
    expect(json.commands[0].argv.slice(1)).toEqual([
      '--test',
      '--test-reporter=spec',
      'test/math.slow.test.js',
      'test/math.test.js',
    ]);
    expect(json.selected[0].reasons).toEqual(['package-lock.json changed: it can affect every test']);
    const explain = await runCli(['affected', '--explain', '--base', 'main'], { cwd: r.root });
    expect(explain.stdout).toMatch(
      /test\/math\.test\.js \(node, fast\)\n +← package-lock\.json changed: it can affect every test/,
    );
  });

  it('a compiled glob changed on disk (still a valid regex) is not trusted', async () => {
    const r = repo({
      'package.json': '{ "name": "x", "devDependencies": { "vitest": "*" } }\n',
      'src/a.ts': 'export const a = 1;\n',
      'test/x.test.ts': "import { a } from '../src/a';\ntest('a', () => expect(a).toBe(1));\n",
    });
    r.write({ 'src/a.ts': 'export const a = 1; // edited\n' });
    r.git(['add', '-A']);
    const paths = async () =>
      JSON.parse((await runCli(['affected', '--json'], { cwd: r.root })).stdout).selected.map(
        (s: { path: string }) => s.path,
      );
    expect(await paths()).toEqual(['test/x.test.ts']);
    const cache = join(r.root, '.git', 'mlhooks', 'globs.json');
    const text = readFileSync(cache, 'latin1');
    // One bit of the cached regex of vitest's `**/*.{test,spec}.?(c|m)[jt]s?(x)`: test -> tesu.
    expect(text).toContain('(test|spec)');
    writeFileSync(cache, text.replaceAll('(test|spec)', '(tesu|spec)'), 'latin1');
    expect(await paths()).toEqual(['test/x.test.ts']);
    expect(await paths()).toEqual(['test/x.test.ts']);
  });
});
