import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { cleanEnv, type TempRepo, useTempRepos } from '../helpers/gitRepo.js';

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
