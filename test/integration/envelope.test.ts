import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { cleanEnv, gitAsUser, type TempRepo, tempDir, useTempRepos } from '../helpers/gitRepo.js';

// A "test runner" that fails when a checked file holds BAD, can hang on HANG, and records
// what it saw: the test is about mlhooks' envelope, not about a runner.
const CHECK = `
import { readFileSync, writeFileSync } from 'node:fs';
const files = process.argv.slice(2);
const seen = files.map((f) => f + '=' + readFileSync(f, 'utf8').trim());
writeFileSync('seen.log', seen.join('\\n') + '\\n');
if (seen.some((s) => s.includes('HANG'))) { writeFileSync('started.flag', ''); setInterval(() => {}, 1000); }
else if (seen.some((s) => s.includes('BAD'))) { console.error('found BAD in', files.join(' ')); process.exit(1); }
else console.log(files.length + ' passed');
`;

const CONFIG = JSON.stringify({
  tests: [{ runner: 'command', command: ['node', 'check.mjs'], include: ['checks/*.txt'], timeout: 2 }],
});

const newRepo = useTempRepos();

const setup = () => {
  const r = newRepo({
    'check.mjs': CHECK,
    'mlhooks.config.json': CONFIG,
    '.gitignore': 'seen.log\nstarted.flag\n',
    'checks/a.txt': 'good a\n',
    'checks/b.txt': 'good b\n',
    'image.bin': Buffer.from([0, 1, 2, 255, 254]),
  });
  return r;
};

/** Everything a user could lose: the index, the work tree's tracked changes and the untracked files, byte for byte. */
const snapshot = (r: TempRepo) => {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(join(r.root, dir))) {
      if (name === '.git' || name === 'seen.log' || name === 'started.flag') continue;
      const rel = dir ? `${dir}/${name}` : name;
      if (statSync(join(r.root, rel)).isDirectory()) walk(rel);
      else files[rel] = readFileSync(join(r.root, rel)).toString('base64');
    }
  };
  walk('');
  return {
    files,
    staged: r.git(['diff', '--cached', '--binary']),
    unstaged: r.git(['diff', '--binary']),
    untracked: r.git(['ls-files', '--others', '--exclude-standard']),
    stashes: r.git(['stash', 'list']),
  };
};

/** a.txt partially staged: the staged version is `staged`, the work tree adds an unstaged line. */
const partiallyStage = (r: TempRepo, staged: string, unstaged: string) => {
  r.write({ 'checks/a.txt': staged });
  r.git(['add', 'checks/a.txt']);
  r.write({
    'checks/a.txt': unstaged,
    'checks/b.txt': 'good b, edited but not staged\n',
    'notes/untracked.md': 'draft ✍️\n',
    'image.bin': Buffer.from([9, 9, 9]),
  });
};

