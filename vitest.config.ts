import { configDefaults, defineConfig } from 'vitest/config';

// Four projects with their own timeouts: `npm test` runs them all, `vitest run --project unit` one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.fault.test.ts'],
          globalSetup: ['test/helpers/ensureBuilt.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Seeded fault injection (kills and crashes at random and at every file operation):
          // MLHOOKS_FAULT_TRIALS sizes it; docs/reliability.md has the full run.
          name: 'fault',
          include: ['test/integration/reliability/**/*.fault.test.ts'],
          globalSetup: ['test/helpers/ensureBuilt.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxConcurrency: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
