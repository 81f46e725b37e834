import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { cleanEnv, type TempRepo, tempDir, useTempRepos } from '../helpers/gitRepo.js';

const repo = useTempRepos();

const PKG = `{\n  "name": "proj",\n  "version": "1.0.0",\n  "scripts": {\n    "test": "vitest"\n  }\n}\n`;
const read = (r: TempRepo, path: string) => readFileSync(join(r.root, path), 'utf8');
const hooksPath = (r: TempRepo) => {
  try {
    return r.git(['config', '--get', 'core.hooksPath']).trim();
  } catch {
    return null;
  }
};

/** Every file outside .git (with content) and the repo's local git config: what install may touch. */
const state = (r: TempRepo) => {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(join(r.root, dir))) {
      const rel = dir ? `${dir}/${name}` : name;
      if (rel === '.git') continue;
      if (statSync(join(r.root, rel)).isDirectory()) walk(rel);
      else files[rel] = read(r, rel);
    }
  };
  walk('');
  return { files, config: r.git(['config', '--list', '--local']) };
};

/** Makes `mlhooks` available to the hooks the way npm would: node_modules/.bin on husky's PATH. */
const linkBin = (dir: string) => {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'mlhooks'));
  symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'mlhooks'));
};

/**
 * PATH without the folders that hold an `mlhooks` (a machine may have it installed globally); the
 * tools tests need from those folders (git, Python) are linked from another. Call inside a test.
 */
const pathWithoutMlhooks = () => {
  const shims = mkdtempSync(join(tmpdir(), 'mlhooks-path-'));
  onTestFinished(() => rmSync(shims, { recursive: true, force: true }));
  return (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => {
      if (!existsSync(join(dir, 'mlhooks'))) return dir;
      for (const tool of ['git', 'python3', 'pytest'])
        if (existsSync(join(dir, tool)) && !existsSync(join(shims, tool)))
          symlinkSync(join(dir, tool), join(shims, tool));
      return shims;
    })
    .join(delimiter);
};