describe('pre-commit sees exactly the staged content', () => {
  it('tests a partially staged file as staged, and gives the unstaged work back byte for byte', async () => {
    const r = setup();
    partiallyStage(r, 'good a, staged\n', 'good a, staged\nBAD unstaged line\n');
    const before = snapshot(r);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.all).toMatch(/unstaged changes were hidden while the tests ran, and are back/);
    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(r.root, 'seen.log'), 'utf8')).toBe('checks/a.txt=good a, staged\n');
    expect(snapshot(r)).toEqual(before);
  });

  it('fails on bad staged content even when the work tree is fixed, and loses nothing', async () => {
    const r = setup();
    partiallyStage(r, 'BAD staged\n', 'fixed in the work tree only\n');
    const before = snapshot(r);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(snapshot(r)).toEqual(before);
  });

  it('a timeout kills the run and loses nothing', async () => {
    const r = setup();
    partiallyStage(r, 'HANG\n', 'HANG\nplus unstaged\n');
    const before = snapshot(r);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/killed after 2s \(timeout\)/);
    expect(snapshot(r)).toEqual(before);
  });

  it('Ctrl-C stops the tests, restores the work tree and exits 130', async () => {
    const r = setup();
    partiallyStage(r, 'HANG\n', 'HANG\nplus unstaged\n');
    const before = snapshot(r);
    const child = execa(process.execPath, [BIN, 'run', 'pre-commit'], {
      cwd: r.root,
      env: cleanEnv({ NO_COLOR: '1' }),
      extendEnv: false,
      reject: false,
      all: true,
    });
    const flag = join(r.root, 'started.flag');
    for (let i = 0; i < 200 && !existsSync(flag); i++) await new Promise((done) => setTimeout(done, 50));
    expect(existsSync(flag)).toBe(true);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.all).toMatch(/SIGINT: stopping the tests and putting your work tree back/);
    expect(snapshot(r)).toEqual(before);
  });

  it('an assume-unchanged file edited here: the tests see the staged version, and the edit comes back', async () => {
    const r = setup();
    r.git(['update-index', '--assume-unchanged', 'checks/b.txt']);
    // A changed config selects every test, b.txt's too.
    r.write({ 'mlhooks.config.json': `${CONFIG}\n`, 'checks/b.txt': 'BAD, and git does not see it\n' });
    r.git(['add', 'mlhooks.config.json']);
    const before = { ...snapshot(r), flags: r.git(['ls-files', '-v']) };
    expect(before.unstaged).toBe('');
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(readFileSync(join(r.root, 'seen.log'), 'utf8')).toMatch(/^checks\/b\.txt=good b$/m);
    expect(result.all).toMatch(/checks\/b\.txt: marked assume-unchanged/);
    expect({ ...snapshot(r), flags: r.git(['ls-files', '-v']) }).toEqual(before);
  });

  it('an unstaged change to a file whose name is not UTF-8: a clear refusal, nothing touched', async () => {
    const r = setup();
    const latin1 = Buffer.concat([Buffer.from(`${r.root}/caf`), Buffer.from([0xe9]), Buffer.from('.csv')]);
    writeFileSync(latin1, 'committed\n');
    r.commit('a Latin-1 name');
    writeFileSync(latin1, 'committed\nand edited\n');
    r.write({ 'checks/a.txt': 'good a, staged\n' });
    r.git(['add', 'checks/a.txt']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.all).toMatch(
      /"caf\\351\.csv" \(as git shows it\) differs between your work tree and the index, and its name is not valid UTF-8.*\n\s+Nothing was changed\. Stage that change too \(or undo it\), or rename the file/,
    );
    expect(readFileSync(latin1, 'utf8')).toBe('committed\nand edited\n');
    expect(r.git(['diff', '--cached', '--name-only'])).toBe('checks/a.txt\n');
  });

  it('skips the envelope when nothing is unstaged', async () => {
    const r = setup();
    r.write({ 'checks/a.txt': 'good, all staged\n', 'notes/untracked.md': 'draft\n' });
    r.git(['add', 'checks/a.txt']);
    const before = snapshot(r);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(0);
    expect(result.all).not.toMatch(/hidden/);
    expect(snapshot(r)).toEqual(before);
  });

  it('before the first commit, still tests the staged version of a partially staged file', async () => {
    const r = newRepo();
    r.write({
      'check.mjs': CHECK,
      'mlhooks.config.json': CONFIG,
      '.gitignore': 'seen.log\n',
      'checks/a.txt': 'good first\n',
    });
    r.git(['add', '-A']);
    r.write({ 'checks/a.txt': 'good first\nBAD unstaged\n' });
    const before = snapshot(r);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(snapshot(r)).toEqual(before);
  });
});

/** A repo (setup()'s by default) with a bare remote that has main, and a pre-push hook that runs the built CLI. */
const pushable = (r = setup()) => {
  const remote = newRepo(undefined, { bare: true });
  r.git(['remote', 'add', 'origin', remote.root]);
  r.git(['push', '-q', 'origin', 'main']);
  writeFileSync(
    join(r.root, '.git', 'hooks', 'pre-push'),
    `#!/bin/sh\nexec "${process.execPath}" "${BIN}" run pre-push "$@"\n`,
    { mode: 0o755 },
  );
  return { r, remote };
};
const push = (r: TempRepo, args: string[]) => gitAsUser(r.root, ['push', ...args]);
const seen = (r: TempRepo) => readFileSync(join(r.root, 'seen.log'), 'utf8');
const remoteHas = (remote: TempRepo, ref: string) =>
  remote.git(['for-each-ref', '--format=%(objectname)', ref]).trim();

