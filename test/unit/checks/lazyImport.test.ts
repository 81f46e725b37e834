import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('importing mlhooks/checks', () => {
  it('loads no TensorFlow.js until a check runs', async () => {
    const checks = await import('../../../src/checks/index.js');
    expect(typeof checks.canOverfit).toBe('function');
    expect(checks.defineChecks({ fast: {} })).toEqual({ fast: {} });
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) =>
      file.includes('@tensorflow'),
    );
    expect(loaded).toEqual([]);
  });
});
