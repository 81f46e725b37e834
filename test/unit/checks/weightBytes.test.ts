import { describe, expect, it } from 'vitest';
import { describeWeight, expectedBytes, weightBytes } from '../../../src/checks/io/weightBytes.js';

describe('weight sizes in a shard', () => {
  it('counts float32 at 4 bytes, quantized weights at their stored size', () => {
    expect(weightBytes({ name: 'k', shape: [4, 16], dtype: 'float32' })).toBe(256);
    expect(
      weightBytes({
        name: 'q',
        shape: [3, 3, 3, 32],
        dtype: 'float32',
        quantization: { dtype: 'uint8', scale: 0.1, min: -1 },
      }),
    ).toBe(864);
    expect(
      weightBytes({ name: 'h', shape: [10], dtype: 'float32', quantization: { dtype: 'float16' } }),
    ).toBe(20);
    expect(weightBytes({ name: 'b', shape: [], dtype: 'bool' })).toBe(1);
  });

  it('sums a group, and gives up on variable-length strings', () => {
    expect(
      expectedBytes([
        { name: 'k', shape: [4, 3], dtype: 'float32' },
        { name: 'b', shape: [3], dtype: 'int32' },
      ]),
    ).toBe(60);
    expect(expectedBytes([{ name: 's', shape: [2], dtype: 'string' }])).toBeNull();
  });

  it('names a weight the way error messages show it', () => {
    expect(describeWeight({ name: 'dense/kernel', shape: [4, 3], dtype: 'float32' })).toBe(
      'dense/kernel [4,3] float32',
    );
    expect(
      describeWeight({
        name: 'conv/filters',
        shape: [3, 3],
        dtype: 'float32',
        quantization: { dtype: 'uint8' },
      }),
    ).toBe('conv/filters [3,3] float32 stored as uint8');
  });
});
