import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { RunnerName } from '../types.js';
import type { TestFile } from './classifyTests.js';

// The files a test runner loads before every test file: vitest's `setupFiles` and `globalSetup`,
// jest's `setupFiles`, `setupFilesAfterEnv`, `globalSetup` and `globalTeardown`, named in a runner
// config at the project root (or in package.json's "jest"). No test imports them, yet a change to
// one, or to what it imports, can break any test that runner runs.

export interface SetupFile {
  /** Project-relative. */
  path: string;
  /** The config that names it. */
  config: string;
  runner: Extract<RunnerName, 'vitest' | 'jest'>;
}

const CONFIG = /^(?:(vitest|vite)\.config|vitest\.workspace|(jest)\.config)\.(?:[mc]?[jt]s|json)$/;
const KEYS =
  /["']?\b(?:setupFiles(?:AfterEnv)?|globalSetup|globalTeardown)\b["']?\s*:\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|`[^`$]*`)/g;
const STRING = /"([^"\n]*)"|'([^'\n]*)'|`([^`$\n]*)`/g;
const EXTENSIONS = ['', '.ts', '.js', '.mts', '.mjs', '.cts', '.cjs', '.tsx', '.jsx'];

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The setup files named in `text`, as project paths of files that exist. */
const namedIn = (root: string, text: string): string[] => {
  const found: string[] = [];
  for (const [, value] of text.matchAll(KEYS)) {
    for (const match of value!.matchAll(STRING)) {
      const raw = (match[1] ?? match[2] ?? match[3] ?? '').replace(/^<rootDir>\//, '');
      if (raw === '' || raw.startsWith('/')) continue;
      const path = posix.normalize(raw);
      if (path.startsWith('..')) continue;
      // A package (`jest-extended/all`) names no file here; an extension-less path may.
      const hit = EXTENSIONS.map((ext) => path + ext).find((candidate) => isFile(join(root, candidate)));
      // A path with an extension counts even when it is gone: deleting the setup file is a change to it.
      if (hit) found.push(hit);
      else if (/\.[cm]?[jt]sx?$/.test(path)) found.push(path);
    }
  }
  return found;
};

/** The setup files of the runner configs at the project root. Reads only those few small files. */
export const findSetupFiles = (root: string): SetupFile[] => {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const setup: SetupFile[] = [];
  for (const name of names) {
    const match = CONFIG.exec(name);
    if (!match && name !== 'package.json') continue;
    let text: string;
    try {
      text = readFileSync(join(root, name), 'utf8');
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
    for (const path of namedIn(root, text)) setup.push({ path, config: name, runner });
  }
  return setup;
};

/** The tests a setup file runs before: those of the groups its runner runs (every test when none does). */
export const testsAfterSetup = (setup: SetupFile, config: ResolvedConfig, tests: TestFile[]): TestFile[] => {
  const groups = new Set(config.groups.filter((g) => g.runner === setup.runner).map((g) => g.name));
  return groups.size === 0 ? tests : tests.filter((test) => groups.has(test.group));
};

export const setupReason = (setup: SetupFile): string =>
  `a setup file of ${setup.config}: it runs before every ${setup.runner} test`;
