import type { Stage, Tier } from '../types.js';
import type { TestGroupConfig } from './types.js';

export const CONFIG_FILES = ['mlhooks.config.mjs', 'mlhooks.config.js', 'mlhooks.config.json'] as const;

export const DEFAULT_STAGES: Record<Stage, Tier[]> = {
  'pre-commit': ['fast'],
  'pre-push': ['fast', 'slow'],
  'pre-merge-commit': ['fast', 'slow'],
  ci: ['fast', 'slow'],
};

export const DEFAULT_TIMEOUT_SECONDS: Record<Tier, number> = { fast: 300, slow: 1800 };

/**
 * Files whose change can affect any test: configs of the tools, dependency locks. (A conftest.py is
 * not here: the import graph selects the tests below it.)
 */
export const DEFAULT_ALWAYS = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'pdm.lock',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
  'pytest.ini',
  'tox.ini',
  'tsconfig*.json',
  'vitest.config.*',
  'vitest.workspace.*',
  'vite.config.*',
  'jest.config.*',
];

export const PYTEST_GROUP: TestGroupConfig = {
  name: 'pytest',
  runner: 'pytest',
  include: ['**/test_*.py', '**/*_test.py'],
  exclude: ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/site-packages/**'],
  slow: { marker: 'slow' },
};

export const jsGroup = (runner: 'vitest' | 'jest' | 'node'): TestGroupConfig => ({
  name: runner,
  runner,
  include: ['**/*.{test,spec}.{js,mjs,cjs,ts,mts,cts,jsx,tsx}'],
  exclude: ['**/node_modules/**', '**/dist/**', '**/build/**'],
  slow: { include: ['**/*.slow.{test,spec}.*'] },
});

/** File extensions of code, for naming conventions (and later the import graph). */
export const CODE_EXTENSIONS = [
  '.py',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.vue',
  '.svelte',
  '.astro',
];
