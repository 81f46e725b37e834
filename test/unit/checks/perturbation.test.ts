import { describe, expect, it } from 'vitest';
import { accuracyOf, matches } from '../../../src/checks/accuracy.js';
import { decision, judgeDirection, judgeInvariance } from '../../../src/checks/perturbation.js';

describe('decision', () => {
  it('is the argmax, or the 0.5 threshold of a single score', () => {
    expect([decision([0.1, 0.7, 0.2]), decision([0.7]), decision([0.2])]).toEqual([1, 1, 0]);
  });
});

describe('judgeInvariance', () => {
  it('passes a kept class, fails a flipped one', () => {
    const outcomes = judgeInvariance(
      ['typo', 'synonym'],
      [
        [0.8, 0.2],
        [0.6, 0.4],
      ],
      [
        [0.75, 0.25],
        [0.4, 0.6],
      ],
    );
    expect(outcomes.map((o) => [o.name, o.ok, o.seen])).toEqual([
      ['typo', true, 'class 0 kept, its score moved -0.05'],
      ['synonym', false, 'class 0 became 1'],
    ]);
  });

  it('with a tolerance, also bounds how far the kept class moves', () => {
    expect(judgeInvariance([], [[0.9, 0.1]], [[0.6, 0.4]], 0.1)[0]).toMatchObject({ name: '#1', ok: false });
    expect(judgeInvariance([], [[0.9]], [[0.85]], 0.1)[0]!.ok).toBe(true);
  });
});

describe('judgeDirection', () => {
  it('wants the score to move the named way by more than minDelta', () => {
    const before = [
      [0.2, 0.8],
      [0.5, 0.5],
    ];
    const after = [
      [0.4, 0.6],
      [0.52, 0.48],
    ];
    expect(judgeDirection([], before, after, 0, 'up', 0.1).map((o) => [o.ok, o.seen])).toEqual([
      [true, '0.20 → 0.40 (+0.20)'],
      [false, '0.50 → 0.52 (+0.02)'],
    ]);
    expect(judgeDirection([], before, after, 1, 'down').map((o) => o.ok)).toEqual([true, true]);
  });
});

describe('accuracy', () => {
  it('compares one-hot rows, class indices and single scores', () => {
    expect(matches([0.1, 0.9], [0, 1])).toBe(true);
    expect(matches([0.1, 0.9], [0])).toBe(false);
    expect(matches([0.7], [1])).toBe(true);
    expect(
      accuracyOf(
        [
          [0.9, 0.1],
          [0.2, 0.8],
          [0.6, 0.4],
        ],
        [
          [1, 0],
          [0, 1],
          [0, 1],
        ],
      ),
    ).toBeCloseTo(2 / 3);
    expect(accuracyOf([], [])).toBe(0);
  });
});
