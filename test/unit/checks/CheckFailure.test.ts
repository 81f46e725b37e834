import { describe, expect, it } from 'vitest';
import { CheckFailure, formatFailure, isCheckFailure } from '../../../src/checks/CheckFailure.js';

describe('CheckFailure', () => {
  it('puts the headline first, details indented, the hint last', () => {
    expect(
      formatFailure('canOverfit', {
        headline: 'loss 1.10 ▇▆▄▃▂▂▂▂ 0.41 after 200 steps, wanted < 0.05',
        details: ['best loss 0.40'],
        hint: 'check the learning rate',
      }),
    ).toBe(
      'canOverfit: loss 1.10 ▇▆▄▃▂▂▂▂ 0.41 after 200 steps, wanted < 0.05\n  best loss 0.40\n  hint: check the learning rate',
    );
    expect(formatFailure('finite', { headline: 'NaN in 3 of 12 outputs' })).toBe(
      'finite: NaN in 3 of 12 outputs',
    );
  });

  it('is an Error that carries its evidence and serialises to JSON', () => {
    const error = new CheckFailure(
      { check: 'outputShape', backend: 'cpu', shape: [2, 3] },
      { headline: 'output shape [2, 3], wanted [*, 4]' },
    );
    expect(error).toBeInstanceOf(Error);
    expect(isCheckFailure(error)).toBe(true);
    expect(isCheckFailure(new Error('x'))).toBe(false);
    expect(error).toMatchObject({
      name: 'CheckFailure',
      check: 'outputShape',
      headline: 'output shape [2, 3], wanted [*, 4]',
    });
    expect(String(error)).toBe('CheckFailure: outputShape: output shape [2, 3], wanted [*, 4]');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'CheckFailure',
      check: 'outputShape',
      message: 'outputShape: output shape [2, 3], wanted [*, 4]',
      evidence: { check: 'outputShape', backend: 'cpu', shape: [2, 3] },
    });
  });
});
