import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { leafLayers } from '../layers.js';
import { formatNumber } from '../sparkline.js';
import { type ModelTraining, type StepTraining, trainer } from '../train.js';
import type { Evidence, LayersModel } from '../types.js';

/** The model, trained by `trainOnBatch(x, y)` or by your own `step` (a custom training loop). */
export type WeightsUpdateOptions = (ModelTraining | (StepTraining & { model: LayersModel })) & {
  /** Weights to leave out, by name or part of a name (say, a frozen batch norm's moving statistics). */
  ignore?: readonly string[];
};

export type WeightChange = {
  name: string;
  /** The largest change of any element after one step. */
  maxDelta: number;
};

export interface WeightsUpdateEvidence extends Evidence {
  loss: number;
  trainable: WeightChange[];
  frozen: WeightChange[];
}

const maxDelta = (before: Float32Array | Int32Array | Uint8Array, after: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < before.length; i++) {
    const delta = Math.abs(after[i]! - before[i]!);
    if (!(delta <= max)) max = Number.isNaN(delta) ? Number.POSITIVE_INFINITY : delta;
  }
  return max;
};

/**
 * One training step changes every trainable variable, and leaves the weights of frozen layers
 * (`layer.trainable = false`) exactly as they were.
 */
export const weightsUpdate = async (options: WeightsUpdateOptions): Promise<WeightsUpdateEvidence> => {
  const { tf } = await tensorflow();
  const ignored = (name: string) => (options.ignore ?? []).some((part) => name.includes(part));
  const watched = leafLayers(options.model).flatMap(({ layer, trainable }) =>
    // Non-trainable weights of a training layer are state (batch norm statistics), not parameters.
    (trainable ? layer.trainableWeights : layer.weights)
      .filter((w) => !ignored(w.name))
      .map((w) => ({ weight: w, trainable, before: w.read().dataSync().slice() })),
  );
  const train = trainer(tf, options);
  let loss: number;
  try {
    loss = await train.step();
  } finally {
    train.dispose();
  }
  const changes = watched.map(({ weight, trainable, before }) => ({
    trainable,
    change: { name: weight.name, maxDelta: maxDelta(before, weight.read().dataSync()) },
  }));
  const trainable = changes.filter((c) => c.trainable).map((c) => c.change);
  const frozen = changes.filter((c) => !c.trainable).map((c) => c.change);
  const evidence: WeightsUpdateEvidence = {
    check: 'weightsUpdate',
    backend: backendOf(tf),
    loss,
    trainable,
    frozen,
  };

  const still = trainable.filter((c) => c.maxDelta === 0);
  const moved = frozen.filter((c) => c.maxDelta !== 0);
  const problems = [
    ...(trainable.length === 0 ? ['the model has no trainable variables'] : []),
    ...(still.length > 0
      ? [`${still.length} of ${trainable.length} trainable variables did not change after one step`]
      : []),
    ...(moved.length > 0
      ? [`${moved.length} ${moved.length === 1 ? 'weight' : 'weights'} of frozen layers moved`]
      : []),
  ];
  if (problems.length > 0) {
    throw new CheckFailure(evidence, {
      headline: `${problems.join('; ')}, wanted every trainable variable to change and frozen ones to stay put`,
      details: [
        ...still.map((c) => `unchanged: ${c.name}`),
        ...moved.map((c) => `frozen but moved: ${c.name} (by up to ${formatNumber(c.maxDelta)})`),
      ],
      hint:
        moved.length > 0
          ? 'set layer.trainable = false before model.compile(), or compile again after freezing'
          : 'no gradient reaches those variables: a layer left out of the forward pass, a stopGradient, an integer cast, or a learning rate of 0',
    });
  }
  return evidence;
};
