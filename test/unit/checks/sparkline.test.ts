import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curveLine, formatLimit, formatNumber, sparkline } from '../../../src/checks/sparkline.js';

describe('sparkline', () => {
  it('draws one bar per value, lowest ▁ to highest █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 1, 2])).toBe('█▁▅');
  });

  it('averages a long curve into `width` buckets', () => {
    const falling = Array.from({ length: 200 }, (_, i) => 1.1 * Math.exp(-i / 40) + 0.4);
    const line = sparkline(falling);
    expect(line).toHaveLength(8);
    expect(line[0]).toBe('█');
    expect(line.at(-1)).toBe('▁');
    expect([...line].every((c, i, all) => i === 0 || c <= all[i - 1]!)).toBe(true);
  });

  it('draws a flat curve flat, float noise included', () => {
    expect(sparkline([1.1, 1.1, 1.1])).toBe('▄▄▄');
    expect(sparkline([1.1812, 1.1812001, 1.1811999, 1.1812])).toBe('▄▄▄▄');
  });

  it('marks NaN and Infinity with !', () => {
    expect(sparkline([1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])).toBe('█▁!!');
    expect(sparkline([Number.NaN])).toBe('!');
  });

  it('never draws more than `width` characters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 })),
        fc.integer({ min: 1, max: 20 }),
        (values, width) => {
          expect([...sparkline(values, width)].length).toBe(Math.min(values.length, width));
        },
      ),
    );
  });
});

describe('curveLine', () => {
  it('reads like the issue asks: loss 1.10 ▇▆▄▃▂▂▂▂ 0.41 after 200 steps', () => {
    const losses = Array.from({ length: 200 }, (_, i) => 0.4 + 0.7 * Math.exp(-i / 30));
    losses[199] = 0.41;
    expect(curveLine('loss', losses)).toMatch(/^loss 1\.10 [▁-█]{8} 0\.41 after 200 steps$/);
    expect(curveLine('val_acc', [0.5, 0.7], 'epochs')).toBe('val_acc 0.50 ▁█ 0.70 after 2 epochs');
    expect(curveLine('loss', [2])).toBe('loss 2.00 ▄ 2.00 after 1 step');
    expect(curveLine('loss', [])).toBe('loss: no steps ran');
  });
});

describe('numbers for people', () => {
  it('formatNumber keeps two decimals, then two significant digits', () => {
    expect([1.1, 0.41, 0.05, 1234.5, 0.00018, 1.2e-7, 0, Number.NaN].map(formatNumber)).toEqual([
      '1.10',
      '0.41',
      '0.05',
      '1235',
      '0.00018',
      '1.2e-7',
      '0',
      'NaN',
    ]);
  });

  it('formatLimit writes a limit as it was given', () => {
    expect([0.05, 1, 0.1, 0.0001, 0.99].map(formatLimit)).toEqual(['0.05', '1', '0.1', '0.0001', '0.99']);
  });
});
