import type { Lang } from './facts.js';

// The configs resolution reads, by name. Nothing imported: the parse worker tells them apart too.

export const PY_CONFIGS = new Set(['pyproject.toml', 'setup.cfg', 'setup.py', 'pytest.ini', 'tox.ini']);

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const isTsconfig = (path: string): boolean =>
  /^(?:tsconfig|jsconfig)(?:\..*)?\.json$/.test(nameOf(path));

/** package.json, a tsconfig, a Python config; checked only where the scanner allows one (most code does not). */
export const isConfig = (path: string, lang: Lang | null): boolean => {
  if (lang === 'js' || lang === 'jsx' || lang === 'sfc') return false;
  return lang === 'json' ? nameOf(path) === 'package.json' || isTsconfig(path) : PY_CONFIGS.has(nameOf(path));
};

/** The names of the configs resolution reads, as one test on a path (isConfig has the last word). */
export const RESOLUTION_CONFIG =
  /(?:^|\/)(?:package\.json|[tj]sconfig[^/]*\.json|pyproject\.toml|setup\.cfg|setup\.py|pytest\.ini|tox\.ini)$/;

/**
 * A test runner's config below the project root (a monorepo package's vitest.config.ts): it changes
 * how that package's tests run, so every code file under its folder counts as changed. At the root
 * these are in the default `always` list.
 */
export const RUNNER_CONFIG = /(?:^|\/)(?:vitest\.config|vitest\.workspace|vite\.config|jest\.config)\.[^/]+$/;
