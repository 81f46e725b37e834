import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { FIXTURES, ROOT } from '../helpers/cli.js';
import { cleanEnv, type TempRepo, useTempRepos } from '../helpers/gitRepo.js';

// Real husky hooks, real `git commit` / `git push` / `git merge`, mlhooks from the packed tarball.
const install = inject('mlhooksInstall');
const newRepo = useTempRepos();

interface Run {
  exitCode: number;
  all: string;
}

/** Runs a real git command whose hooks run mlhooks; `global` puts mlhooks on PATH as a global install would. */
const gitRun = async (cwd: string, args: string[], { global = false } = {}): Promise<Run> => {
  const path = global
    ? `${join(install, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`
    : process.env.PATH;
  const result = await execa('git', args, {
    cwd,
    env: cleanEnv({ NO_COLOR: '1', PATH: path }),
    extendEnv: false,
    all: true,
    reject: false,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, all: result.all ?? '' };
};

const mlhooks = (cwd: string, args: string[]) =>
  execa(join(install, 'node_modules', '.bin', 'mlhooks'), args, {
    cwd,
    env: cleanEnv({ NO_COLOR: '1' }),
    extendEnv: false,
    all: true,
    reject: false,
  });

/** The demo ML repo with mlhooks installed like `npm i -D mlhooks && npx mlhooks install`, and a bare remote. */
const demoRepo = async () => {
  const remote = newRepo(undefined, { bare: true });
  const r = newRepo();
  cpSync(join(ROOT, 'templates', 'demo'), r.root, { recursive: true });
  r.write({ '.gitignore': 'node_modules\n' });
  symlinkSync(join(install, 'node_modules'), join(r.root, 'node_modules'));
  const installed = await mlhooks(r.root, ['install']);
  expect(installed.exitCode, installed.all).toBe(0);
  r.commit('initial');
  r.git(['remote', 'add', 'origin', remote.root]);
  r.git(['push', '-q', '--no-verify', '-u', 'origin', 'main']);
  return { r, remote };
};

const head = (r: TempRepo) => r.git(['rev-parse', 'HEAD']).trim();
const edit = (r: TempRepo, path: string, from: string, to: string) => {
  const text = readFileSync(join(r.root, path), 'utf8');
  expect(text).toContain(from);
  r.write({ [path]: text.replace(from, to) });
};

describe('pre-commit through a real git commit', () => {
  it('runs the fast tests the change affects, and a failing one blocks the commit', async () => {
    const { r } = await demoRepo();
    edit(
      r,
      'src/tokenize.js',
      "replace(/[^a-z0-9' ]+/g, ' ')",
      "replace(/[^a-z0-9' ]+/g, ' ') // keep apostrophes",
    );
    r.git(['add', '-A']);
    const ok = await gitRun(r.root, ['commit', '-m', 'tokenize tweak']);
    expect(ok.exitCode, ok.all).toBe(0);
    expect(ok.all).toMatch(/test\/tokenize\.test\.js +fast · src\/tokenize\.js changed: naming convention/);
    expect(ok.all).toMatch(/✔ node fast · 2 files .*pass 4, fail 0/);
    expect(ok.all).not.toMatch(/model\.slow\.test\.js(?!.*not run)/);
    // git sets GIT_INDEX_FILE for the hook: the caches are still made, keyed by that index.
    const caches = join(r.root, '.git', 'mlhooks');
    expect(readFileSync(join(caches, 'graph-v1.reverse'), 'latin1').split('\n')[1]).toMatch(
      / index:[0-9a-f]{64} /,
    );
    expect(existsSync(join(caches, 'tests-v1'))).toBe(true);

    const before = head(r);
    edit(r, 'src/tokenize.js', '.toLowerCase()', '.toUpperCase()');
    r.git(['add', '-A']);
    const blocked = await gitRun(r.root, ['commit', '-m', 'break tokenize']);
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.all).toMatch(/✖ node fast · 2 files · exit 1/);
    expect(blocked.all).toMatch(/tokenize lower-cases and drops punctuation/);
    expect(head(r)).toBe(before);
  });

  it('commits the staged half of a partially staged file and keeps the other half', async () => {
    const { r } = await demoRepo();
    const original = readFileSync(join(r.root, 'src/tokenize.js'), 'utf8');
    const staged = original.replace('/** Lower-cases', '// staged comment\n/** Lower-cases');
    r.write({ 'src/tokenize.js': staged });
    r.git(['add', 'src/tokenize.js']);
    // Unstaged: a change that would fail the fast test if the hook saw it.
    const working = staged.replace('.toLowerCase()', '.toUpperCase()');
    r.write({ 'src/tokenize.js': working, 'scratch.txt': 'untracked notes\n' });
    const result = await gitRun(r.root, ['commit', '-m', 'partial']);
    expect(result.exitCode, result.all).toBe(0);
    expect(r.git(['show', 'HEAD:src/tokenize.js'])).toBe(staged);
    expect(readFileSync(join(r.root, 'src/tokenize.js'), 'utf8')).toBe(working);
    expect(readFileSync(join(r.root, 'scratch.txt'), 'utf8')).toBe('untracked notes\n');
    expect(r.git(['stash', 'list'])).toBe('');
  });

  it('git commit --no-verify and MLHOOKS=0 get past it as documented', async () => {
    const { r } = await demoRepo();
    edit(r, 'src/tokenize.js', '.toLowerCase()', '.toUpperCase()');
    r.git(['add', '-A']);
    expect((await gitRun(r.root, ['commit', '--no-verify', '-m', 'skip'])).exitCode).toBe(0);
    edit(r, 'src/tokenize.js', '.toUpperCase()', '.toUpperCase() ');
    r.git(['add', '-A']);
    const env = await execa('git', ['commit', '-m', 'skip 2'], {
      cwd: r.root,
      env: cleanEnv({ MLHOOKS: '0' }),
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(env.exitCode).toBe(0);
    expect(env.all).toMatch(/mlhooks: pre-commit skipped \(MLHOOKS=0\)/);
  });
});

describe('pre-push through a real git push to a local bare remote', () => {
  it('a wrong label map passes the commit and is stopped by the push', async () => {
    const { r, remote } = await demoRepo();
    edit(r, 'src/labels.js', "['negative', 'positive']", "['positive', 'negative']");
    r.git(['add', '-A']);
    const commit = await gitRun(r.root, ['commit', '-m', 'reorder labels']);
    expect(commit.exitCode, commit.all).toBe(0);
    const remoteBefore = remote.git(['rev-parse', 'main']).trim();
    const push = await gitRun(r.root, ['push', 'origin', 'main']);
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toMatch(/✖ node fast\+slow · 2 files · exit 1/);
    expect(push.all).toMatch(/"I love this great film" should be positive \(labels: positive, negative\)/);
    // The TensorFlow.js check from the demo's check module says the same from the model's side.
    expect(push.all).toMatch(/✖ slow labels failed/);
    expect(push.all).toMatch(/the model behaves as if its labels were \[negative, positive\]/);
    expect(remote.git(['rev-parse', 'main']).trim()).toBe(remoteBefore);
  });

  it('a good update runs fast and slow tests and lands', async () => {
    const { r, remote } = await demoRepo();
    r.commit('more data', {
      'data/train.json': readFileSync(join(r.root, 'data/train.json'), 'utf8').replace(
        ']',
        ',\n  { "text": "lovely", "label": "positive" }\n]',
      ),
    });
    const push = await gitRun(r.root, ['push', 'origin', 'main']);
    expect(push.exitCode, push.all).toBe(0);
    expect(push.all).toMatch(/data\/train\.json changed: input of model "sentiment"/);
    expect(push.all).toMatch(/✔ node fast\+slow · 2 files/);
    expect(remote.git(['rev-parse', 'main']).trim()).toBe(head(r));
  });

  it('a new branch checks only its own commits; two refs at once; a delete checks nothing', async () => {
    const { r, remote } = await demoRepo();
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature', {
      'test/tokenize.test.js': `${readFileSync(join(r.root, 'test/tokenize.test.js'), 'utf8')}\n// more\n`,
    });
    const branch = await gitRun(r.root, ['push', 'origin', 'feature']);
    expect(branch.exitCode, branch.all).toBe(0);
    expect(branch.all).toMatch(/1 changed file/);
    expect(branch.all).toMatch(/✔ node fast · 1 file/);

    r.git(['checkout', '-q', 'main']);
    r.commit('main moves', {
      'src/model.js': `${readFileSync(join(r.root, 'src/model.js'), 'utf8')}\n// main\n`,
    });
    r.git(['checkout', '-q', '-b', 'second']);
    r.commit('second', { 'README.md': 'second\n' });
    const both = await gitRun(r.root, ['push', 'origin', 'main', 'second']);
    expect(both.exitCode, both.all).toBe(0);
    expect(both.all).toMatch(/2 changed files/);
    expect(both.all).toMatch(/src\/model\.js changed: input of model "sentiment"/);

    const removed = await gitRun(r.root, ['push', 'origin', '--delete', 'feature']);
    expect(removed.exitCode, removed.all).toBe(0);
    expect(removed.all).toMatch(/deleted on the remote, nothing to check/);
    expect(remote.git(['branch', '--list', 'feature']).trim()).toBe('');
  });
});

