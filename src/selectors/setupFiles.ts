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

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The setup files named in `text` (a config in `dir`), as project paths of files that exist. */
const namedIn = (root: string, dir: string, text: string, runner: SetupFile['runner']): string[] => {
  const found: string[] = [];
  const rootValue = ROOT_KEY[runner].exec(text)?.[1];
  const rooted = rootValue === undefined ? dir : posix.join(dir, rootValue);
  // jest's rootDir is a top-level option; a `root:` in a vitest config may be a plugin's (both are tried).
  const bases = runner === 'jest' ? [rooted] : [...new Set([dir, rooted])];
  for (const [, value] of text.matchAll(KEYS)) {
    for (const match of value!.matchAll(STRING)) {
      const raw = (match[1] ?? match[2] ?? match[3] ?? '').replace(/^<rootDir>(?:\/|$)/, '');
      if (raw === '' || raw.startsWith('/')) continue;
      const paths = bases
        .map((base) => posix.normalize(posix.join(base, raw)))
        .filter((path) => !path.startsWith('..'));
      // A package (`jest-extended/all`) names no file here; an extension-less path may.
      const hits = paths.flatMap(
        (path) =>
          EXTENSIONS.map((ext) => path + ext).find((candidate) => isFile(join(root, candidate))) ?? [],
      );
      // A path with an extension counts even when it is gone: deleting the setup file is a change to it.
      if (hits.length > 0) found.push(...hits);
      else if (paths[0] !== undefined && /\.[cm]?[jt]sx?$/.test(paths[0])) found.push(paths[0]);
    }
  }
  return [...new Set(found)];
};

/**
 * The setup files of the runner configs at the project root and in the folders test groups run in
 * (`dirs`, project-relative). Reads only those few small files.
 */
export const findSetupFiles = (root: string, dirs: readonly string[] = []): SetupFile[] => {
  const setup: SetupFile[] = [];
  for (const dir of new Set(['.', ...dirs.map((d) => posix.normalize(d))])) {
    if (dir.startsWith('..')) continue;
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      const match = CONFIG.exec(name);
      if (!match && name !== 'package.json') continue;
      let text: string;
      try {
        text = readFileSync(join(root, dir, name), 'utf8');
      } catch {
        continue;
      }
      if (name === 'package.json') {
        // Only its "jest" section: the rest names scripts and entry points, not setup.
        const start = text.indexOf('"jest"');
        if (start < 0) continue;
        text = text.slice(start);
      }
      const runner = match && !match[2] ? 'vitest' : 'jest';
      const config = posix.join(dir, name);
      for (const path of namedIn(root, dir, text, runner)) setup.push({ path, config, runner, dir });
    }
  }
  return setup;
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
