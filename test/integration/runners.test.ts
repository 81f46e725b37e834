import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, ROOT, runCli } from '../helpers/cli.js';
import { useTempRepos } from '../helpers/gitRepo.js';
import { isRunning } from '../helpers/processes.js';

const newRepo = useTempRepos();

describe('pytest (real, on the Python fixture repo)', () => {
  const pyRepo = () => {
    const r = newRepo();
    copyFixture('pyrepo', r.root);
    r.commit('fixture');
    return r;
  };

  it('commit runs the fast tests of a changed module; push runs the slow ones too', async () => {
    const r = pyRepo();
    r.write({
      'src/sentiment/model.py': `${readFileSync(join(r.root, 'src/sentiment/model.py'), 'utf8')}\n# tweak\n`,
    });
    r.git(['add', '-A']);
    const commit = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(commit.stderr).toMatch(
      /tests\/test_model\.py +mixed · src\/sentiment\/model\.py changed: naming convention/,
    );
    expect(commit.stderr).toMatch(/✔ pytest fast · 1 file .* 1 passed, 1 deselected/);

    r.git(['commit', '-q', '-m', 'tweak']);
    const push = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(push.exitCode, push.all).toBe(0);
    expect(push.stderr).toMatch(/✔ pytest fast\+slow · 1 file .* 2 passed/);
  });

  it('a training loop whose loss never falls passes the commit and fails the push', async () => {
    const r = pyRepo();
    const model = readFileSync(join(r.root, 'src/sentiment/model.py'), 'utf8');
    r.write({ 'src/sentiment/model.py': model.replace('steps=200, lr=0.5', 'steps=200, lr=0.0') });
    r.git(['add', '-A']);
    const commit = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(commit.exitCode, commit.all).toBe(0);
    r.git(['commit', '-q', '-m', 'lr 0']);
    const push = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(push.exitCode).toBe(1);
    expect(push.stderr).toMatch(/✖ pytest fast\+slow · 1 file · exit 1/);
    expect(push.stderr).toMatch(/test_training_lowers_loss_and_labels_are_right/);
    expect(push.stderr).toMatch(/MLHOOKS=0 git push/);
  });

  it('the group command can point at another Python', async () => {
    const r = pyRepo();
    r.write({
      'mlhooks.config.json': JSON.stringify({
        tests: [
          {
            runner: 'pytest',
            command: ['python3', '-m', 'pytest', '-q'],
            include: ['tests/test_*.py'],
            slow: { marker: 'slow' },
          },
        ],
      }),
    });
    r.commit('config');
    r.write({
      'tests/test_features.py': `${readFileSync(join(r.root, 'tests/test_features.py'), 'utf8')}\n`,
    });
    r.git(['add', '-A']);
    const json = JSON.parse((await runCli(['affected', '--json'], { cwd: r.root })).stdout);
    expect(json.commands).toEqual([
      {
        runner: 'pytest',
        argv: ['python3', '-m', 'pytest', '-q', '-m', 'not slow', 'tests/test_features.py'],
      },
    ]);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
  });
});

const VITEST_PACKAGE = JSON.stringify({
  name: 'v',
  private: true,
  type: 'module',
  devDependencies: { vitest: '4.1.12' },
});
const SCALE = 'export const scale = (x: number[]) => x.map((v) => v / 255);\n';
// The same behaviour, another blob: a staged change that must select the scale tests.
const SCALE_SAME = 'export const scale = (x: number[]) => x.map((v) => v / 255); // same\n';
const PIXELS_TEST =
  "import { expect, it } from 'vitest';\nimport { scale } from '../src/scale';\nit('scales', () => expect(scale([255])).toEqual([1]));\n";
const MUST_NOT_RUN =
  "import { it } from 'vitest';\nit('unrelated', () => { throw new Error('must not run'); });\n";

