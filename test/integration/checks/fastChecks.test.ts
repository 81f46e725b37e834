import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  backendRoundTrip,
  CheckFailure,
  deterministic,
  finite,
  outputRange,
  outputShape,
  type WeightsUpdateEvidence,
  weightsUpdate,
} from '../../../src/checks/index.js';
import { isMlhooksError } from '../../../src/errors.js';
import { classifier, tf, X, Y } from './tinyModels.js';

// The fast tier: random (seeded) weights, real TensorFlow.js, no training beyond one step.

const failure = async (promise: Promise<unknown>): Promise<CheckFailure> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckFailure);
  return error as CheckFailure;
};

describe('outputShape', () => {
  it('passes when the batch axis is free and the classes match', async () => {
    const evidence = await outputShape({ model: await classifier(), input: X, expected: [null, 3] });
    expect(evidence).toMatchObject({ check: 'outputShape', shape: [6, 3] });
  });

  it('says which shape it saw and which it wanted', async () => {
    const error = await failure(outputShape({ model: await classifier(), input: X, expected: [null, 4] }));
    expect(error.message).toMatch(/^outputShape: output shape \[6, 3\], wanted \[\*, 4\] \(\* is any size\)/);
    expect(error.evidence.shape).toEqual([6, 3]);
  });
});

describe('outputRange', () => {
  it('passes softmax outputs as probabilities', async () => {
    const evidence = await outputRange({ model: await classifier(), input: X, kind: 'probabilities' });
    expect(evidence.min).toBeGreaterThanOrEqual(0);
    expect(evidence.max).toBeLessThanOrEqual(1);
    expect(Math.abs(evidence.worstSum! - 1)).toBeLessThan(1e-3);
  });

  it('catches logits passed off as probabilities', async () => {
    const t = await tf();
    const logits = t.sequential({
      layers: [
        t.layers.dense({
          units: 3,
          inputShape: [4],
          kernelInitializer: t.initializers.constant({ value: 2 }),
        }),
      ],
    });
    const error = await failure(outputRange({ model: logits, input: X, kind: 'probabilities' }));
    expect(error.message).toMatch(
      /^outputRange: \d+ output problems .*wanted probabilities in \[0, 1\] that sum to 1/,
    );
    expect(error.message).toContain('row 0 sums to 6.00, not 1 ± 0.001');
    expect(error.message).toContain('hint: a last layer without softmax');
  });
});

describe('finite', () => {
  it('checks outputs, loss and every gradient of a LayersModel', async () => {
    const evidence = await finite({ model: await classifier(), input: X, target: Y });
    expect(evidence.gradients).toBe(4);
    expect(Number.isFinite(evidence.loss)).toBe(true);
    expect(evidence.broken).toEqual([]);
  });

  it('checks the loss of any model given a loss function, and names unknown loss names', async () => {
    const t = await tf();
    const model = (x: tfjs.Tensor) => t.softmax(t.slice(x, [0, 0], [-1, 3]));
    const evidence = await finite({
      model,
      input: X,
      target: Y,
      loss: (yTrue, yPred) => t.sub(yTrue, yPred).square(),
    });
    expect(evidence).toMatchObject({ gradients: null, broken: [] });
    expect(evidence.loss).toBeGreaterThan(0);
    const error = await finite({ model, input: X, target: Y, loss: 'crossEntropyPlease' }).catch(
      (e: unknown) => e,
    );
    expect(isMlhooksError(error) && error.code).toBe('E_USAGE');
    expect((error as Error).message).toMatch(/^finite: unknown loss "crossEntropyPlease"/);
  });

  it('finds NaN in the outputs', async () => {
    const t = await tf();
    // log of a negative number: the classic NaN.
    const error = await failure(finite({ model: (x) => t.log(t.sub(x, 0.5)), input: X }));
    expect(error.message).toMatch(/^finite: NaN or Infinity in \d+ of 24 outputs/);
  });

  it('finds NaN in the gradients when the outputs look fine', async () => {
    const t = await tf();
    const model = await classifier();
    // sqrt at 0 has an infinite gradient: the loss is finite, training would still blow up.
    const sqrtLoss = (yTrue: tfjs.Tensor, yPred: tfjs.Tensor) => t.sqrt(t.mul(t.sub(yTrue, yTrue), yPred));
    const error = await failure(finite({ model, input: X, target: Y, loss: sqrtLoss }));
    expect(error.message).toMatch(/NaN or Infinity in gradient of dense_Dense\d+\/kernel/);
  });
});

