// The training edge shared by lossDecreases, canOverfit and weightsUpdate: one step at a time.
import { performance } from 'node:perf_hooks';
import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../errors.js';
import { toTensor } from './tensors.js';
import type { InputLike, LayersModel, Tensor, Tf } from './types.js';

/** Training by `model.trainOnBatch(x, y)`: the whole batch, every step. */
export interface ModelTraining {
  model: LayersModel;
  x: InputLike;
  y: InputLike;
  /** Compiles the model with these when given (else it must be compiled already). */
  optimizer?: string | tfjs.Optimizer;
  loss?: string | ((yTrue: Tensor, yPred: Tensor) => Tensor);
}

/** Training by a step of your own (a custom loop, a non-Layers model): it returns the loss. */
export interface StepTraining {
  step: () => number | Promise<number>;
}

export type Training = ModelTraining | StepTraining;

export interface Trainer {
  step(): Promise<number>;
  dispose(): void;
}

const isCompiled = (model: LayersModel): boolean => {
  try {
    return model.optimizer !== undefined;
  } catch {
    return false;
  }
};

/** Turns either form of training into one step function. */
export const trainer = (tf: Tf, training: Training): Trainer => {
  if ('step' in training) return { step: async () => Number(await training.step()), dispose: () => {} };
  const { model } = training;
  if (training.optimizer !== undefined || training.loss !== undefined) {
    if (training.optimizer === undefined || training.loss === undefined) {
      throw new MlhooksError(
        'E_USAGE',
        'give both optimizer and loss to compile the model, or neither and compile it yourself',
      );
    }
    model.compile({ optimizer: training.optimizer, loss: training.loss });
  } else if (!isCompiled(model)) {
    throw new MlhooksError(
      'E_USAGE',
      'the model is not compiled: call model.compile({ optimizer, loss }) or pass { optimizer, loss }',
    );
  }
  const x = toTensor(tf, training.x);
  const y = toTensor(tf, training.y);
  return {
    step: async () => {
      const result = await model.trainOnBatch(x, y);
      return Array.isArray(result) ? result[0]! : result;
    },
    dispose: () => {
      if (x !== training.x) x.dispose();
      if (y !== training.y) y.dispose();
    },
  };
};

export interface TrainRun {
  losses: number[];
  /** The step (1-based) at which `stop` said enough, or null when every step ran. */
  stoppedAt: number | null;
  durationMs: number;
}

/** Runs up to `maxSteps` steps; stops the moment `stop` is true, or when the loss stops being a number. */
export const trainSteps = async (
  step: () => Promise<number>,
  maxSteps: number,
  stop: (loss: number, steps: number) => boolean | Promise<boolean> = () => false,
): Promise<TrainRun> => {
  const started = performance.now();
  const losses: number[] = [];
  let stoppedAt: number | null = null;
  for (let i = 1; i <= maxSteps; i++) {
    const loss = await step();
    losses.push(loss);
    if (!Number.isFinite(loss)) break;
    if (await stop(loss, i)) {
      stoppedAt = i;
      break;
    }
  }
  return { losses, stoppedAt, durationMs: performance.now() - started };
};