describe('JS runners (real)', () => {
  // The temp repo borrows this repository's node_modules, where vitest and jest are installed.
  const jsRepo = (files: Record<string, string>) => {
    const r = newRepo();
    r.write({ ...files, '.gitignore': 'node_modules\n' });
    symlinkSync(join(ROOT, 'node_modules'), join(r.root, 'node_modules'));
    r.commit('initial');
    return r;
  };

  it('vitest runs the selected files in run mode and reports failures', async () => {
    const r = jsRepo({
      'package.json': VITEST_PACKAGE,
      'src/scale.ts': SCALE,
      'test/scale.test.ts':
        "import { expect, it } from 'vitest';\nimport { scale } from '../src/scale';\nit('scales pixels to [0,1]', () => expect(scale([255, 0])).toEqual([1, 0]));\n",
      'test/other.test.ts': MUST_NOT_RUN,
    });
    r.write({ 'src/scale.ts': SCALE_SAME });
    r.git(['add', '-A']);
    let result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/✔ vitest fast · 1 file .*1 passed/);
    r.write({ 'src/scale.ts': 'export const scale = (x: number[]) => x.map((v) => v / 256);\n' });
    r.git(['add', '-A']);
    result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/scales pixels to \[0,1\]/);
    expect(result.stderr).not.toMatch(/must not run/);
  });

  it('a workspace package whose vitest is only in the root package.json runs its tests with vitest', async () => {
    const r = jsRepo({
      'package.json': JSON.stringify({
        name: 'mono',
        private: true,
        type: 'module',
        workspaces: ['packages/*'],
        devDependencies: { vitest: '4.1.12' },
      }),
      'packages/app/package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
      'packages/app/src/scale.ts': 'export const scale = (x: number[]) => x.map((v) => v / 255);\n',
      'packages/app/test/scale.test.ts':
        "import { expect, it } from 'vitest';\nimport { scale } from '../src/scale';\nit('scales pixels', () => expect(scale([255])).toEqual([1]));\n",
    });
    r.write({
      'packages/app/src/scale.ts': 'export const scale = (x: number[]) => x.map((v) => v / 256);\n',
    });
    r.git(['add', '-A']);
    const app = join(r.root, 'packages/app');
    const json = JSON.parse((await runCli(['affected', '--json'], { cwd: app })).stdout);
    expect(json.commands.map((c: { runner: string }) => c.runner)).toEqual(['vitest']);
    const result = await runCli(['run', 'pre-commit'], { cwd: app });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stderr).toMatch(/✖ vitest fast · 1 file/);
    expect(result.stderr).toMatch(/scales pixels/);
    // init there writes the same runner.
    expect((await runCli(['init'], { cwd: app })).exitCode).toBe(0);
    expect(readFileSync(join(app, 'mlhooks.config.mjs'), 'utf8')).toContain("runner: 'vitest'");
  });

  // A staged change that selects test/pixels.test.ts: vitest runs it alone, never a MUST_NOT_RUN file.
  const runsPixelsAlone = async (files: Record<string, string>) => {
    const r = jsRepo({
      'package.json': VITEST_PACKAGE,
      'src/scale.ts': SCALE,
      'test/pixels.test.ts': PIXELS_TEST,
      ...files,
    });
    r.write({ 'src/scale.ts': SCALE_SAME });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/✔ vitest fast · 1 file .*1 passed/);
    expect(result.all).not.toMatch(/must not run/);
  };

  it('vitest runs exactly the selected files, not every file whose path contains one', async () => {
    await runsPixelsAlone({
      // Named after no changed file: only the import graph selects test/pixels.test.ts.
      // Vitest reads a file argument as a case-insensitive substring of the paths it runs.
      'latest/pixels.test.ts': MUST_NOT_RUN,
      'Test/Pixels.test.ts': MUST_NOT_RUN,
      'test/pixels.test.tsx': MUST_NOT_RUN,
      'w[e]ird (1)/test/pixels.test.ts': MUST_NOT_RUN,
    });
  });

  it('vitest excludes files of no group (or another) that a selected path also matches', async () => {
    await runsPixelsAlone({
      'mlhooks.config.json': JSON.stringify({
        tests: [{ runner: 'vitest', include: ['test/**/*.test.ts'] }],
      }),
      // Outside the mlhooks group, inside vitest's own include: the argument `test/pixels.test.ts` matches it.
      'e2e/test/pixels.test.ts': MUST_NOT_RUN,
    });
  });

  it('jest runs the selected files by path', async () => {
    const r = jsRepo({
      'package.json': JSON.stringify({ name: 'j', private: true, devDependencies: { jest: '30.5.2' } }),
      'src/norm.js': 'exports.norm = (x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));\n',
      'src/norm.test.js':
        "const { norm } = require('./norm');\ntest('norm', () => expect(norm([3, 4])).toBe(5));\n",
    });
    r.write({ 'src/norm.js': 'exports.norm = (x) => Math.hypot(...x);\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/✔ jest fast · 1 file/);
  });
});

