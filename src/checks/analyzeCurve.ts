export interface CurveSummary {
  steps: number;
  first: number;
  last: number;
  min: number;
  /** Index of the lowest value. */
  minStep: number;
  /** Mean of the first `window` values. */
  start: number;
  /** Mean of the last `window` values. */
  end: number;
  window: number;
  /** (start - end) / |start|: 0.3 means the smoothed curve fell by 30%. */
  drop: number;
  /** Every value is a number (no NaN, no Infinity). */
  finite: boolean;
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** A tenth of the curve, between 1 and 10 values: wide enough to average out noise, short enough to see the trend. */
export const defaultWindow = (steps: number): number => Math.min(10, Math.max(1, Math.floor(steps / 10)));

/**
 * Summarises a loss (or metric) curve. Start and end are means over a window, so one lucky or
 * unlucky step does not decide whether the curve went down.
 */
export const summarizeCurve = (
  values: readonly number[],
  window = defaultWindow(values.length),
): CurveSummary => {
  if (values.length === 0) throw new RangeError('summarizeCurve needs at least one value');
  const size = Math.max(1, Math.min(window, Math.floor(values.length / 2) || 1));
  let minStep = 0;
  values.forEach((v, i) => {
    if (v < values[minStep]!) minStep = i;
  });
  const start = mean(values.slice(0, size));
  const end = mean(values.slice(-size));
  return {
    steps: values.length,
    first: values[0]!,
    last: values[values.length - 1]!,
    min: values[minStep]!,
    minStep,
    start,
    end,
    window: size,
    drop: start === 0 ? 0 : (start - end) / Math.abs(start),
    finite: values.every(Number.isFinite),
  };
};

/** Whether a curve went down by at least `minDrop` (relative), judged on its smoothed ends. */
export const decreased = (summary: CurveSummary, minDrop: number): boolean =>
  summary.finite && summary.steps >= 2 && summary.drop >= minDrop;

export type Goal = 'min' | 'max';

/** Losses and errors go down, everything else (accuracy, AUC, F1) goes up. */
export const goalOf = (metric: string): Goal => (/loss|error|mse|mae/i.test(metric) ? 'min' : 'max');

/** Whether a value meets a target: below it for a loss, at or above it for a score. */
export const meets = (value: number, target: number, goal: Goal): boolean =>
  Number.isFinite(value) && (goal === 'min' ? value < target : value >= target);

/** The first index at which a curve meets its target, or -1. */
export const firstReached = (values: readonly number[], target: number, goal: Goal): number =>
  values.findIndex((v) => meets(v, target, goal));
