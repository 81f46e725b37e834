import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultResolve } from '../../../src/checks/backend.js';
import { configureChecks, loadTensorFlow, type Resolve, tensorflow } from '../../../src/checks/index.js';
import { isMlhooksError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/cli.js';

// Only the module-resolution seam is faked: the resolver says what is installed. What it finds is
// loaded for real (tfjs-node, which cannot install here, is a stand-in fixture).
const without =
  (...missing: string[]): Resolve =>
  (specifier) =>
    missing.includes(specifier) ? null : defaultResolve(specifier);

const FAKE_TFJS_NODE = join(FIXTURES, 'checks', 'fake-tfjs-node', 'index.cjs');
const withFakeNode: Resolve = (specifier) =>
  specifier === '@tensorflow/tfjs-node' ? FAKE_TFJS_NODE : defaultResolve(specifier);

describe('the backend', () => {
  it('is reported once per process, through the configured logger', async () => {
    const lines: string[] = [];
    configureChecks({ logger: { info: (line) => lines.push(line) } });
    await tensorflow();
    await tensorflow();
    expect(lines).toEqual([
      expect.stringMatching(
        /^mlhooks\/checks: TensorFlow\.js 4\.22\.0 on wasm \(SIMD\) \(@tensorflow\/tfjs-node is not installed\)$/,
      ),
    ]);
  });

  it('is wasm with SIMD when tfjs-node is not installed', async () => {
    const { tf, info } = await loadTensorFlow({ resolve: without('@tensorflow/tfjs-node') });
    expect(info).toMatchObject({ name: 'wasm', simd: true, available: ['wasm', 'cpu'] });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('is cpu when neither tfjs-node nor the wasm backend is installed', async () => {
    const { tf, info } = await loadTensorFlow({
      resolve: without('@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'),
    });
    expect(info).toMatchObject({ name: 'cpu', simd: null, available: ['cpu'] });
    expect(info.reason).toBe('neither @tensorflow/tfjs-node nor @tensorflow/tfjs-backend-wasm is installed');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('is tensorflow when tfjs-node is installed, and a model runs on it', async () => {
    const { tf, info } = await loadTensorFlow({ resolve: withFakeNode });
    expect(info).toMatchObject({ name: 'tensorflow', simd: null, available: ['tensorflow', 'wasm', 'cpu'] });
    expect(info.reason).toBe('@tensorflow/tfjs-node is installed');
    expect(tf.getBackend()).toBe('tensorflow');
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(y.dataSync()[0]).toBe(11);
  });

  it('honours a preference when that backend is installed, and says when it is not', async () => {
    expect((await loadTensorFlow({ resolve: withFakeNode, prefer: 'cpu' })).info).toMatchObject({
      name: 'cpu',
      reason: 'asked for',
    });
    const { info } = await loadTensorFlow({
      resolve: without('@tensorflow/tfjs-node'),
      prefer: 'tensorflow',
    });
    expect(info.name).toBe('wasm');
    expect(info.reason).toBe(
      'tensorflow was asked for but is not installed; @tensorflow/tfjs-node is not installed',
    );
  });

  it('is an environment error with the install command when TensorFlow.js is missing', async () => {
    const error = await loadTensorFlow({ resolve: () => null }).catch((e: unknown) => e);
    expect(isMlhooksError(error) && error.code).toBe('E_RUNNER_MISSING');
    expect((error as Error).message).toBe('mlhooks/checks needs @tensorflow/tfjs, which is not installed.');
    expect(isMlhooksError(error) && error.hint).toMatch(
      /^npm i -D @tensorflow\/tfjs @tensorflow\/tfjs-backend-wasm/,
    );
  });
});