describe('process handling', () => {
  // A runner that ignores SIGTERM and leaves a grandchild behind: the kind a timeout must still stop.
  const STUBBORN = `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync('pids.txt', process.pid + ' ' + grandchild.pid);
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
console.log('working…');
setInterval(() => {}, 1000);
`;

  it('a timeout kills the whole process tree, even a child that ignores SIGTERM', async () => {
    const r = newRepo({
      'stubborn.mjs': STUBBORN,
      'mlhooks.config.json': JSON.stringify({
        tests: [{ runner: 'command', command: ['node', 'stubborn.mjs'], include: ['t/*.txt'], timeout: 1 }],
      }),
      't/a.txt': 'a\n',
      '.gitignore': 'pids.txt\n',
    });
    r.write({ 't/a.txt': 'b\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/⏱ command fast · 1 file · killed after 1s \(timeout\)/);
    expect(result.stderr).toMatch(/ignoring SIGTERM/);
    const pids = readFileSync(join(r.root, 'pids.txt'), 'utf8').split(' ').map(Number);
    expect(pids.map(isRunning)).toEqual([false, false]);
  });

  it('a runner that exits and leaves a grandchild: the grandchild does not outlive the hook', async () => {
    const r = newRepo({
      'leaky.mjs':
        "import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nconst c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nwriteFileSync('pid.txt', String(c.pid));\nconsole.log('1 passed');\nprocess.exit(0);\n",
      'mlhooks.config.json': JSON.stringify({
        tests: [{ runner: 'command', command: ['node', 'leaky.mjs'], include: ['t/*.txt'] }],
      }),
      't/a.txt': 'a\n',
      '.gitignore': 'pid.txt\n',
    });
    r.write({ 't/a.txt': 'b\n' });
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    const pid = Number(readFileSync(join(r.root, 'pid.txt'), 'utf8'));
    expect(existsSync(join(r.root, 'pid.txt'))).toBe(true);
    expect(isRunning(pid)).toBe(false);
  });

  it('file names with spaces, quotes, unicode and a leading dash reach the runner as they are', async () => {
    const names = ['t/with space.txt', 't/quote\'s "x".txt', 't/ünï $(touch pwned).txt', '-rf.txt'];
    const r = newRepo({
      'echo.mjs':
        "import { writeFileSync } from 'node:fs';\nwriteFileSync('args.json', JSON.stringify(process.argv.slice(2)));\n",
      'mlhooks.config.json': JSON.stringify({
        tests: [{ runner: 'command', command: ['node', 'echo.mjs'], include: ['t/*.txt', '*.txt'] }],
      }),
      '.gitignore': 'args.json\n',
    });
    r.write(Object.fromEntries(names.map((name) => [name, 'x\n'])));
    r.git(['add', '-A']);
    const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    const args = JSON.parse(readFileSync(join(r.root, 'args.json'), 'utf8')) as string[];
    expect(args.sort()).toEqual(names.map((n) => (n.startsWith('-') ? `./${n}` : n)).sort());
    expect(existsSync(join(r.root, 'pwned'))).toBe(false);
  });
});
