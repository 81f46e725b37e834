import { MlhooksError } from '../../errors.js';
import { accuracyOf } from '../accuracy.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { OVERFIT_HINT } from '../messages.js';
import { curveLine, formatLimit, formatNumber } from '../sparkline.js';
import { predictBatch, toRows, toTensor } from '../tensors.js';
import { type Training, trainer, trainSteps } from '../train.js';
import type { Evidence } from '../types.js';

export type CanOverfitOptions = Training & {
  /** Give up after this many steps (default 500). */
  maxSteps?: number;
  /** Done when the loss is below this (default 0.05). */
  targetLoss?: number;
  /** Or done when the model gets this fraction of the batch right (1 = 100%); needs `model`, `x`, `y`. */
  targetAccuracy?: number;
  /** Stop the moment a target is met (default true); false runs every step, as a fixed budget would. */
  earlyStop?: boolean;
};

export interface CanOverfitEvidence extends Evidence {
  losses: number[];
  steps: number;
  /** The step (1-based) at which a target was first met, or null. */
  reachedAt: number | null;
  finalLoss: number;
  targetLoss: number;
  accuracy: number | null;
  durationMs: number;
}

/**
 * A tiny batch can be learnt by heart: the loss gets near zero (or accuracy to 100%) within a
 * step budget. Stops the moment it gets there.
 */
export const canOverfit = async (options: CanOverfitOptions): Promise<CanOverfitEvidence> => {
  const { tf } = await tensorflow();
  const { maxSteps = 500, targetLoss = 0.05, targetAccuracy, earlyStop = true } = options;
  if (targetAccuracy !== undefined && 'step' in options) {
    throw new MlhooksError(
      'E_USAGE',
      'canOverfit: targetAccuracy needs { model, x, y } to measure accuracy, not a custom step',
    );
  }
  // Accuracy needs a prediction per step: only when asked for, with the batch converted once.
  const measured = targetAccuracy !== undefined && !('step' in options) ? options : null;
  const xs = measured ? toTensor(tf, measured.x) : null;
  const targets = measured ? tf.tidy(() => toRows(toTensor(tf, measured.y))) : [];
  const accuracy = async (): Promise<number | null> =>
    measured && xs ? accuracyOf(await predictBatch(measured.model, xs), targets) : null;

  let reachedAt: number | null = null;
  let lastAccuracy: number | null = null;
  const train = trainer(tf, options);
  const run = await trainSteps(train.step, maxSteps, async (loss, step) => {
    lastAccuracy = await accuracy();
    const reached =
      loss < targetLoss ||
      (lastAccuracy !== null && targetAccuracy !== undefined && lastAccuracy >= targetAccuracy);
    if (reached && reachedAt === null) reachedAt = step;
    return reached && earlyStop;
  }).finally(() => {
    train.dispose();
    if (xs && measured && xs !== measured.x) xs.dispose();
  });

  const finalLoss = run.losses[run.losses.length - 1] ?? Number.NaN;
  const evidence: CanOverfitEvidence = {
    check: 'canOverfit',
    backend: backendOf(tf),
    losses: run.losses,
    steps: run.losses.length,
    reachedAt,
    finalLoss,
    targetLoss,
    accuracy: lastAccuracy,
    durationMs: run.durationMs,
  };
  if (reachedAt === null) {
    const best = Math.min(...run.losses.filter(Number.isFinite));
    throw new CheckFailure(evidence, {
      headline: `${curveLine('loss', run.losses)}, wanted < ${formatLimit(targetLoss)}${targetAccuracy !== undefined ? ` or accuracy >= ${formatLimit(targetAccuracy)}` : ''}`,
      details: [
        ...(Number.isFinite(best) ? [`best loss ${formatNumber(best)}`] : ['the loss was never a number']),
        ...(lastAccuracy !== null
          ? [`accuracy ${formatNumber(lastAccuracy)} on the batch it trained on`]
          : []),
      ],
      hint: OVERFIT_HINT,
    });
  }
  return evidence;
};
