import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/cli.js';
import { makeRepo, tempDir } from '../../helpers/gitRepo.js';
import { privateBin, runBin } from './faultProcess.js';
import { differences, expectedView, snapshot } from './faultRepo.js';

// File names are data: property-based tests push random hostile names (spaces, quotes, newlines,
// shell syntax, unicode, leading dashes, very long paths) through real git, the envelope and the
// stand-in runner, which records the argv it got and what the work tree held.
// MLHOOKS_PROPERTY_RUNS sizes it (default 20); the seed is fixed so a failure replays.

const RUNS = Number(process.env.MLHOOKS_PROPERTY_RUNS ?? 20);
const SEED = Number(process.env.MLHOOKS_FAULT_SEED ?? 20261128);

// A private copy of dist: the full-size run takes minutes, and a rebuild meanwhile must not fail it.
const BIN = privateBin();
const runCli = (args: string[], options: { cwd: string; env?: Record<string, string> }) =>
  runBin(BIN, args, options);
afterAll(() => rmSync(dirname(BIN), { recursive: true, force: true }));

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const PIECES = [
  ' ',
  "'",
  '"',
  '\n',
  '\t',
  '\r',
  '$(touch pwned)',
  '`touch pwned`',
  '; touch pwned',
  '| touch pwned #',
  '&& touch pwned',
  '$HOME',
  '*',
  '?',
  '[ab]',
  '{a,b}',
  '-',
  '--',
  '-rf',
  '--require=./pwn.js',
  'ü',
  'e\u0301',
  '日本語',
  '🎉',
  '\u200b',
  '~',
  '#',
  '%',
  '!',
  '=',
  '.',
];

// Git refuses backslashes and .git look-alikes (core.protectNTFS); everything else Linux allows.
const component = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join(''))
  .filter(
    (name) =>
      name !== '.' &&
      name !== '..' &&
      !/[/\\\0]/.test(name) &&
      !/^\.git|^git~\d/i.test(name) &&
      Buffer.byteLength(name) <= 200,
  );

const longDirs = fc
  .integer({ min: 1, max: 12 })
  .map((n) => Array.from({ length: n }, (_, i) => `${i}${'d'.repeat(230)}`).join('/'));

// Test files: names without line breaks (see the known bug below); other files: anything.
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const testName = component.filter((name) => !LINE_BREAK.test(name));

/** A test file under t/ (nested, maybe very long), or at the top level starting with a dash. */
const testPath = fc.oneof(
  fc.array(testName, { minLength: 1, maxLength: 3 }).map((parts) => `t/${parts.join('/')}`),
  fc.tuple(longDirs, testName).map(([dirs, name]) => `t/${dirs}/${name}`),
  testName.map((name) => `-${name}`),
);
/** A file no test group includes: only the envelope handles it. */
const otherPath = fc
  .array(component, { minLength: 1, maxLength: 2 })
  .map((parts) => `src/${parts.join('/')}`);

const repoWithRunner = () => {
  const r = makeRepo();
  const flags = tempDir('mlhooks-flags-');
  cleanups.push(() => {
    r.cleanup();
    rmSync(flags, { recursive: true, force: true });
  });
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(r.root, 'runner.mjs'));
  r.write({
    'mlhooks.config.json': JSON.stringify({
      tests: [{ runner: 'command', command: ['node', 'runner.mjs'], include: ['t/**', '-*'] }],
    }),
  });
  r.commit('initial');
  return { r, flags };
};

const pwned = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => basename(path) === 'pwned');

