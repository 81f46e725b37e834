import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../../errors.js';
import { type Goal, goalOf, meets } from '../analyzeCurve.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { LOSS_HINT } from '../messages.js';
import { curveLine, formatLimit } from '../sparkline.js';
import { toTensor } from '../tensors.js';
import type { Evidence, InputLike, LayersModel } from '../types.js';

export interface ConvergesOptions {
  model: LayersModel;
  x: InputLike;
  y: InputLike;
  /** Held-out data for `val_*` metrics. */
  validation?: { x: InputLike; y: InputLike };
  /** A name from the fit logs: loss, acc (or accuracy), val_loss, val_acc... (default loss). */
  metric?: string;
  /** The value the metric must reach: below it for a loss, at or above it otherwise. */
  target: number;
  /** The budget (default 50 epochs); training stops as soon as the target is met. */
  maxEpochs?: number;
  batchSize?: number;
  /** Compile with these when given (metrics default to accuracy when the metric asks for it). */
  optimizer?: string | tfjs.Optimizer;
  loss?: string;
  /** Override whether lower or higher is better. */
  goal?: Goal;
}

export interface ConvergesEvidence extends Evidence {
  metric: string;
  target: number;
  goal: Goal;
  curve: number[];
  reachedAt: number | null;
  durationMs: number;
}

// tfjs logs `accuracy` as `acc`.
const keysFor = (metric: string): string[] => [metric, metric.replace(/accuracy$/, 'acc')];

/** A metric reaches its target within a budget of epochs. */
export const converges = async (options: ConvergesOptions): Promise<ConvergesEvidence> => {
  const { tf } = await tensorflow();
  const { model, target, maxEpochs = 50, metric = 'loss' } = options;
  const goal = options.goal ?? goalOf(metric);
  if (options.optimizer !== undefined && options.loss !== undefined) {
    model.compile({
      optimizer: options.optimizer,
      loss: options.loss,
      metrics: /acc/.test(metric) ? ['accuracy'] : [],
    });
  }
  const curve: number[] = [];
  let reachedAt: number | null = null;
  let missing: string[] | null = null;
  const x = toTensor(tf, options.x);
  const y = toTensor(tf, options.y);
  const vx = options.validation ? toTensor(tf, options.validation.x) : null;
  const vy = options.validation ? toTensor(tf, options.validation.y) : null;
  const started = performance.now();
  try {
    await model.fit(x, y, {
      epochs: maxEpochs,
      batchSize: options.batchSize,
      validationData: vx && vy ? [vx, vy] : undefined,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs = {}) => {
          const key = keysFor(metric).find((k) => k in logs);
          if (key === undefined) {
            missing = Object.keys(logs);
            model.stopTraining = true;
            return;
          }
          const value = logs[key]!;
          curve.push(value);
          if (reachedAt === null && meets(value, target, goal)) {
            reachedAt = epoch + 1;
            model.stopTraining = true;
          }
        },
      },
    });
  } finally {
    for (const [t, given] of [
      [x, options.x],
      [y, options.y],
      [vx, options.validation?.x],
      [vy, options.validation?.y],
    ] as const) {
      if (t && t !== given) t.dispose();
    }
  }
  if (missing) {
    throw new MlhooksError(
      'E_USAGE',
      `converges: the fit logs have no "${metric}" (they have: ${(missing as string[]).join(', ') || 'nothing'})`,
      {
        hint: "compile the model with metrics: ['accuracy'] for acc, and pass validation for val_* metrics",
      },
    );
  }
  const evidence: ConvergesEvidence = {
    check: 'converges',
    backend: backendOf(tf),
    metric,
    target,
    goal,
    curve,
    reachedAt,
    durationMs: performance.now() - started,
  };
  if (reachedAt === null) {
    throw new CheckFailure(evidence, {
      headline: `${curveLine(metric, curve, 'epochs')}, wanted ${goal === 'min' ? '<' : '>='} ${formatLimit(target)}`,
      hint: LOSS_HINT,
    });
  }
  return evidence;
};
