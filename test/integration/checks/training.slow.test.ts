import type * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CheckFailure, canOverfit, converges, lossDecreases } from '../../../src/checks/index.js';
import { isMlhooksError } from '../../../src/errors.js';
import { CLASSES, classifier, oneHot, tf, X, Y } from './tinyModels.js';

// Real training on tiny inline data: every run here takes well under a second.

const failure = async (promise: Promise<unknown>): Promise<CheckFailure> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckFailure);
  return error as CheckFailure;
};

describe('canOverfit', () => {
  it('learns a tiny batch by heart and stops the moment it gets there', async () => {
    const evidence = await canOverfit({ model: await classifier(), x: X, y: Y, maxSteps: 300 });
    expect(evidence.reachedAt).toBeGreaterThan(1);
    expect(evidence.reachedAt).toBeLessThan(300);
    expect(evidence.steps).toBe(evidence.reachedAt);
    expect(evidence.finalLoss).toBeLessThan(0.05);
    expect(evidence.losses[0]).toBeGreaterThan(0.5);
  });

  it('without early stopping runs the whole budget, reaching the target at the same step', async () => {
    const early = await canOverfit({ model: await classifier(), x: X, y: Y, maxSteps: 300 });
    const fixed = await canOverfit({
      model: await classifier(),
      x: X,
      y: Y,
      maxSteps: 300,
      earlyStop: false,
    });
    expect(fixed.steps).toBe(300);
    expect(fixed.reachedAt).toBe(early.reachedAt);
    expect(fixed.losses.slice(0, early.steps)).toEqual(early.losses);
  });

  it('stops on accuracy when asked to', async () => {
    const evidence = await canOverfit({
      model: await classifier(),
      x: X,
      y: Y,
      targetLoss: 1e-9,
      targetAccuracy: 1,
    });
    expect(evidence.accuracy).toBe(1);
    expect(evidence.finalLoss).toBeGreaterThan(1e-9);
  });

  it('fails a model with a learning rate of 0, with the loss curve in the message', async () => {
    const error = await failure(
      canOverfit({ model: await classifier({ lr: 0 }), x: X, y: Y, maxSteps: 200 }),
    );
    expect(error.message).toMatch(
      /^canOverfit: loss (\d\.\d\d) ▄{8} \1 after 200 steps, wanted < 0\.05\n {2}best loss \1\n {2}hint: a model that cannot memorise a handful of examples has a bug: a learning rate of 0, labels shuffled against inputs/,
    );
    expect(error.evidence).toMatchObject({ steps: 200, reachedAt: null });
  });

  it('fails when labels are shuffled against inputs', async () => {
    // Any big enough model memorises random labels on distinct inputs; shuffled across repeated
    // inputs they contradict each other, and no model gets near zero loss.
    const x = [...X, ...X];
    const y = oneHot([...CLASSES, 1, 2, 0, 2, 0, 1]);
    const error = await failure(
      canOverfit({ model: await classifier(), x, y, maxSteps: 150, targetAccuracy: 1 }),
    );
    expect(error.message).toMatch(
      /^canOverfit: loss \d\.\d\d [▁-█]{8} 0\.\d\d after 150 steps, wanted < 0\.05 or accuracy >= 1\n/,
    );
    expect(error.message).toContain('accuracy 0.50 on the batch it trained on');
    expect(error.evidence.finalLoss).toBeGreaterThan(0.6);
  });
});

describe('lossDecreases', () => {
  it('passes real training, judged on smoothed ends', async () => {
    const evidence = await lossDecreases({ model: await classifier(), x: X, y: Y, steps: 30 });
    expect(evidence.losses).toHaveLength(30);
    expect(evidence.window).toBe(3);
    expect(evidence.drop).toBeGreaterThan(0.1);
  });

  it('fails a loss that does not move', async () => {
    const error = await failure(lossDecreases({ model: await classifier({ lr: 0 }), x: X, y: Y, steps: 30 }));
    expect(error.message).toMatch(
      /^lossDecreases: loss (\d\.\d\d) ▄{8} \1 after 30 steps, wanted a drop of at least 10%\n {2}mean of the first 3: \1, of the last 3: \1, -0%\n {2}hint: /,
    );
  });

  it('takes a custom training step (here a hand-written linear regression)', async () => {
    const t = await tf();
    const w = t.variable(t.zeros([2, 1]));
    const xs = t.tensor2d([
      [1, 2],
      [2, 1],
      [3, 3],
    ]);
    const ys = t.tensor2d([[5], [4], [9]]);
    const optimizer = t.train.sgd(0.02);
    const step = () => {
      const loss = optimizer.minimize(
        () => t.losses.meanSquaredError(ys, t.matMul(xs, w)) as tfjs.Scalar,
        true,
      )!;
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    };
    const evidence = await lossDecreases({ step, steps: 20, minDrop: 0.5 });
    expect(evidence.end).toBeLessThan(evidence.start / 2);
  });
});

describe('converges', () => {
  it('reaches a validation accuracy within its epoch budget, and stops there', async () => {
    const evidence = await converges({
      model: await classifier(),
      x: X,
      y: Y,
      validation: { x: X, y: Y },
      metric: 'val_accuracy',
      target: 1,
      maxEpochs: 300,
    });
    expect(evidence.goal).toBe('max');
    expect(evidence.reachedAt).toBe(evidence.curve.length);
    expect(evidence.curve.at(-1)).toBe(1);
    expect(evidence.reachedAt).toBeLessThan(300);
  });

  it('fails with the metric curve when the budget runs out', async () => {
    const error = await failure(
      converges({ model: await classifier({ lr: 0 }), x: X, y: Y, target: 0.1, maxEpochs: 20 }),
    );
    expect(error.message).toMatch(/^converges: loss (\d\.\d\d) ▄{8} \1 after 20 epochs, wanted < 0\.1\n/);
  });

  it('says which metrics exist when asked for one the logs do not have', async () => {
    const error = await converges({
      model: await classifier(),
      x: X,
      y: Y,
      metric: 'val_loss',
      target: 0.1,
      maxEpochs: 3,
    }).catch((e: unknown) => e);
    expect(isMlhooksError(error) && error.code).toBe('E_USAGE');
    expect((error as Error).message).toBe(
      'converges: the fit logs have no "val_loss" (they have: loss, acc)',
    );
  });
});
