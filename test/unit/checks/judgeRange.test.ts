import { describe, expect, it } from 'vitest';
import { judgeRange } from '../../../src/checks/fast/judgeRange.js';
import { shapeMatches } from '../../../src/checks/fast/outputShape.js';

describe('judgeRange', () => {
  it('passes probabilities in [0, 1] that sum to 1 per row', () => {
    expect(
      judgeRange(
        [
          [0.2, 0.8],
          [0.5, 0.5],
        ],
        { kind: 'probabilities' },
      ),
    ).toMatchObject({ ok: true, problems: [], min: 0.2, max: 0.8 });
  });

  it('names rows that do not sum to 1 and values out of range', () => {
    const report = judgeRange(
      [
        [0.7, 0.7],
        [-0.1, 1.1],
      ],
      { kind: 'probabilities' },
    );
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      'row 0 sums to 1.40, not 1 ± 0.001',
      '[1, 0] is -0.10, outside [0, 1]',
      '[1, 1] is 1.10, outside [0, 1]',
    ]);
    expect(report.worstSum).toBeCloseTo(1.4);
  });

  it('takes a sum tolerance', () => {
    expect(judgeRange([[0.5, 0.505]], { kind: 'probabilities', tolerance: 0.01 }).ok).toBe(true);
  });

  it('asks only finiteness of logits, and any bounds given', () => {
    expect(judgeRange([[-40, 12]], { kind: 'logits' }).ok).toBe(true);
    expect(judgeRange([[Number.NaN, Number.NEGATIVE_INFINITY]], { kind: 'logits' }).problems).toEqual([
      '[0, 0] is NaN',
      '[0, 1] is -Infinity',
    ]);
    expect(judgeRange([[-1, 2]], { min: -1, max: 1 }).problems).toEqual(['[0, 1] is 2.00, outside [-1, 1]']);
  });
});

describe('shapeMatches', () => {
  it('matches sizes, with null for any size', () => {
    expect(shapeMatches([6, 3], [null, 3])).toBe(true);
    expect(shapeMatches([6, 3], [6, 4])).toBe(false);
    expect(shapeMatches([6, 3], [null, 3, 1])).toBe(false);
  });
});
