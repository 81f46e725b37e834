import { defineConfig } from 'mlhooks';

export default defineConfig({
  models: {
    // Code and training data: a change to any of them runs the model's tests and checks. The shipped
    // weights need no glob: the import graph sees which tests and checks read models/sentiment.json.
    sentiment: {
      inputs: ['src/**', 'data/**'],
      tests: ['test/model*.test.js'],
      // TensorFlow.js checks (mlhooks/checks): probabilities on commit; label map and training on push.
      checks: 'checks/sentiment.check.mjs',
    },
  },
});
