// Fast: the model with random weights — shapes, probabilities, determinism. No training.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LABELS } from '../src/labels.js';
import { createModel, predict } from '../src/model.js';

test('one probability per label, summing to 1', () => {
  const p = predict(createModel(5), [1, 0, 2, 0, 1]);
  assert.equal(p.length, LABELS.length);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(p.every((v) => v >= 0 && v <= 1));
});

test('same seed, same model', () => {
  assert.deepEqual(createModel(4, { seed: 7 }), createModel(4, { seed: 7 }));
});
