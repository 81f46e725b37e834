import { describe, expect, it } from 'vitest';
import { pickBackend } from '../../../src/checks/backend.js';
import { backendLine } from '../../../src/checks/messages.js';

describe('pickBackend', () => {
  it('prefers tfjs-node, then wasm, then cpu', () => {
    expect(pickBackend({ tensorflow: true, wasm: true }).name).toBe('tensorflow');
    expect(pickBackend({ tensorflow: false, wasm: true })).toEqual({
      name: 'wasm',
      reason: '@tensorflow/tfjs-node is not installed',
    });
    expect(pickBackend({ tensorflow: false, wasm: false }).name).toBe('cpu');
  });

  it('takes a preference when it is installed, and says so when it is not', () => {
    expect(pickBackend({ tensorflow: true, wasm: true }, 'cpu')).toEqual({
      name: 'cpu',
      reason: 'asked for',
    });
    expect(pickBackend({ tensorflow: false, wasm: false }, 'wasm')).toEqual({
      name: 'cpu',
      reason:
        'wasm was asked for but is not installed; neither @tensorflow/tfjs-node nor @tensorflow/tfjs-backend-wasm is installed',
    });
  });
});

describe('backendLine', () => {
  it('says once which backend runs, and why', () => {
    expect(
      backendLine({
        name: 'wasm',
        version: '4.22.0',
        simd: true,
        reason: '@tensorflow/tfjs-node is not installed',
        available: ['wasm', 'cpu'],
      }),
    ).toBe('mlhooks/checks: TensorFlow.js 4.22.0 on wasm (SIMD) (@tensorflow/tfjs-node is not installed)');
  });
});
