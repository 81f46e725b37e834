// Model checks on TensorFlow.js (mlhooks/checks): fast ones on commit, real-model ones on push.
import { readFileSync } from 'node:fs';
import { defineChecks, labelMapping, lossDecreases, outputRange } from 'mlhooks/checks';
import { LABELS } from '../src/labels.js';
import { buildVocab, vectorize } from '../src/tokenize.js';

// Literal URLs: mlhooks' import graph sees which data and weights this file reads.
const read = (url) => JSON.parse(readFileSync(url, 'utf8'));
const oneHot = (label) => LABELS.map((name) => (name === label ? 1 : 0));

// The sentiment model as a TF.js layer: softmax regression over bag-of-words counts.
const dense = (tf, inputs) =>
  tf.sequential({
    layers: [tf.layers.dense({ inputShape: [inputs], units: LABELS.length, activation: 'softmax' })],
  });

export default defineChecks({
  fast: {
    // Random weights, no data: one probability per label, summing to 1.
    probabilities: async ({ tf }) =>
      outputRange({ model: dense(tf, 12), input: tf.randomUniform([4, 12], 0, 3), kind: 'probabilities' }),
  },
  slow: {
    // The shipped weights (models/sentiment.json) put sentences of known meaning on the right label.
    labels: async ({ tf }) => {
      const shipped = read(new URL('../models/sentiment.json', import.meta.url));
      const vocab = new Map(shipped.vocab.map((word, i) => [word, i]));
      const model = (x) =>
        tf.softmax(tf.add(tf.matMul(x, tf.tensor2d(shipped.weights).transpose()), tf.tensor1d(shipped.bias)));
      return labelMapping({
        model,
        labels: LABELS,
        examples: [
          { input: vectorize('I love this great film', vocab), label: 'positive' },
          { input: vectorize('what a wonderful happy day', vocab), label: 'positive' },
          { input: vectorize('I hate this awful film', vocab), label: 'negative' },
          { input: vectorize('a terrible sad day', vocab), label: 'negative' },
        ],
      });
    },
    // Real training on the real data: the loss falls.
    learns: async ({ tf }) => {
      const data = read(new URL('../data/train.json', import.meta.url));
      const vocab = buildVocab(data.map((row) => row.text));
      return lossDecreases({
        model: dense(tf, vocab.size),
        x: data.map((row) => vectorize(row.text, vocab)),
        y: data.map((row) => oneHot(row.label)),
        optimizer: tf.train.sgd(0.5),
        loss: 'categoricalCrossentropy',
        steps: 60,
      });
    },
  },
});
