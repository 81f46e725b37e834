// mlhooks checks itself: unit tests on commit, the integration and e2e suites on push.
// (A user's config starts with `import { defineConfig } from 'mlhooks'`; this repo cannot import itself.)
/** @type {import('./src/index.ts').MlhooksConfig} */
export default {
  tests: [
    {
      name: 'vitest',
      runner: 'vitest',
      include: ['test/**/*.test.ts'],
      exclude: ['test/fixtures/**'],
      // Real git repos, real child processes, real TensorFlow.js training: the slow tier.
      slow: { include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'] },
    },
  ],
  models: {
    // The CLI as users run it: any change to what it is built from runs the suites that drive it.
    cli: {
      inputs: ['src/**', 'templates/**', 'test/helpers/**', 'test/fixtures/**', 'tsdown.config.ts'],
      tests: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    },
  },
};
