import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOutputs, positionOf } from '../../../src/checks/compareOutputs.js';

const TIGHT = { atol: 1e-4, rtol: 1e-3 };

describe('compareOutputs', () => {
  it('finds the largest difference and where it is', () => {
    expect(compareOutputs([1, 2, 3.5], [1, 2, 3], TIGHT)).toEqual({
      ok: false,
      maxDiff: 0.5,
      worst: 2,
      a: 3.5,
      b: 3,
    });
  });

  it('allows atol plus rtol of the reference', () => {
    expect(compareOutputs([1000.5], [1000], TIGHT).ok).toBe(true);
    expect(compareOutputs([1.01], [1], TIGHT).ok).toBe(false);
  });

  it('treats NaN on both sides as equal, NaN on one side as a difference', () => {
    expect(compareOutputs([Number.NaN, 1], [Number.NaN, 1], TIGHT).ok).toBe(true);
    expect(compareOutputs([Number.NaN], [1], TIGHT)).toMatchObject({
      ok: false,
      maxDiff: Number.POSITIVE_INFINITY,
      worst: 0,
    });
  });

  it('fails outputs of different lengths', () => {
    expect(compareOutputs([1, 2], [1], TIGHT)).toMatchObject({ ok: false, worst: -1 });
  });

  it('always accepts an output compared with itself', () => {
    fc.assert(
      fc.property(fc.array(fc.float()), (values) => {
        expect(compareOutputs(values, values, { atol: 0, rtol: 0 }).ok).toBe(true);
      }),
    );
  });
});

describe('positionOf', () => {
  it('turns a flat index into a position in the shape', () => {
    expect(positionOf(5, [2, 3])).toEqual([1, 2]);
    expect(positionOf(0, [4])).toEqual([0]);
    expect(positionOf(13, [2, 3, 4])).toEqual([1, 0, 1]);
  });
});
