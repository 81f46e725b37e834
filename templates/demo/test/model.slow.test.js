// Slow: the real model (runs on push). Mocking it would hide exactly these bugs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LABELS } from '../src/labels.js';
import { classify, createModel, loadModel, train } from '../src/model.js';
import { buildVocab, vectorize } from '../src/tokenize.js';

// Literal URLs: mlhooks' import graph sees which data and weights this file reads.
const read = (url) => JSON.parse(readFileSync(url, 'utf8'));

test('training on the data lowers the loss', () => {
  const data = read(new URL('../data/train.json', import.meta.url));
  const vocab = buildVocab(data.map((row) => row.text));
  const losses = train(
    createModel(vocab.size),
    data.map((row) => vectorize(row.text, vocab)),
    data.map((row) => LABELS.indexOf(row.label)),
    { steps: 100 },
  );
  assert.ok(
    losses.at(-1) < losses[0] * 0.5,
    `loss ${losses[0].toFixed(3)} -> ${losses.at(-1).toFixed(3)}, wanted it halved`,
  );
});

test('the shipped weights put known sentences on the right label', () => {
  const { model, vocab } = loadModel(read(new URL('../models/sentiment.json', import.meta.url)));
  for (const [text, label] of [
    ['I love this great film', 'positive'],
    ['I hate this awful film', 'negative'],
  ]) {
    assert.equal(
      classify(model, vectorize(text, vocab)),
      label,
      `"${text}" should be ${label} (labels: ${LABELS.join(', ')})`,
    );
  }
});