describe('mlhooks install', () => {
  it('warns when the hooks would not find mlhooks, and not once it is a dependency', async () => {
    const r = repo({ 'package.json': PKG });
    const PATH = pathWithoutMlhooks();
    const missing = await runCli(['install'], { cwd: r.root, env: { PATH } });
    expect(missing.exitCode, missing.all).toBe(0);
    expect(missing.stdout).toMatch(
      /! the hooks call `mlhooks`, which is neither in node_modules\/\.bin nor on PATH: every commit and push would fail with "mlhooks: not found"\. Install it in the project: npm i -D mlhooks/,
    );
    linkBin(r.root);
    const present = await runCli(['install'], { cwd: r.root, env: { PATH } });
    expect(present.stdout).not.toMatch(/neither in node_modules/);
  });

  it('a workspace package whose mlhooks is hoisted to the root: a real commit runs it', async () => {
    const r = repo({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/app/package.json': PKG,
      'packages/app/test/a.test.js': "const test = require('node:test');\ntest('a', () => {});\n",
    });
    linkBin(r.root);
    const PATH = pathWithoutMlhooks();
    const install = await runCli(['install'], { cwd: join(r.root, 'packages/app'), env: { PATH } });
    expect(install.stdout).not.toMatch(/neither in node_modules/);
    r.write({ 'packages/app/test/a.test.js': "const test = require('node:test');\ntest('a2', () => {});\n" });
    r.git(['add', '-A']);
    const commit = await execa('git', ['commit', '-m', 'edit'], {
      cwd: r.root,
      env: cleanEnv({ PATH, NO_COLOR: '1' }),
      extendEnv: false,
      reject: false,
      all: true,
    });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(commit.all).toMatch(/✔ node fast · 1 file/);
  });

  it('sets up husky, the three hooks and the prepare script; twice is the same as once', async () => {
    const r = repo({ 'package.json': PKG });
    const first = await runCli(['install'], { cwd: r.root });
    expect(first.exitCode, first.all).toBe(0);
    expect(hooksPath(r)).toBe('.husky/_');
    expect(existsSync(join(r.root, '.husky/_/h'))).toBe(true);
    expect(read(r, '.husky/pre-commit')).toBe('mlhooks run pre-commit "$@"\n');
    expect(read(r, '.husky/pre-push')).toBe('mlhooks run pre-push "$@"\n');
    expect(read(r, '.husky/pre-merge-commit')).toBe('mlhooks run pre-merge-commit "$@"\n');
    expect(JSON.parse(read(r, 'package.json')).scripts).toEqual({
      test: 'vitest',
      prepare: 'mlhooks install --prepare',
    });
    expect(read(r, 'package.json')).toMatch(/^\{\n {2}"name"/);
    const once = state(r);
    const second = await runCli(['install'], { cwd: r.root });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/\.husky\/pre-commit unchanged/);
    expect(state(r)).toEqual(once);
  });

  it('keeps the lines a user already has in a hook', async () => {
    const r = repo({ 'package.json': PKG, '.husky/pre-commit': 'npx lint-staged\n' });
    await runCli(['install'], { cwd: r.root });
    expect(read(r, '.husky/pre-commit')).toBe('npx lint-staged\nmlhooks run pre-commit "$@"\n');
  });

  it('says which .git/hooks and which old core.hooksPath it bypasses, with the fix', async () => {
    const r = repo({ 'package.json': PKG });
    writeFileSync(join(r.root, '.git/hooks/pre-commit'), '#!/bin/sh\necho legacy\n');
    chmodSync(join(r.root, '.git/hooks/pre-commit'), 0o755);
    r.git(['config', 'core.hooksPath', '.githooks']);
    const result = await runCli(['install'], { cwd: r.root });
    expect(result.stdout).toMatch(
      /\.git\/hooks\/pre-commit will not run any more: core\.hooksPath bypasses \.git\/hooks\. Move its commands into \.husky\/pre-commit/,
    );
    expect(result.stdout).toMatch(/core\.hooksPath was "\.githooks"/);
    expect(result.stdout).not.toMatch(/pre-push\.sample/);
    await runCli(['uninstall'], { cwd: r.root });
    expect(hooksPath(r)).toBe('.githooks');
  });

  it('works for a project in a subfolder', async () => {
    const r = repo({ 'web/package.json': PKG, 'ml/train.py': 'pass\n' });
    const result = await runCli(['install'], { cwd: join(r.root, 'web') });
    expect(result.exitCode, result.all).toBe(0);
    expect(read(r, '.husky/pre-push')).toBe(
      `(cd 'web' && PATH="../node_modules/.bin:$PATH" mlhooks run pre-push "$@")\n`,
    );
    expect(JSON.parse(read(r, 'web/package.json')).scripts.prepare).toBe('mlhooks install --prepare');
    expect(hooksPath(r)).toBe('.husky/_');
  });

  it('works in a repo with no package.json (a Python repo, mlhooks installed globally)', async () => {
    const r = repo({ 'train.py': 'pass\n' });
    const result = await runCli(['install'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(read(r, '.husky/pre-commit')).toBe('mlhooks run pre-commit "$@"\n');
    expect(existsSync(join(r.root, 'package.json'))).toBe(false);
  });

  it('--prepare outside a git repository or with HUSKY=0 succeeds quietly', async () => {
    const dir = tempDir();
    const outside = await runCli(['install', '--prepare'], { cwd: dir });
    expect(outside.exitCode).toBe(0);
    expect(outside.stdout).toMatch(/hooks not installed \(.*not inside a git repository/);
    expect((await runCli(['install'], { cwd: dir })).exitCode).toBe(3);
    const r = repo({ 'package.json': PKG });
    const skipped = await runCli(['install'], { cwd: r.root, env: { HUSKY: '0' } });
    expect(skipped.stdout.trim()).toBe('mlhooks: hooks not installed (HUSKY=0)');
    expect(hooksPath(r)).toBe(null);
  });
});

describe('mlhooks uninstall', () => {
  it('removes exactly what install added', async () => {
    const r = repo({ 'package.json': PKG, 'src/a.py': 'a\n' });
    const before = state(r);
    await runCli(['install'], { cwd: r.root });
    expect(state(r)).not.toEqual(before);
    const result = await runCli(['uninstall'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(state(r)).toEqual(before);
    expect(hooksPath(r)).toBe(null);
  });

  it('leaves the user lines and husky in place when other hooks use it', async () => {
    const r = repo({
      'package.json': PKG,
      '.husky/pre-commit': 'npx lint-staged\n',
      '.husky/commit-msg': 'npx commitlint --edit "$1"\n',
    });
    await runCli(['install'], { cwd: r.root });
    await runCli(['uninstall'], { cwd: r.root });
    expect(read(r, '.husky/pre-commit')).toBe('npx lint-staged\n');
    expect(existsSync(join(r.root, '.husky/pre-push'))).toBe(false);
    expect(read(r, '.husky/commit-msg')).toBe('npx commitlint --edit "$1"\n');
    expect(hooksPath(r)).toBe('.husky/_');
  });

  it('on a teammate clone (no install record) still takes out its lines and prepare script', async () => {
    const r = repo({ 'package.json': PKG });
    await runCli(['install'], { cwd: r.root });
    r.commit('hooks');
    const clone = repo();
    clone.git(['clone', '-q', r.root, 'c']);
    const root = join(clone.root, 'c');
    await runCli(['install', '--prepare'], { cwd: root });
    await runCli(['uninstall'], { cwd: root });
    expect(existsSync(join(root, '.husky/pre-commit'))).toBe(false);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts).toEqual({ test: 'vitest' });
  });
});

describe('mlhooks doctor', () => {
  it('says what is missing, then that all is good', async () => {
    const r = repo({ 'package.json': PKG, 'tests/test_a.py': 'def test_a():\n    pass\n' });
    const PATH = pathWithoutMlhooks();
    const before = await runCli(['doctor'], { cwd: r.root, env: { PATH } });
    expect(before.exitCode).toBe(3);
    expect(before.stdout).toMatch(/✖ hooks not installed: core\.hooksPath is unset\n +fix: mlhooks install/);
    expect(before.stdout).toMatch(
      /✖ the hooks call `mlhooks`, which is neither in node_modules\/\.bin nor on PATH/,
    );
    expect(before.stdout).toMatch(/✔ test group "pytest" \(pytest\): 1 test file, runs /);
    await runCli(['install'], { cwd: r.root });
    linkBin(r.root);
    const after = await runCli(['doctor'], { cwd: r.root, env: { PATH } });
    expect(after.exitCode, after.stdout).toBe(0);
    expect(after.stdout).toMatch(/✔ config: none, conventions apply/);
    expect(after.stdout).toMatch(/all good/);
  });

  it('reports an invalid config with exit 2', async () => {
    const r = repo({
      'package.json': PKG.replace(
        '"scripts"',
        '"mlhooks": { "stages": { "pre-commit": ["quick"] } },\n  "scripts"',
      ),
    });
    const result = await runCli(['doctor'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/package\.json#mlhooks: stages\.pre-commit: expected an array of tiers/);
  });
});

describe('mlhooks init', () => {
  it('writes a config for the runners it finds, which then loads, and never overwrites one', async () => {
    const r = repo({
      'package.json': JSON.stringify({ name: 'p', devDependencies: { vitest: '4.1.12' } }),
      'tests/test_model.py': 'def test_x():\n    pass\n',
      'web/a.test.ts': '',
      'web/b.spec.tsx': '',
    });
    const first = await runCli(['init'], { cwd: r.root });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toMatch(/`git add mlhooks\.config\.mjs`/);
    const text = read(r, 'mlhooks.config.mjs');
    expect(text).toMatch(/^\/\/ mlhooks is not a dependency here/);
    expect(text).toContain("runner: 'pytest'");
    expect(text).toContain("runner: 'vitest'");
    const doctor = await runCli(['doctor'], { cwd: r.root });
    expect(doctor.stdout).toMatch(/✔ config: mlhooks\.config\.mjs/);
    expect(doctor.stdout).toMatch(/test group "pytest" \(pytest\): 1 test file/);
    // The same globs as with no config: a .spec.tsx is a test too.
    expect(doctor.stdout).toMatch(/test group "vitest" \(vitest\): 2 test files/);
    const again = await runCli(['init'], { cwd: r.root });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/mlhooks\.config\.mjs already exists; init does not overwrite it/);
  });

  it('with no tests yet, leaves `tests` out, so tests added later are found', async () => {
    const r = repo({ 'train.py': 'pass\n' });
    expect((await runCli(['init'], { cwd: r.root })).exitCode).toBe(0);
    expect(read(r, 'mlhooks.config.mjs')).not.toMatch(/^ {2}tests:/m);
    r.commit('a test', { 'tests/test_train.py': 'def test_x():\n    pass\n' });
    const doctor = await runCli(['doctor'], { cwd: r.root });
    expect(doctor.stdout).toMatch(/test group "pytest" \(pytest\): 1 test file/);
  });
});
