import { defineConfig } from 'mlhooks';

export default defineConfig({
  models: {
    // Code, training data and shipped weights: a change to any of them runs the model's tests.
    sentiment: {
      inputs: ['src/**', 'data/**', 'models/**'],
      tests: ['test/model*.test.js'],
      // TensorFlow.js checks (mlhooks/checks): probabilities on commit; label map and training on push.
      checks: 'checks/sentiment.check.mjs',
    },
  },
});
