import { LABELS } from './labels.js';

// A seeded generator, so a model built twice from the same seed is the same model.
const random = (seed) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

/** Softmax regression: weights[class][feature], bias[class]. */
export const createModel = (features, { seed = 1 } = {}) => {
  const rand = random(seed);
  return {
    weights: LABELS.map(() => Array.from({ length: features }, () => (rand() - 0.5) * 0.1)),
    bias: LABELS.map(() => 0),
  };
};

/** Class probabilities for one input vector; they sum to 1. */
export const predict = (model, x) => {
  const logits = model.weights.map((w, c) => w.reduce((sum, wi, i) => sum + wi * x[i], model.bias[c]));
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
};

/** Mean cross-entropy of a batch. */
export const loss = (model, xs, ys) =>
  xs.reduce((sum, x, i) => sum - Math.log(predict(model, x)[ys[i]] + 1e-12), 0) / xs.length;

/** Full-batch gradient descent; returns the loss after each step. */
export const train = (model, xs, ys, { steps = 200, lr = 0.5 } = {}) => {
  const losses = [];
  for (let step = 0; step < steps; step++) {
    const gradW = model.weights.map((w) => w.map(() => 0));
    const gradB = model.bias.map(() => 0);
    xs.forEach((x, i) => {
      const p = predict(model, x);
      p.forEach((pc, c) => {
        const d = pc - (c === ys[i] ? 1 : 0);
        gradB[c] += d / xs.length;
        x.forEach((xi, j) => {
          gradW[c][j] += (d * xi) / xs.length;
        });
      });
    });
    model.weights = model.weights.map((w, c) => w.map((wi, j) => wi - lr * gradW[c][j]));
    model.bias = model.bias.map((b, c) => b - lr * gradB[c]);
    losses.push(loss(model, xs, ys));
  }
  return losses;
};

/** The label name the model gives a vector. */
export const classify = (model, x) => {
  const p = predict(model, x);
  return LABELS[p.indexOf(Math.max(...p))];
};

/** Loads weights saved by scripts/train.js: { vocab: [...words], weights, bias }. */
export const loadModel = (json) => ({
  vocab: new Map(json.vocab.map((word, i) => [word, i])),
  model: { weights: json.weights, bias: json.bias },
});
