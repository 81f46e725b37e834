// Tiny models and data for the real TensorFlow.js tests: small enough to train in well under a second.
import type * as tfjs from '@tensorflow/tfjs';
import { tensorflow } from '../../../src/checks/index.js';

export const LABELS = ['entailment', 'neutral', 'contradiction'] as const;

/** Six inputs, three classes: each class has one "pure" input and one mixed one. */
export const X = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
  [1, 1, 0, 0],
  [0, 1, 1, 0],
];
export const CLASSES = [0, 1, 2, 0, 1, 2];
export const oneHot = (classes: readonly number[], n = 3): number[][] =>
  classes.map((c) => Array.from({ length: n }, (_, i) => (i === c ? 1 : 0)));
export const Y = oneHot(CLASSES);

export const tf = async (): Promise<typeof tfjs> => (await tensorflow()).tf;

/** A seeded two-layer softmax classifier, compiled with Adam at `lr`. */
export const classifier = async ({ seed = 1, lr = 0.05, units = 16 } = {}): Promise<tfjs.Sequential> => {
  const t = await tf();
  const model = t.sequential({
    layers: [
      t.layers.dense({
        units,
        activation: 'relu',
        inputShape: [4],
        kernelInitializer: t.initializers.glorotUniform({ seed }),
      }),
      t.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: t.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: t.train.adam(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
};

/** A classifier trained on X, Y until it gets them all right. */
export const trainedClassifier = async (seed = 1): Promise<tfjs.Sequential> => {
  const t = await tf();
  const model = await classifier({ seed, lr: 0.05 });
  const x = t.tensor2d(X);
  const y = t.tensor2d(Y);
  await model.fit(x, y, { epochs: 150, verbose: 0, batchSize: 6 });
  t.dispose([x, y]);
  return model;
};
