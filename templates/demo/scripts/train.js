// Trains the model on data/train.json and writes models/sentiment.json (run: node scripts/train.js [steps]).
import { readFileSync, writeFileSync } from 'node:fs';
import { LABELS } from '../src/labels.js';
import { createModel, train } from '../src/model.js';
import { buildVocab, vectorize } from '../src/tokenize.js';

const data = JSON.parse(readFileSync(new URL('../data/train.json', import.meta.url), 'utf8'));
const vocab = buildVocab(data.map((row) => row.text));
const model = createModel(vocab.size);
const losses = train(
  model,
  data.map((row) => vectorize(row.text, vocab)),
  data.map((row) => LABELS.indexOf(row.label)),
  { steps: 300 },
);
const round = (v) => Math.round(v * 1e4) / 1e4;
writeFileSync(
  new URL('../models/sentiment.json', import.meta.url),
  `${JSON.stringify({ labels: LABELS, vocab: [...vocab.keys()], weights: model.weights.map((w) => w.map(round)), bias: model.bias.map(round) })}\n`,
);
console.log(`loss ${losses[0].toFixed(3)} -> ${losses.at(-1).toFixed(3)}`);
