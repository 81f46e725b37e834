import { describe, expect, it } from 'vitest';
import {
  decreased,
  defaultWindow,
  firstReached,
  goalOf,
  meets,
  summarizeCurve,
} from '../../../src/checks/analyzeCurve.js';

// A seeded generator, so the "noise" is the same every run.
const noise = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296 - 0.5;
};

describe('summarizeCurve', () => {
  it('averages a window at each end', () => {
    const summary = summarizeCurve([4, 2, 3, 1, 1, 0], 2);
    expect(summary).toMatchObject({
      steps: 6,
      first: 4,
      last: 0,
      min: 0,
      minStep: 5,
      start: 3,
      end: 0.5,
      window: 2,
      finite: true,
    });
    expect(summary.drop).toBeCloseTo(5 / 6);
  });

  it('takes a tenth of the curve as the window, between 1 and 10', () => {
    expect([3, 30, 50, 500].map(defaultWindow)).toEqual([1, 3, 5, 10]);
    expect(summarizeCurve([1, 2, 3]).window).toBe(1);
  });

  it('never lets the windows overlap', () => {
    expect(summarizeCurve([2, 1, 0], 10).window).toBe(1);
    expect(summarizeCurve([5], 3)).toMatchObject({ window: 1, start: 5, end: 5, drop: 0 });
  });

  it('notices NaN', () => {
    expect(summarizeCurve([1, Number.NaN, 0.5]).finite).toBe(false);
  });
});

describe('decreased, with noise', () => {
  it('passes a noisy curve that goes down, even when single steps go up', () => {
    const jitter = noise(1);
    const curve = Array.from({ length: 50 }, (_, i) => 1 - i / 100 + 0.15 * jitter());
    expect(curve.some((v, i) => i > 0 && v > curve[i - 1]!)).toBe(true);
    expect(decreased(summarizeCurve(curve), 0.1)).toBe(true);
  });

  it('fails a flat noisy curve even when its last point happens to be lower than its first', () => {
    const jitter = noise(7);
    const curve = Array.from({ length: 50 }, () => 1 + 0.2 * jitter());
    curve[0] = 1.2;
    curve[49] = 0.8;
    // The naive first-vs-last comparison would call this a 33% drop.
    expect((curve[0]! - curve[49]!) / curve[0]!).toBeGreaterThan(0.3);
    expect(decreased(summarizeCurve(curve), 0.1)).toBe(false);
  });

  it('fails a rising curve, a NaN curve and a single step', () => {
    expect(decreased(summarizeCurve([1, 1.1, 1.2, 1.3]), 0)).toBe(false);
    expect(decreased(summarizeCurve([1, 0.5, Number.NaN, 0.1]), 0.1)).toBe(false);
    expect(decreased(summarizeCurve([1]), 0)).toBe(false);
  });
});

describe('targets', () => {
  it('knows losses go down and scores go up', () => {
    expect(['loss', 'val_loss', 'mse', 'error_rate'].map(goalOf)).toEqual(['min', 'min', 'min', 'min']);
    expect(['acc', 'val_accuracy', 'auc', 'f1'].map(goalOf)).toEqual(['max', 'max', 'max', 'max']);
  });

  it('meets: strictly below a loss target, at or above a score target, never for NaN', () => {
    expect([
      meets(0.04, 0.05, 'min'),
      meets(0.05, 0.05, 'min'),
      meets(1, 1, 'max'),
      meets(Number.NaN, 1, 'min'),
    ]).toEqual([true, false, true, false]);
    expect(firstReached([0.9, 0.5, 0.04, 0.01], 0.05, 'min')).toBe(2);
    expect(firstReached([0.5, 0.6], 0.9, 'max')).toBe(-1);
  });
});
