import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchSubset } from '../../../src/checks/matchSubset.js';

describe('matchSubset', () => {
  it('accepts an answer holding everything expected, extra fields included', () => {
    expect(matchSubset({ label: 'positive', score: 0.93, model: 'v2' }, { label: 'positive' })).toBeNull();
    expect(matchSubset([{ a: 1, b: 2 }], [{ a: 1 }])).toBeNull();
  });

  it('says where an answer differs', () => {
    expect(matchSubset({ label: 'negative' }, { label: 'positive' })).toBe(
      'label is "negative", wanted "positive"',
    );
    expect(matchSubset({ result: { classes: ['a', 'c'] } }, { result: { classes: ['a', 'b'] } })).toBe(
      'result.classes[1] is "c", wanted "b"',
    );
    expect(matchSubset('oops', { label: 'x' })).toBe('the answer is "oops", wanted an object');
    expect(matchSubset([1], [1, 2])).toBe('the answer has 1 items, wanted 2');
    expect(matchSubset({}, { label: 'x' })).toBe('label is undefined, wanted "x"');
  });

  it('bounds numbers with $gte, $gt, $lte, $lt', () => {
    expect(matchSubset({ score: 0.995 }, { score: { $gte: 0.99 } })).toBeNull();
    expect(matchSubset({ score: 0.5 }, { score: { $gte: 0.99 } })).toBe('score is 0.50, wanted >= 0.99');
    expect(matchSubset({ score: 0.5 }, { score: { $gt: 0.1, $lt: 0.5 } })).toBe(
      'score is 0.50, wanted < 0.5',
    );
    expect(matchSubset({ score: 'high' }, { score: { $lte: 1 } })).toBe('score is "high", wanted a number');
  });

  it('reads only own fields: names like toString and constructor are ordinary keys', () => {
    expect(matchSubset({ toString: {} }, { toString: {} })).toBeNull();
    expect(matchSubset({ constructor: 1 }, { constructor: 1 })).toBeNull();
    expect(matchSubset({}, { constructor: 1 })).toBe('constructor is undefined, wanted 1.00');
    expect(matchSubset({ score: 1 }, { score: { toString: 1 } })).toBe('score is 1.00, wanted an object');
  });

  it('always matches a JSON value against itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(matchSubset(value, value)).toBeNull();
      }),
    );
  });
});
