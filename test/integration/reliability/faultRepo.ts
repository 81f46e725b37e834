import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/cli.js';
import { git, makeRepo, type TempRepo } from '../../helpers/gitRepo.js';

/** A small seeded PRNG (mulberry32): every trial is reproducible from its seed. */
export const rng = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
};

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export interface Scenario {
  repo: TempRepo;
  /** Paths the runner reports on: what it saw must be exactly the staged content. */
  paths: string[];
}

export const RUNNER_CONFIG = (timeoutSeconds: number) =>
  JSON.stringify({
    tests: [
      { runner: 'command', command: ['node', 'runner.mjs'], include: ['t/**'], timeout: timeoutSeconds },
    ],
  });

/**
 * A repository holding every kind of change a user could lose: staged, partially staged and
 * unstaged edits, a binary, a rename, staged and unstaged deletions, intent-to-add, a mode change,
 * a symlink turned into a file, a file turned into an empty folder, a staged file whose directory
 * is gone from the work tree, untracked and ignored files, and `extra` more partially staged files
 * (to stretch the envelope).
 */
export const makeScenario = (seed: number, extra: number, timeoutSeconds = 2): Scenario => {
  const r = rng(seed);
  const repo = makeRepo();
  const extras = Array.from(
    { length: extra },
    (_, i) => `src/extra/${i % 7 === 0 ? `ü ${i}` : `file-${i}`}.txt`,
  );
  copyFileSync(join(FIXTURES, 'fault', 'runner.mjs'), join(repo.root, 'runner.mjs'));
  repo.write({
    'mlhooks.config.json': RUNNER_CONFIG(timeoutSeconds),
    '.gitignore': 'build/\n',
    't/case.txt': 'case 0\n',
    'src/staged.txt': 'one\n',
    'src/partial.txt': 'line1\nline2\n',
    'src/unstaged.txt': 'u\n',
    'src/naïve file.txt': 'x\n',
    'bin/model.bin': r.bytes(4096),
    'src/old-name.txt': 'rename me\n',
    'src/deleted-staged.txt': 'staged deletion\n',
    'src/deleted-unstaged.txt': 'unstaged deletion\n',
    'src/exec.sh': '#!/bin/sh\necho hi\n',
    'src/now-a-folder.txt': 'a file the work tree has made an empty folder of\n',
    ...Object.fromEntries(extras.map((path, i) => [path, `extra ${i}\n`])),
  });
  symlinkSync('staged.txt', join(repo.root, 'src/link'));
  repo.commit('initial');

  // Staged.
  repo.write({
    't/case.txt': 'case 1\n',
    'src/staged.txt': 'one\ntwo\n',
    'src/partial.txt': 'line1 staged\nline2\n',
    'bin/model.bin': r.bytes(4096),
    'deep/new/dir/file.txt': 'staged in a directory the work tree no longer has\n',
    'src/ita.txt': 'intent to add\n',
    ...Object.fromEntries(extras.map((path, i) => [path, `extra ${i}\nstaged\n`])),
  });
  repo.git(['mv', 'src/old-name.txt', 'src/new-name.txt']);
  repo.git(['rm', '-q', 'src/deleted-staged.txt']);
  repo.git([
    'add',
    '--',
    't/case.txt',
    'src/staged.txt',
    'src/partial.txt',
    'bin/model.bin',
    'deep',
    ...extras,
  ]);
  repo.git(['add', '-N', 'src/ita.txt']);

  // Unstaged, on top.
  repo.write({
    'src/partial.txt': 'line1 staged\nline2\nunstaged line3\n',
    'src/unstaged.txt': 'u changed\n',
    'src/naïve file.txt': 'x, unstaged\n',
    'bin/model.bin': r.bytes(5000),
    'src/new-name.txt': 'rename me\nplus an unstaged line\n',
    ...Object.fromEntries(extras.map((path, i) => [path, `extra ${i}\nstaged\nunstaged ${r.int(1e9)}\n`])),
  });
  unlinkSync(join(repo.root, 'src/deleted-unstaged.txt'));
  rmSync(join(repo.root, 'deep'), { recursive: true });
  chmodSync(join(repo.root, 'src/exec.sh'), 0o755);
  unlinkSync(join(repo.root, 'src/link'));
  writeFileSync(join(repo.root, 'src/link'), 'a file where the index has a symlink\n');
  unlinkSync(join(repo.root, 'src/now-a-folder.txt'));
  mkdirSync(join(repo.root, 'src/now-a-folder.txt'), 0o750);

  // Untracked and ignored.
  repo.write({
    'notes/untracked.md': 'draft ✍️\n',
    'notes/with space.txt': 'untracked\n',
    'untracked.bin': r.bytes(777),
    'build/out.log': 'ignored\n',
  });
  const paths = [
    ...repo.git(['ls-files', '-z', '--cached', '--others']).split('\0').filter(Boolean),
    'src/deleted-staged.txt',
    'deep/new/dir/file.txt',
  ];
  return { repo, paths: [...new Set(paths)].sort() };
};

