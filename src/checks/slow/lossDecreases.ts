import { decreased, summarizeCurve } from '../analyzeCurve.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { LOSS_HINT } from '../messages.js';
import { curveLine, formatNumber } from '../sparkline.js';
import { type Training, trainer, trainSteps } from '../train.js';
import type { Evidence } from '../types.js';

export type LossDecreasesOptions = Training & {
  /** Training steps to run (default 50). */
  steps?: number;
  /** How much the smoothed loss must fall, relative to where it started (default 0.1: 10%). */
  minDrop?: number;
  /** Steps averaged at each end, so noise does not decide (default a tenth of the steps, 1 to 10). */
  window?: number;
};

export interface LossDecreasesEvidence extends Evidence {
  losses: number[];
  start: number;
  end: number;
  drop: number;
  window: number;
  durationMs: number;
}

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** Over N steps the loss goes down: the mean of the last few steps is below the mean of the first few. */
export const lossDecreases = async (options: LossDecreasesOptions): Promise<LossDecreasesEvidence> => {
  const { tf } = await tensorflow();
  const { steps = 50, minDrop = 0.1 } = options;
  const train = trainer(tf, options);
  const run = await trainSteps(train.step, steps).finally(() => train.dispose());
  const summary = summarizeCurve(run.losses, options.window);
  const evidence: LossDecreasesEvidence = {
    check: 'lossDecreases',
    backend: backendOf(tf),
    losses: run.losses,
    start: summary.start,
    end: summary.end,
    drop: summary.drop,
    window: summary.window,
    durationMs: run.durationMs,
  };
  if (!decreased(summary, minDrop)) {
    const seen = summary.finite
      ? `mean of the first ${summary.window}: ${formatNumber(summary.start)}, of the last ${summary.window}: ${formatNumber(summary.end)}, ${summary.drop >= 0 ? '-' : '+'}${percent(Math.abs(summary.drop))}`
      : 'the loss stopped being a number';
    throw new CheckFailure(evidence, {
      headline: `${curveLine('loss', run.losses)}, wanted a drop of at least ${percent(minDrop)}`,
      details: [seen],
      hint: LOSS_HINT,
    });
  }
  return evidence;
};
