import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/checks/expectation.js';

const LABELS = ['safe', 'unsafe'];

describe('evaluateRule: "score >= 0.99 means unsafe"', () => {
  it('passes a score at the threshold and fails one just under it', () => {
    expect(evaluateRule([0.01, 0.99], { output: 'unsafe', atLeast: 0.99 }, LABELS)).toEqual({
      ok: true,
      wanted: 'unsafe >= 0.99',
      seen: 'unsafe 0.99',
      value: 0.99,
    });
    expect(evaluateRule([0.011, 0.989], { output: 'unsafe', atLeast: 0.99 }, LABELS)).toMatchObject({
      ok: false,
      seen: 'unsafe 0.99',
    });
  });

  it('bounds from above, from both sides, and by index for single-score models', () => {
    expect(evaluateRule([0.3, 0.7], { output: 'unsafe', atMost: 0.5 }, LABELS)).toMatchObject({
      ok: false,
      wanted: 'unsafe <= 0.5',
    });
    expect(evaluateRule([0.4], { atLeast: 0.2, atMost: 0.6 })).toMatchObject({
      ok: true,
      wanted: 'output 0 >= 0.2 and output 0 <= 0.6',
    });
    expect(evaluateRule([0.2, 0.8], { output: 1, atLeast: 0.5 }, LABELS)).toMatchObject({
      ok: true,
      wanted: 'unsafe (1) >= 0.5',
    });
  });

  it('checks the top class', () => {
    expect(evaluateRule([0.6, 0.4], { top: 'unsafe' }, LABELS)).toEqual({
      ok: false,
      wanted: 'top class unsafe',
      seen: 'top class safe 0.60',
      value: null,
    });
    expect(evaluateRule([0.1, 0.5, 0.4], { top: 1 })).toMatchObject({
      ok: true,
      seen: 'top class output 1 0.50',
    });
  });

  it('never passes NaN', () => {
    expect(evaluateRule([Number.NaN], { atMost: 1 }).ok).toBe(false);
  });

  it('rejects a rule that names no output the model has, or asks nothing', () => {
    expect(() => evaluateRule([0.5, 0.5], { output: 'toxic', atLeast: 0.5 }, LABELS)).toThrow(
      'output "toxic" is not one of the model\'s 2 outputs (labels: safe, unsafe)',
    );
    expect(() => evaluateRule([0.5], { output: 3, atLeast: 0.5 })).toThrow(
      /is not one of the model's 1 outputs$/,
    );
    expect(() => evaluateRule([0.5], {})).toThrow('an output rule needs atLeast, atMost or top');
  });
});

describe('evaluateRule on a single sigmoid score with two labels', () => {
  it('reads the score as the second class and 1 - score as the first', () => {
    expect(evaluateRule([0.995], { output: 'unsafe', atLeast: 0.99 }, LABELS)).toMatchObject({
      ok: true,
      value: 0.995,
    });
    expect(evaluateRule([0.995], { output: 'safe', atMost: 0.01 }, LABELS).ok).toBe(true);
    expect(evaluateRule([0.3], { top: 'safe' }, LABELS)).toMatchObject({
      ok: true,
      seen: 'top class safe 0.70',
    });
  });
});
