import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { RunnerName } from '../types.js';
import type { TestFile } from './classifyTests.js';

// The files a test runner loads before every test file: vitest's `setupFiles` and `globalSetup`,
// jest's `setupFiles`, `setupFilesAfterEnv`, `globalSetup` and `globalTeardown`, named in a runner
// config at the project root or in a test group's folder (or in package.json's "jest"). No test
// imports them, yet a change to one, or to what it imports, can break any test that runner runs.

export interface SetupFile {
  /** Project-relative. */
  path: string;
  /** The config that names it (project-relative). */
  config: string;
  runner: Extract<RunnerName, 'vitest' | 'jest'>;
  /** The folder of the config (project-relative, '.' at the root): the groups run there are its. */
  dir: string;
}

const CONFIG = /^(?:(vitest|vite)\.config|vitest\.workspace|(jest)\.config)\.(?:[mc]?[jt]s|json)$/;
// `setupFiles: [...]`, or a variable of that name given as a shorthand property (`{ setupFiles }`).
const KEYS =
  /["']?\b(?:setupFiles(?:AfterEnv)?|globalSetup|globalTeardown)\b["']?\s*[:=]\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|`[^`$]*`)/g;
// Where the paths are relative to: jest's `rootDir`, vitest's `root`.
const ROOT_KEY = {
  jest: /["']?\brootDir\b["']?\s*:\s*["'`]([^"'`$\n]*)["'`]/,
  vitest: /\broot\s*:\s*["'`]([^"'`$\n]*)["'`]/,
};
const STRING = /"([^"\n]*)"|'([^'\n]*)'|`([^`$\n]*)`/g;
const EXTENSIONS = ['', '.ts', '.js', '.mts', '.mjs', '.cts', '.cjs', '.tsx', '.jsx'];

/**
 * The project's files as the state tested holds them: the work tree's (`workTreeFiles`), or a commit's
 * or the index's (setupFilesInState.ts). Paths are project-relative. Each question comes all at once:
 * a state answers it in one pass over its files, or one git call.
 */
export interface ProjectFiles {
  /** The files in these folders ('.' is the project root) whose names pass `wanted`, by folder as asked. */
  filesIn(dirs: readonly string[], wanted: (name: string) => boolean): { dir: string; path: string }[];
  /** The texts of those of `paths` that exist. */
  read(paths: readonly string[]): ReadonlyMap<string, string>;
  /** Those of `paths` that are files. */
  existing(paths: readonly string[]): ReadonlySet<string>;
}

export const workTreeFiles = (root: string): ProjectFiles => ({
  filesIn: (dirs, wanted) =>
    dirs.flatMap((dir) => {
      try {
        return readdirSync(join(root, dir)).flatMap((name) =>
          wanted(name) ? [{ dir, path: posix.join(dir, name) }] : [],
        );
      } catch {
        return [];
      }
    }),
  read: (paths) => {
    const texts = new Map<string, string>();
    for (const path of paths) {
      try {
        texts.set(path, readFileSync(join(root, path), 'utf8'));
      } catch {
        // gone since it was listed, or a folder: no config
      }
    }
    return texts;
  },
  existing: (paths) =>
    new Set(
      paths.filter((path) => {
        try {
          return statSync(join(root, path)).isFile();
        } catch {
          return false;
        }
      }),
    ),
});

/** What `text` (a config in `dir`) names as setup files: for each name, the project paths it may be. */
const namedIn = (dir: string, text: string, runner: SetupFile['runner']): string[][] => {
  const named: string[][] = [];
  const rootValue = ROOT_KEY[runner].exec(text)?.[1];
  const rooted = rootValue === undefined ? dir : posix.join(dir, rootValue);
  // jest's rootDir is a top-level option; a `root:` in a vitest config may be a plugin's (both are tried).
  const bases = runner === 'jest' ? [rooted] : [...new Set([dir, rooted])];
  for (const [, value] of text.matchAll(KEYS)) {
    for (const match of value!.matchAll(STRING)) {
      const raw = (match[1] ?? match[2] ?? match[3] ?? '').replace(/^<rootDir>(?:\/|$)/, '');
      if (raw === '' || raw.startsWith('/')) continue;
      named.push(
        bases.map((base) => posix.normalize(posix.join(base, raw))).filter((path) => !path.startsWith('..')),
      );
    }
  }
  return named;
};

/** The files a name may be, in the order tried: as written, then with each extension. */
const candidates = (path: string) => EXTENSIONS.map((ext) => path + ext);

/** The project paths of the setup files a name stands for (`paths`, by base), given which files exist. */
const resolveName = (paths: readonly string[], exists: ReadonlySet<string>): string[] => {
  // A package (`jest-extended/all`) names no file here; an extension-less path may.
  const hits = paths.flatMap((path) => candidates(path).find((candidate) => exists.has(candidate)) ?? []);
  // A path with an extension counts even when it is gone: deleting the setup file is a change to it.
  if (hits.length > 0) return hits;
  return paths[0] !== undefined && /\.[cm]?[jt]sx?$/.test(paths[0]) ? [paths[0]] : [];
};

const isConfigName = (name: string) => name === 'package.json' || CONFIG.test(name);

/**
 * The setup files of the runner configs at the project root and in the folders test groups run in
 * (`dirs`, project-relative), as `files` holds them. Reads only those few small files.
 */
export const findSetupFiles = (files: ProjectFiles, dirs: readonly string[] = []): SetupFile[] => {
  const folders = [...new Set(['.', ...dirs.map((d) => posix.normalize(d))])].filter(
    (d) => !d.startsWith('..'),
  );
  const found = files.filesIn(folders, isConfigName);
  if (found.length === 0) return [];
  const texts = files.read(found.map((file) => file.path));
  const configs = found.flatMap(({ dir, path: config }) => {
    let text = texts.get(config);
    if (text === undefined) return [];
    const match = CONFIG.exec(posix.basename(config));
    if (!match) {
      // Only package.json's "jest" section: the rest names scripts and entry points, not setup.
      const start = text.indexOf('"jest"');
      if (start < 0) return [];
      text = text.slice(start);
    }
    const runner: SetupFile['runner'] = match && !match[2] ? 'vitest' : 'jest';
    return [{ config, dir, runner, named: namedIn(dir, text, runner) }];
  });
  const exists = files.existing(configs.flatMap((c) => c.named.flat().flatMap(candidates)));
  return configs.flatMap(({ config, dir, runner, named }) =>
    [...new Set(named.flatMap((name) => resolveName(name, exists)))].map((path) => ({
      path,
      config,
      runner,
      dir,
    })),
  );
};

/**
 * The tests a setup file runs before: those of the groups its runner runs there (every test when no
 * group does; a config in a group's folder, only that folder's groups).
 */
export const testsAfterSetup = (setup: SetupFile, config: ResolvedConfig, tests: TestFile[]): TestFile[] => {
  const groups = new Set(
    config.groups
      .filter((g) => g.runner === setup.runner && (setup.dir === '.' || posix.normalize(g.cwd) === setup.dir))
      .map((g) => g.name),
  );
  return groups.size === 0 && setup.dir === '.' ? tests : tests.filter((test) => groups.has(test.group));
};

export const setupReason = (setup: SetupFile): string =>
  `a setup file of ${setup.config}: it runs before every ${setup.runner} test`;