describe('pre-push sees exactly the pushed commit', () => {
  it('a bad commit is stopped even when the work tree has fixed it since, and nothing is lost', async () => {
    const { r, remote } = pushable();
    const before = remote.git(['rev-parse', 'main']);
    r.commit('bad', { 'checks/a.txt': 'BAD committed\n' });
    partiallyStage(r, 'fixed and staged\n', 'fixed, staged, then more\n');
    const work = snapshot(r);
    const result = await push(r, ['origin', 'main']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(result.all).toMatch(/uncommitted changes were hidden while the tests ran, and are back/);
    expect(seen(r)).toBe('checks/a.txt=BAD committed\n');
    expect(snapshot(r)).toEqual(work);
    expect(remote.git(['rev-parse', 'main'])).toBe(before);
  });

  it('a good commit passes though the work tree holds bad edits, which are given back', async () => {
    const { r, remote } = pushable();
    const good = r.commit('good', { 'checks/a.txt': 'good, committed\n' });
    partiallyStage(r, 'BAD staged\n', 'BAD staged\nand BAD unstaged\n');
    const work = snapshot(r);
    const result = await push(r, ['origin', 'main']);
    expect(result.exitCode, result.all).toBe(0);
    expect(seen(r)).toBe('checks/a.txt=good, committed\n');
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/main')).toBe(good);
  });

  it('a branch that is not checked out is tested on its own commit, with untracked files here kept', async () => {
    const { r, remote } = pushable();
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature', { 'checks/a.txt': 'BAD on feature\n', 'checks/c.txt': 'good c on feature\n' });
    r.git(['checkout', '-q', 'main']);
    r.write({ 'checks/c.txt': 'untracked on main\n', 'checks/b.txt': 'good b, edited on main\n' });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toMatch(
      /feature is not checked out: the work tree held [0-9a-f]{12} while the tests ran/,
    );
    expect(seen(r)).toMatch(/^checks\/a\.txt=BAD on feature$/m);
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');

    rmSync(join(r.root, 'checks/c.txt'));
    r.git(['stash', '-q']);
    r.git(['checkout', '-q', 'feature']);
    r.commit('fix', { 'checks/a.txt': 'good on feature\n' });
    r.git(['checkout', '-q', 'main']);
    r.git(['stash', 'pop', '-q']);
    r.write({ 'checks/c.txt': 'untracked on main\n' });
    const fixed = await push(r, ['origin', 'feature']);
    expect(fixed.exitCode, fixed.all).toBe(0);
    expect(seen(r)).toMatch(/^checks\/c\.txt=good c on feature$/m);
    expect(readFileSync(join(r.root, 'checks/c.txt'), 'utf8')).toBe('untracked on main\n');
  });

  it('never writes through a linked folder: the push is refused and the folder it points at untouched', async () => {
    const { r, remote } = pushable();
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature', { 'checks/a.txt': 'good a on feature\n', 'checks/data/x.txt': 'data on feature\n' });
    r.git(['checkout', '-q', 'main']);
    const outside = tempDir('mlhooks-outside-');
    writeFileSync(join(outside, 'x.txt'), 'mine, outside the repo\n');
    symlinkSync(outside, join(r.root, 'checks', 'data'));
    const work = snapshot(r);
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /checks\/data is a symbolic link in your work tree, and checks\/data\/x\.txt is below it/,
    );
    expect(readdirSync(outside)).toEqual(['x.txt']);
    expect(readFileSync(join(outside, 'x.txt'), 'utf8')).toBe('mine, outside the repo\n');
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');
    rmSync(outside, { recursive: true, force: true });
  });

  it('refs at different commits are each tested on their own content', async () => {
    const { r, remote } = pushable();
    r.commit('main moves', { 'checks/b.txt': 'good b on main\n' });
    r.git(['checkout', '-q', '-b', 'feature', 'HEAD~1']);
    r.commit('feature', { 'checks/a.txt': 'BAD on feature\n' });
    r.git(['checkout', '-q', 'main']);
    const blocked = await push(r, ['origin', 'main', 'feature']);
    expect(blocked.exitCode, blocked.all).not.toBe(0);
    expect(blocked.all).toMatch(/pushing 2 commits, checking each on its own \(1\/2\): main at/);
    expect(blocked.all).toMatch(/\(2\/2\): feature at/);
    expect(blocked.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');

    r.git(['checkout', '-q', 'feature']);
    r.commit('fix', { 'checks/a.txt': 'good on feature\n' });
    r.git(['checkout', '-q', 'main']);
    const passed = await push(r, ['origin', 'main', 'feature']);
    expect(passed.exitCode, passed.all).toBe(0);
    // The last run tested feature: main's edit to b.txt is not in it.
    expect(seen(r)).toBe('checks/a.txt=good on feature\n');
    expect(readFileSync(join(r.root, 'checks/b.txt'), 'utf8')).toBe('good b on main\n');
    expect(remoteHas(remote, 'refs/heads/feature')).toBe(r.git(['rev-parse', 'feature']).trim());
  });

  /** pushable(), with `files` on main and tests in folders under checks/ too. */
  const pushableDeep = (files: Record<string, string>) => {
    const { r, remote } = pushable();
    r.commit('tests in folders too', {
      'mlhooks.config.json': CONFIG.replace('checks/*.txt', 'checks/**/*.txt'),
      ...files,
    });
    r.git(['push', '-q', '--no-verify', 'origin', 'main']);
    return { r, remote };
  };
  /** A branch `feature` off main where checks/data.txt (a file or a folder) is replaced by `files`. */
  const replaceOnFeature = (r: TempRepo, files: Record<string, string>) => {
    r.git(['checkout', '-q', '-b', 'feature']);
    r.git(['rm', '-rq', 'checks/data.txt']);
    r.commit('replaced', files);
    r.git(['checkout', '-q', 'main']);
  };
  /** Commits `files` on `branch` and comes back to main, carrying the work tree's changes across. */
  const commitOn = (r: TempRepo, branch: string, files: Record<string, string>) => {
    r.git(['checkout', '-q', branch]);
    r.write(files);
    r.git(['add', '--', ...Object.keys(files)]);
    r.git(['commit', '-q', '--no-verify', '-m', `on ${branch}`]);
    r.git(['checkout', '-q', 'main']);
  };
  const isFile = (r: TempRepo, path: string) => statSync(join(r.root, path)).isFile();

  it('a file here that is a folder in a pushed branch: the folder is tested, the file given back', async () => {
    const { r, remote } = pushableDeep({ 'checks/data.txt': 'good, a file on main\n' });
    replaceOnFeature(r, { 'checks/data.txt/x.txt': 'BAD in the folder\n' });
    r.write({ 'checks/b.txt': 'good b, edited on main\n', 'notes/untracked.md': 'draft\n' });
    const work = snapshot(r);
    const blocked = await push(r, ['origin', 'feature']);
    expect(blocked.exitCode, blocked.all).not.toBe(0);
    expect(blocked.all).toMatch(/found BAD in checks\/data\.txt\/x\.txt/);
    expect(seen(r)).toBe('checks/data.txt/x.txt=BAD in the folder\n');
    expect(snapshot(r)).toEqual(work);
    expect(isFile(r, 'checks/data.txt')).toBe(true);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');

    commitOn(r, 'feature', { 'checks/data.txt/x.txt': 'good in the folder\n' });
    const passed = await push(r, ['origin', 'feature']);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(seen(r)).toBe('checks/data.txt/x.txt=good in the folder\n');
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe(r.git(['rev-parse', 'feature']).trim());
  });

  it('a file here that is a folder in a pushed branch: a timeout loses nothing', async () => {
    const { r } = pushableDeep({ 'checks/data.txt': 'good, a file on main\n' });
    replaceOnFeature(r, { 'checks/data.txt/deep/x.txt': 'HANG\n' });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(/killed after 2s \(timeout\)/);
    expect(snapshot(r)).toEqual(work);
    expect(isFile(r, 'checks/data.txt')).toBe(true);
  });

  it('a folder here that is a file in a pushed branch: the file is tested, the folder given back with its files', async () => {
    const { r, remote } = pushableDeep({
      'checks/data.txt/x.txt': 'good x\n',
      'checks/data.txt/sub/y.txt': 'good y\n',
    });
    replaceOnFeature(r, { 'checks/data.txt': 'BAD as a file\n' });
    r.write({ 'checks/data.txt/x.txt': 'good x, edited on main\n', 'notes/untracked.md': 'draft\n' });
    const sub = join(r.root, 'checks/data.txt/sub');
    chmodSync(sub, 0o750);
    const work = snapshot(r);
    const blocked = await push(r, ['origin', 'feature']);
    expect(blocked.exitCode, blocked.all).not.toBe(0);
    expect(blocked.all).toMatch(/found BAD in checks\/data\.txt$/m);
    expect(seen(r)).toBe('checks/data.txt=BAD as a file\n');
    expect(snapshot(r)).toEqual(work);
    expect(statSync(sub).mode & 0o777).toBe(0o750);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');

    r.write({ 'checks/data.txt/x.txt': 'good x\n' });
    commitOn(r, 'feature', { 'checks/data.txt': 'HANG\n' });
    const clean = snapshot(r);
    const hung = await push(r, ['origin', 'feature']);
    expect(hung.exitCode).not.toBe(0);
    expect(hung.all).toMatch(/killed after 2s \(timeout\)/);
    expect(snapshot(r)).toEqual(clean);
    commitOn(r, 'feature', { 'checks/data.txt': 'good as a file\n' });
    const passed = await push(r, ['origin', 'feature']);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(seen(r)).toBe('checks/data.txt=good as a file\n');
    expect(snapshot(r)).toEqual(clean);
    expect(r.git(['status', '--porcelain'])).toBe('?? notes/\n');
  });

  it('a folder holding untracked files is not emptied to make room for a file: refused, naming them', async () => {
    const { r, remote } = pushableDeep({ 'checks/data.txt/x.txt': 'good x\n' });
    replaceOnFeature(r, { 'checks/data.txt': 'good as a file\n' });
    r.write({ 'checks/data.txt/sub/mine.md': 'not in git\n' });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /checks\/data\.txt is a folder in your work tree but a file in the pushed commit, and the folder holds a file git does not track: checks\/data\.txt\/sub\/mine\.md\.\n\s+Nothing was changed\. Move it out of checks\/data\.txt, then push again\./,
    );
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');
  });

  it('an untracked file where a pushed branch has a folder: refused, naming it', async () => {
    const { r, remote } = pushableDeep({});
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('folder', { 'checks/data.txt/x.txt': 'good x\n' });
    r.git(['checkout', '-q', 'main']);
    r.write({ 'checks/data.txt': 'mine, untracked\n' });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /checks\/data\.txt is a file in your work tree that git does not track, but the pushed commit has a folder there \(for checks\/data\.txt\/x\.txt\)\.\n\s+Nothing was changed\. Move checks\/data\.txt aside, then push again\./,
    );
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');
  });

  it('in a sparse checkout, a pushed branch that changes files outside it is tested, and says what it left out', async () => {
    const { r, remote } = pushable();
    r.commit('other', { 'other/z.txt': 'z on main\n', 'other/o.txt': 'o\n' });
    r.git(['push', '-q', '--no-verify', 'origin', 'main']);
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature', { 'other/z.txt': 'z on feature\n', 'checks/a.txt': 'BAD on feature\n' });
    r.git(['checkout', '-q', 'main']);
    r.git(['sparse-checkout', 'set', 'checks']);
    r.write({ 'checks/b.txt': 'good b, edited on main\n' });
    const work = { ...snapshot(r), flags: r.git(['ls-files', '-v']) };
    expect(work.flags).toMatch(/^S other\/z\.txt$/m);
    const blocked = await push(r, ['origin', 'feature']);
    expect(blocked.exitCode, blocked.all).not.toBe(0);
    expect(blocked.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(blocked.all).toMatch(
      /outside your sparse checkout, so the tests ran without the pushed commit's version of other\/z\.txt \(skip-worktree\)/,
    );
    expect({ ...snapshot(r), flags: r.git(['ls-files', '-v']) }).toEqual(work);
    expect(existsSync(join(r.root, 'other'))).toBe(false);

    commitOn(r, 'feature', { 'checks/a.txt': 'good on feature\n' });
    const passed = await push(r, ['origin', 'feature']);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(seen(r)).toBe('checks/a.txt=good on feature\n');
    expect({ ...snapshot(r), flags: r.git(['ls-files', '-v']) }).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe(r.git(['rev-parse', 'feature']).trim());
  });

  it('an assume-unchanged file edited here: the tests see the pushed version, and the edit comes back', async () => {
    const { r, remote } = pushable();
    r.commit('bad', { 'checks/a.txt': 'BAD committed\n' });
    r.git(['update-index', '--assume-unchanged', 'checks/a.txt']);
    r.write({ 'checks/a.txt': 'fixed here, and git does not see it\n' });
    const work = { ...snapshot(r), flags: r.git(['ls-files', '-v']) };
    expect(work.unstaged).toBe('');
    const result = await push(r, ['origin', 'main']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(seen(r)).toBe('checks/a.txt=BAD committed\n');
    expect(result.all).toMatch(
      /checks\/a\.txt: marked assume-unchanged, so git does not show its edits, but it differs from the pushed commit: the tests saw the committed version/,
    );
    expect({ ...snapshot(r), flags: r.git(['ls-files', '-v']) }).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/main')).not.toBe(r.git(['rev-parse', 'main']).trim());
  });

  it('a file name that is not UTF-8 in a pushed branch: a clear refusal, and the branch checked out pushes', async () => {
    const { r, remote } = pushable();
    r.git(['checkout', '-q', '-b', 'feature']);
    mkdirSync(join(r.root, 'data'));
    // caf\xe9.csv: Latin-1, as an older system would have named it.
    writeFileSync(
      Buffer.concat([Buffer.from(`${r.root}/data/caf`), Buffer.from([0xe9]), Buffer.from('.csv')]),
      'x\n',
    );
    r.commit('a Latin-1 name', { 'checks/a.txt': 'good on feature\n' });
    r.git(['checkout', '-q', 'main']);
    const work = snapshot(r);
    const refused = await push(r, ['origin', 'feature']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.all).toMatch(
      /"data\/caf\\351\.csv" \(as git shows it\) differs between your work tree and the pushed commit, and its name is not valid UTF-8: mlhooks cannot write such a name for the tests\.\n\s+Nothing was changed\. Check out the branch you push and push it from there/,
    );
    expect(snapshot(r)).toEqual(work);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');

    r.git(['checkout', '-q', 'feature']);
    const passed = await push(r, ['origin', 'feature']);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(seen(r)).toBe('checks/a.txt=good on feature\n');
  });

  it('a hanging test on push times out and loses nothing', async () => {
    const { r } = pushable();
    r.commit('hang', { 'checks/a.txt': 'HANG\n' });
    r.write({ 'checks/a.txt': 'edited since\n' });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'main']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(/killed after 2s \(timeout\)/);
    expect(snapshot(r)).toEqual(work);
  });
});

