// Fast: pre-processing on small inline data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVocab, tokenize, vectorize } from '../src/tokenize.js';

test('tokenize lower-cases and drops punctuation', () => {
  assert.deepEqual(tokenize('Great film, LOVED it!'), ['great', 'film', 'loved', 'it']);
});

test('vectorize counts known words and drops unknown ones', () => {
  const vocab = buildVocab(['a b', 'b c']);
  assert.deepEqual(vectorize('b b z', vocab), [0, 2, 0]);
});