/** What the tests must see: the index version of every path (none for intent-to-add), untracked files as they are. */
export const expectedView = (root: string, paths: readonly string[]): Record<string, string | null> => {
  const umask = process.umask();
  const index = new Map<string, { mode: string; id: string }>();
  for (const line of git(root, ['ls-files', '-s', '-z']).split('\0').filter(Boolean)) {
    const tab = line.indexOf('\t');
    const [mode, id] = line.slice(0, tab).split(' ') as [string, string];
    index.set(line.slice(tab + 1), { mode, id });
  }
  const intentToAdd = new Set(
    git(root, ['diff', '--name-only', '-z', '--diff-filter=A']).split('\0').filter(Boolean),
  );
  const tracked = new Set(index.keys());
  const view: Record<string, string | null> = {};
  for (const path of paths) {
    const entry = index.get(path);
    if (entry && !intentToAdd.has(path)) {
      const content = execFileSync('git', ['cat-file', 'blob', entry.id], { cwd: root });
      view[path] =
        entry.mode === '120000'
          ? `link:${content.toString()}`
          : `${((entry.mode === '100755' ? 0o777 : 0o666) & ~umask).toString(8)}:${sha(content)}`;
    } else if (!tracked.has(path) && existsSync(join(root, path))) {
      const stat = lstatSync(join(root, path));
      view[path] = `${(stat.mode & 0o777).toString(8)}:${sha(readFileSync(join(root, path)))}`;
    } else view[path] = null;
  }
  return view;
};

export interface Snapshot {
  /** Every path under the work tree but .git: mode and hash, symlink target, or directory. */
  files: Record<string, string>;
  sizes: Record<string, number>;
  index: string;
  untracked: string;
  refs: string;
  /** Merge, cherry-pick and rebase state, by file. */
  state: Record<string, string>;
}

const STATE = [
  'MERGE_HEAD',
  'MERGE_MSG',
  'MERGE_MODE',
  'AUTO_MERGE',
  'CHERRY_PICK_HEAD',
  'REVERT_HEAD',
  'ORIG_HEAD',
];

/** Everything a user could lose, byte for byte. Read-only: nothing here refreshes the index. */
export const snapshot = (root: string, gitDir = join(root, '.git')): Snapshot => {
  const files: Record<string, string> = {};
  const sizes: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const rel = dir ? `${dir}/${name}` : name;
      if (rel === '.git') continue;
      const stat = lstatSync(join(root, rel));
      if (stat.isSymbolicLink()) files[rel] = `link:${readlinkSync(join(root, rel))}`;
      else if (stat.isDirectory()) {
        files[rel] = 'dir';
        walk(rel);
      } else {
        files[rel] = `${(stat.mode & 0o7777).toString(8)}:${sha(readFileSync(join(root, rel)))}`;
        sizes[rel] = stat.size;
      }
    }
  };
  walk('');
  const state: Record<string, string> = {};
  for (const name of STATE) {
    const file = join(gitDir, name);
    if (existsSync(file)) state[name] = readFileSync(file, 'utf8');
  }
  for (const dir of ['rebase-merge', 'rebase-apply', 'sequencer']) {
    if (!existsSync(join(gitDir, dir))) continue;
    for (const name of readdirSync(join(gitDir, dir)))
      if (lstatSync(join(gitDir, dir, name)).isFile())
        state[`${dir}/${name}`] = readFileSync(join(gitDir, dir, name), 'utf8');
  }
  return {
    files,
    sizes,
    index: `${git(root, ['ls-files', '-s', '-z'])}\n${git(root, ['diff', '--cached', '--name-status', '-z', '--no-renames'])}`,
    untracked: git(root, ['ls-files', '-z', '--others']),
    refs: `${git(root, ['rev-parse', 'HEAD'])}${git(root, ['for-each-ref', '--format=%(refname) %(objectname)'])}`,
    state,
  };
};

/** Bytes of the "before" work tree that are not back as they were (0 when nothing was lost). */
export const bytesLost = (before: Snapshot, after: Snapshot): number =>
  Object.entries(before.files)
    .filter(([path, id]) => after.files[path] !== id)
    .reduce((sum, [path]) => sum + (before.sizes[path] ?? 1), 0);

/** Human-readable differences, for a failing assertion. */
export const differences = (before: Snapshot, after: Snapshot): string[] => {
  const out: string[] = [];
  for (const path of new Set([...Object.keys(before.files), ...Object.keys(after.files)]))
    if (before.files[path] !== after.files[path])
      out.push(`${path}: ${before.files[path] ?? 'absent'} -> ${after.files[path] ?? 'absent'}`);
  for (const key of ['index', 'untracked', 'refs'] as const)
    if (before[key] !== after[key]) out.push(`${key} differs`);
  if (JSON.stringify(before.state) !== JSON.stringify(after.state)) out.push('merge/rebase state differs');
  return out;
};