describe('hostile file names', () => {
  it('reach the runner as they are, see exactly their staged content, and come back byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(testPath, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(otherPath, { maxLength: 3 }),
        async (tests, others) => {
          const { r, flags } = repoWithRunner();
          const paths = [...tests, ...others];
          // Refused by git itself (a name it will not track): not ours to test.
          try {
            paths.forEach((path, i) => {
              r.write({ [path]: `content ${i}\n` });
              r.git(['add', '--', path]);
            });
          } catch {
            fc.pre(false);
          }
          // Every other file partially staged, so the envelope hides and restores it.
          paths.forEach((path, i) => {
            if (i % 2 === 1) r.write({ [path]: `content ${i}\nunstaged ${i}\n` });
          });
          r.write({ [`u/${basename(paths[0]!)}`]: 'untracked\n' });
          const before = snapshot(r.root);
          const result = await runCli(['run', 'pre-commit'], {
            cwd: r.root,
            env: { FAULT_DIR: flags, FAULT_PATHS: JSON.stringify(paths) },
          });
          expect(result.exitCode, result.all).toBe(0);
          const argv = JSON.parse(readFileSync(join(flags, 'argv.json'), 'utf8')) as string[];
          expect(argv.sort()).toEqual(tests.map((p) => (p.startsWith('-') ? `./${p}` : p)).sort());
          expect(JSON.parse(readFileSync(join(flags, 'seen.json'), 'utf8'))).toEqual(
            expectedView(r.root, paths),
          );
          expect(differences(before, snapshot(r.root))).toEqual([]);
          expect([...pwned(r.root), ...pwned(flags)]).toEqual([]);
          expect(existsSync(join(r.root, 'pwn.js'))).toBe(false);
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('the affected --json contract carries them exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(testPath, { minLength: 1, maxLength: 3 }), async (paths) => {
        const { r } = repoWithRunner();
        try {
          for (const path of paths) {
            r.write({ [path]: 'x\n' });
            r.git(['add', '--', path]);
          }
        } catch {
          fc.pre(false);
        }
        const result = await runCli(['affected', '--json'], { cwd: r.root });
        expect(result.exitCode, result.all).toBe(0);
        const json = JSON.parse(result.stdout) as {
          changed: { path: string }[];
          commands: { argv: string[] }[];
        };
        expect(json.changed.map((c) => c.path).sort()).toEqual([...paths].sort());
        expect(json.commands[0]?.argv.slice(2).sort()).toEqual(
          paths.map((p) => (p.startsWith('-') ? `./${p}` : p)).sort(),
        );
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1, endOnFailure: true },
    );
  });
});

describe('line breaks in test file names', () => {
  // picomatch's regular expressions need the `s` flag for `**` to match a name holding \n, \r,
  // U+2028 or U+2029 (src/selectors/globs.ts adds it); without it such a test was never selected.
  it('a changed test file named with a line break is selected', async () => {
    const { r } = repoWithRunner();
    r.write({ 't/line\nbreak.txt': 'x\n', 't/carriage\rreturn.txt': 'x\n' });
    r.git(['add', '-A']);
    const json = JSON.parse((await runCli(['affected', '--json'], { cwd: r.root })).stdout) as {
      selected: { path: string }[];
    };
    expect(json.selected.map((test) => test.path).sort()).toEqual([
      't/carriage\rreturn.txt',
      't/line\nbreak.txt',
    ]);
  });
});

describe('paths in the config that point outside the repository', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'tests[].include',
      { tests: [{ runner: 'command', command: ['true'], include: ['../other/**'] }] },
      /tests\[0\]\.include: "\.\.\/other\/\*\*" points outside the project/,
    ],
    [
      'tests[].include absolute',
      { tests: [{ runner: 'command', command: ['true'], include: ['/etc/**'] }] },
      /tests\[0\]\.include: "\/etc\/\*\*" points outside the project/,
    ],
    [
      'tests[].exclude',
      { tests: [{ runner: 'command', command: ['true'], include: ['t/**'], exclude: ['t/../../x'] }] },
      /tests\[0\]\.exclude: .* points outside the project/,
    ],
    [
      'tests[].cwd',
      { tests: [{ runner: 'command', command: ['true'], include: ['t/**'], cwd: '../..' }] },
      /tests\[0\]\.cwd: expected a directory inside the project/,
    ],
    [
      'tests[].cwd absolute',
      { tests: [{ runner: 'command', command: ['true'], include: ['t/**'], cwd: '/tmp' }] },
      /tests\[0\]\.cwd: expected a directory inside the project/,
    ],
    [
      'models.<name>.inputs',
      { models: { m: { inputs: ['../../data/**'] } } },
      /models\.m\.inputs: .* points outside the project/,
    ],
    [
      'models.<name>.tests',
      { models: { m: { inputs: ['src/**'], tests: ['/abs/test.py'] } } },
      /models\.m\.tests: .* points outside the project/,
    ],
    ['always', { always: ['../requirements.txt'] }, /always: .* points outside the project/],
  ];
  for (const [field, config, message] of cases)
    it(`${field} is refused (exit 2, the file and the field named, nothing run)`, async () => {
      const r = makeRepo({ 't/a.txt': 'a\n' });
      cleanups.push(() => r.cleanup());
      writeFileSync(join(r.root, 'mlhooks.config.json'), JSON.stringify(config));
      r.write({ 't/a.txt': 'b\n' });
      r.git(['add', '-A']);
      const result = await runCli(['run', 'pre-commit'], { cwd: r.root });
      expect(result.exitCode, result.all).toBe(2);
      expect(result.stderr).toMatch(/^\s*mlhooks\.config\.json: /m);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    });
});