describe('the config is the one of the state tested', () => {
  // CONFIG with its one group narrowed to files no change here touches.
  const NARROW = JSON.stringify({
    tests: [{ runner: 'command', command: ['node', 'check.mjs'], include: ['elsewhere/*.txt'], timeout: 2 }],
  });
  const commitHook = (r: TempRepo) =>
    writeFileSync(
      join(r.root, '.git', 'hooks', 'pre-commit'),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" run pre-commit "$@"\n`,
      { mode: 0o755 },
    );
  const gitCommit = (r: TempRepo) =>
    execa('git', ['commit', '-m', 'change'], {
      cwd: r.root,
      env: cleanEnv({ NO_COLOR: '1' }),
      extendEnv: false,
      reject: false,
      all: true,
    });
  const copies = (r: TempRepo) => readdirSync(r.root).filter((name) => name.startsWith('.mlhooks.config'));

  it('pre-push: an uncommitted edit of the config does not narrow the checks of the pushed commit', async () => {
    const { r, remote } = pushable();
    const before = remote.git(['rev-parse', 'main']);
    r.commit('bad', { 'checks/a.txt': 'BAD committed\n' });
    r.write({ 'mlhooks.config.json': NARROW });
    const work = snapshot(r);
    const result = await push(r, ['origin', 'main']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(result.all).toMatch(
      /using mlhooks\.config\.json as in the pushed commit [0-9a-f]{12}; the work tree's differs/,
    );
    expect(snapshot(r)).toEqual(work);
    expect(readFileSync(join(r.root, 'mlhooks.config.json'), 'utf8')).toBe(NARROW);
    expect(remote.git(['rev-parse', 'main'])).toBe(before);
  });

  it("pre-push of a branch that is not checked out: that branch's config counts", async () => {
    const { r, remote } = pushable();
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature', { 'checks/a.txt': 'BAD on feature\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('main narrows its config', { 'mlhooks.config.json': NARROW });
    const result = await push(r, ['origin', 'feature']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(result.all).toMatch(/using mlhooks\.config\.json as in the pushed commit [0-9a-f]{12}/);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe('');
  });

  it('pre-commit: the staged config counts, not an unstaged edit of it', async () => {
    const r = setup();
    commitHook(r);
    const head = r.git(['rev-parse', 'HEAD']);
    r.write({ 'checks/a.txt': 'BAD staged\n' });
    r.git(['add', 'checks/a.txt']);
    r.write({ 'mlhooks.config.json': NARROW });
    const work = snapshot(r);
    const refused = await gitCommit(r);
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(refused.all).toMatch(/using mlhooks\.config\.json as staged; the work tree's differs/);
    expect(snapshot(r)).toEqual(work);
    expect(r.git(['rev-parse', 'HEAD'])).toBe(head);

    // The other way round: the staged config is the narrow one, the work tree's the wide one.
    r.git(['add', 'mlhooks.config.json']);
    r.write({ 'mlhooks.config.json': CONFIG });
    const passed = await gitCommit(r);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(r.git(['show', 'HEAD:mlhooks.config.json'])).toBe(NARROW);
    expect(readFileSync(join(r.root, 'mlhooks.config.json'), 'utf8')).toBe(CONFIG);
  });

  it('pre-commit of named paths (git commit <path>): the config of the index git hands the hook counts', async () => {
    const r = setup();
    commitHook(r);
    const head = r.git(['rev-parse', 'HEAD']);
    r.write({ 'checks/a.txt': 'BAD, not staged\n', 'mlhooks.config.json': NARROW });
    const refused = await execa('git', ['commit', '-m', 'only a', 'checks/a.txt'], {
      cwd: r.root,
      env: cleanEnv({ NO_COLOR: '1' }),
      extendEnv: false,
      reject: false,
      all: true,
    });
    expect(refused.exitCode, refused.all).not.toBe(0);
    expect(refused.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(r.git(['rev-parse', 'HEAD'])).toBe(head);
    expect(readFileSync(join(r.root, 'mlhooks.config.json'), 'utf8')).toBe(NARROW);
  });

  it('a project in a folder below the git root, with a space in its name, has its config read from there', async () => {
    const r = newRepo({
      'web app/check.mjs': CHECK,
      'web app/mlhooks.config.json': CONFIG,
      'web app/package.json': '{"name": "web"}\n',
      '.gitignore': 'seen.log\n',
      'web app/checks/a.txt': 'good a\n',
    });
    const project = join(r.root, 'web app');
    r.write({ 'web app/checks/a.txt': 'BAD staged\n' });
    r.git(['add', '-A']);
    r.write({ 'web app/mlhooks.config.json': NARROW });
    const result = await runCli(['run', 'pre-commit'], { cwd: project });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(result.all).toMatch(/using mlhooks\.config\.json as staged; the work tree's differs/);
    expect(readFileSync(join(project, 'mlhooks.config.json'), 'utf8')).toBe(NARROW);
  });

  it('a run that found the config the same remembers it, and still sees an edit made since', async () => {
    const r = setup();
    r.write({ 'checks/a.txt': 'BAD staged\n' });
    r.git(['add', 'checks/a.txt']);
    // Only files older than a file system clock tick or two are vouched for.
    await new Promise((done) => setTimeout(done, 2100));
    const first = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(first.exitCode, first.all).toBe(1);
    expect(first.all).not.toMatch(/the work tree's differs/);
    expect(existsSync(join(r.root, '.git', 'mlhooks', 'config-state'))).toBe(true);
    // An unstaged edit of the same size, right after: the remembered answer no longer holds.
    const same = CONFIG.replace('checks/*.txt', 'checkz/*.txt');
    expect(same.length).toBe(CONFIG.length);
    r.write({ 'mlhooks.config.json': same });
    const second = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(second.exitCode, second.all).toBe(1);
    expect(second.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(second.all).toMatch(/using mlhooks\.config\.json as staged; the work tree's differs/);
  });

  it('an ES module config is imported as pushed, beside the work tree’s, and its copy is always removed', async () => {
    const config = (include: string) =>
      `import { defineConfig } from 'mlhooks';\nimport { command } from './check-command.mjs';\n\nexport default defineConfig({ tests: [{ runner: 'command', command, include: ['${include}'], timeout: 2 }] });\n`;
    const r = newRepo({
      'check.mjs': CHECK,
      'check-command.mjs': "export const command = ['node', 'check.mjs'];\n",
      'mlhooks.config.mjs': config('checks/*.txt'),
      '.gitignore': 'seen.log\nstarted.flag\nnode_modules\n',
      'checks/a.txt': 'good a\n',
    });
    // `mlhooks` resolves from the config's folder, as npm would install it.
    mkdirSync(join(r.root, 'node_modules'));
    symlinkSync(ROOT, join(r.root, 'node_modules', 'mlhooks'));
    const { remote } = pushable(r);
    const before = remote.git(['rev-parse', 'main']);
    r.commit('bad', { 'checks/a.txt': 'BAD committed\n' });
    r.write({ 'mlhooks.config.mjs': config('elsewhere/*.txt') });
    // What a run killed with SIGKILL left (its process is gone), and the copy of a run still going.
    const gone = spawnSync('true').pid;
    const stale = `.mlhooks.config.${'a'.repeat(12)}-${gone}.mjs`;
    const live = `.mlhooks.config.${'b'.repeat(12)}-${process.pid}.mjs`;
    r.write({ [stale]: 'export default {};\n', [live]: 'export default {};\n' });
    const result = await push(r, ['origin', 'main']);
    expect(copies(r)).toEqual([live]);
    rmSync(join(r.root, live));
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toMatch(/found BAD in checks\/a\.txt/);
    expect(result.all).toMatch(/using mlhooks\.config\.mjs as in the pushed commit [0-9a-f]{12}/);
    expect(readFileSync(join(r.root, 'mlhooks.config.mjs'), 'utf8')).toBe(config('elsewhere/*.txt'));
    expect(copies(r)).toEqual([]);

    // A pushed config that fails to load stops the push, named as pushed; its copy is gone too.
    r.commit('broken config', { 'mlhooks.config.mjs': "throw new Error('broken on purpose');\n" });
    r.write({ 'mlhooks.config.mjs': config('checks/*.txt') });
    const broken = await push(r, ['origin', 'main']);
    expect(broken.exitCode, broken.all).not.toBe(0);
    expect(broken.all).toMatch(
      /mlhooks\.config\.mjs \(as in the pushed commit [0-9a-f]{12}\) failed to load: broken on purpose/,
    );
    expect(broken.all).toMatch(/then commit the fix/);
    expect(readFileSync(join(r.root, 'mlhooks.config.mjs'), 'utf8')).toBe(config('checks/*.txt'));
    expect(copies(r)).toEqual([]);
    expect(remote.git(['rev-parse', 'main'])).toBe(before);
  });
});