describe('pre-merge-commit through a real git merge', () => {
  it('a merge that brings in a broken label map is stopped', async () => {
    const { r } = await demoRepo();
    r.git(['checkout', '-q', '-b', 'labels']);
    r.commit('reorder', { 'src/labels.js': "export const LABELS = ['positive', 'negative'];\n" });
    r.git(['checkout', '-q', 'main']);
    r.commit('unrelated', { 'README.md': 'main readme\n' });
    const before = head(r);
    const merge = await gitRun(r.root, ['merge', '--no-ff', '-m', 'merge labels', 'labels']);
    expect(merge.exitCode).not.toBe(0);
    expect(merge.all).toMatch(/mlhooks pre-merge-commit/);
    expect(merge.all).toMatch(/should be positive/);
    // git runs the hook before it writes MERGE_HEAD: no false "no merge in progress".
    expect(merge.all).not.toMatch(/no merge in progress/);
    expect(head(r)).toBe(before);
    // git then offers `git commit` to conclude the merge: that runs pre-commit, checked as the merge.
    const conclude = await gitRun(r.root, ['commit', '--no-edit']);
    expect(conclude.exitCode, conclude.all).not.toBe(0);
    expect(conclude.all).toMatch(/this commit concludes a merge/);
    expect(conclude.all).toMatch(/should be positive/);
    expect(head(r)).toBe(before);
  });
});

