import { defineConfig } from 'mlhooks';

export default defineConfig({
  models: {
    // Code, training data and shipped weights: a change to any of them runs the model's tests.
    sentiment: {
      inputs: ['src/**', 'data/**', 'models/**'],
      tests: ['test/model*.test.js'],
    },
  },
});