describe('weightsUpdate', () => {
  it('sees every trainable variable change after one step', async () => {
    const evidence = await weightsUpdate({ model: await classifier(), x: X, y: Y });
    expect(evidence.trainable).toHaveLength(4);
    expect(evidence.trainable.every((w) => w.maxDelta > 0)).toBe(true);
  });

  it('keeps frozen layers put', async () => {
    const t = await tf();
    const model = await classifier();
    model.layers[0]!.trainable = false;
    model.compile({ optimizer: t.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const evidence = await weightsUpdate({ model, x: X, y: Y });
    expect(evidence.frozen.map((w) => w.maxDelta)).toEqual([0, 0]);
    expect(evidence.trainable).toHaveLength(2);
  });

  it('catches a custom training loop that moves a frozen layer', async () => {
    const t = await tf();
    const model = await classifier();
    model.layers[0]!.trainable = false;
    const x = t.tensor2d(X);
    const y = t.tensor2d(Y);
    // Hand-written weight decay over model.weights: the bug, it ignores `trainable` (the zero bias stays zero).
    const step = async () => {
      const loss = (await model.trainOnBatch(x, y)) as number;
      t.tidy(() => {
        for (const w of model.weights) w.write(t.mul(w.read(), 0.99));
      });
      return loss;
    };
    const error = await failure(weightsUpdate({ model, step }));
    expect(error.message).toMatch(
      /^weightsUpdate: 1 weight of frozen layers moved, wanted every trainable variable/,
    );
    expect(error.message).toMatch(/frozen but moved: dense_Dense\d+\/kernel \(by up to [\d.]+\)/);
    expect(error.message).toContain('hint: set layer.trainable = false before model.compile()');
  });

  it('names a variable no gradient reaches (a dead ReLU layer)', async () => {
    const t = await tf();
    const model = t.sequential({
      layers: [
        t.layers.dense({
          units: 4,
          activation: 'relu',
          inputShape: [4],
          biasInitializer: t.initializers.constant({ value: -100 }),
        }),
        t.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    // Unbalanced classes, so even the last bias has a gradient: only the dead layer and what it feeds stay.
    const error = await failure(weightsUpdate({ model, x: X.slice(0, 4), y: Y.slice(0, 4) }));
    expect(error.message).toMatch(/^weightsUpdate: 3 of 4 trainable variables did not change after one step/);
    expect(error.message).toMatch(
      /unchanged: dense_Dense\d+\/kernel\n {2}unchanged: dense_Dense\d+\/bias\n {2}unchanged: dense_Dense\d+\/kernel\n/,
    );
    expect((error.evidence as WeightsUpdateEvidence).trainable.filter((w) => w.maxDelta > 0)).toHaveLength(1);
  });
});

describe('deterministic', () => {
  it('passes a model built from a seed', async () => {
    const evidence = await deterministic({ build: (seed) => classifier({ seed }), input: X, seed: 7 });
    expect(evidence).toMatchObject({ repeatDiff: 0, rebuildDiff: 0, seed: 7 });
  });

  it('catches a builder that ignores the seed', async () => {
    const t = await tf();
    const unseeded = () =>
      t.sequential({ layers: [t.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
    const error = await failure(deterministic({ build: unseeded, input: X }));
    expect(error.message).toMatch(
      /^deterministic: two models built with seed 42 differ by up to [\d.e-]+ \(at \[\d, \d\]: /,
    );
    expect(error.message).toContain('wanted identical outputs');
  });

  it('catches dropout left on at inference', async () => {
    const t = await tf();
    const model = (x: tfjs.Tensor) => t.dropout(x, 0.5);
    const error = await failure(deterministic({ build: () => model, input: X }));
    expect(error.message).toMatch(/^deterministic: the same model run twice gives outputs that differ/);
  });
});

describe('backendRoundTrip', () => {
  it('gets the same outputs on cpu and wasm', async () => {
    const evidence = await backendRoundTrip({ model: await classifier(), input: X });
    expect(evidence.reference).toBe('cpu');
    expect(evidence.compared.map((c) => c.backend)).toContain('wasm');
    expect(evidence.compared.every((c) => c.maxDiff < 1e-4)).toBe(true);
  });

  it('catches a model that computes differently on one backend', async () => {
    const t = await tf();
    // A stand-in for an op implemented differently per backend.
    const drifting = (x: tfjs.Tensor) => (t.getBackend() === 'wasm' ? t.mul(x, 1.01) : t.mul(x, 1));
    const error = await failure(backendRoundTrip({ model: drifting, input: X, backends: ['cpu', 'wasm'] }));
    expect(error.message).toMatch(
      /^backendRoundTrip: wasm differs from cpu by up to 0\.01, wanted within 0\.0001 \+ 0\.001×\|value\|$/m,
    );
    expect(t.getBackend()).toBe('wasm');
  });
});