describe('a Python repo with no package.json, mlhooks installed globally', () => {
  it('fast failures block the commit, slow failures block the push', async () => {
    const remote = newRepo(undefined, { bare: true });
    const r = newRepo();
    cpSync(join(FIXTURES, 'pyrepo'), r.root, { recursive: true });
    r.write({ '.gitignore': '__pycache__/\n.pytest_cache/\n' });
    const path = `${join(install, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`;
    const installed = await execa('mlhooks', ['install'], {
      cwd: r.root,
      env: cleanEnv({ PATH: path }),
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(installed.exitCode, installed.all).toBe(0);
    expect(existsSync(join(r.root, 'package.json'))).toBe(false);
    r.commit('initial');
    r.git(['remote', 'add', 'origin', remote.root]);
    r.git(['push', '-q', '--no-verify', 'origin', 'main']);

    edit(r, 'src/sentiment/model.py', 'return e / e.sum(axis=1, keepdims=True)', 'return e');
    r.git(['add', '-A']);
    const bad = await gitRun(r.root, ['commit', '-m', 'break softmax'], { global: true });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toMatch(/test_output_shape_with_random_weights/);
    r.git(['checkout', '--', '.']);
    r.git(['reset', '-q', '--hard']);

    edit(r, 'src/sentiment/model.py', 'steps=200, lr=0.5', 'steps=200, lr=0.0');
    r.git(['add', '-A']);
    const commit = await gitRun(r.root, ['commit', '-m', 'lr 0'], { global: true });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(commit.all).toMatch(/1 passed, 1 deselected/);
    const push = await gitRun(r.root, ['push', 'origin', 'main'], { global: true });
    expect(push.exitCode).not.toBe(0);
    expect(push.all).toMatch(/test_training_lowers_loss_and_labels_are_right/);
  });
});

describe('a project in a subfolder', () => {
  it('the root hooks cd into the project and run its tests', async () => {
    const r = newRepo();
    cpSync(join(ROOT, 'templates', 'demo'), join(r.root, 'web'), { recursive: true });
    r.write({ '.gitignore': 'node_modules\n', 'ml/README.md': 'python side\n' });
    symlinkSync(join(install, 'node_modules'), join(r.root, 'web', 'node_modules'));
    const installed = await mlhooks(join(r.root, 'web'), ['install']);
    expect(installed.exitCode, installed.all).toBe(0);
    r.commit('initial');
    edit(r, 'web/src/tokenize.js', '.toLowerCase()', '.toUpperCase()');
    r.write({ 'ml/README.md': 'edited too\n' });
    r.git(['add', '-A']);
    const blocked = await gitRun(r.root, ['commit', '-m', 'break web']);
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.all).toMatch(/1 changed file outside this project \(web\/\) not considered/);
    expect(blocked.all).toMatch(/tokenize lower-cases/);
  });
});
