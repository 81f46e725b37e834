import { formatNumber } from './sparkline.js';

/** The class a row of outputs decides: argmax, or score >= 0.5 for a single-score model. */
export const decision = (row: readonly number[]): number =>
  row.length === 1 ? (row[0]! >= 0.5 ? 1 : 0) : row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

export type PairOutcome = {
  name: string;
  ok: boolean;
  before: number;
  after: number;
  /** What happened, in words. */
  seen: string;
};

const scoreOf = (row: readonly number[], index: number): number =>
  row[Math.min(index, row.length - 1)] ?? Number.NaN;

/** Invariance: the decision stays, and with a tolerance, the decided class's score moves at most that much. */
export const judgeInvariance = (
  names: readonly string[],
  before: readonly (readonly number[])[],
  after: readonly (readonly number[])[],
  tolerance?: number,
): PairOutcome[] =>
  before.map((row, i) => {
    const other = after[i] ?? [];
    const was = decision(row);
    const now = decision(other);
    // For a single-score model the score itself is what moves.
    const index = row.length === 1 ? 0 : was;
    const delta = scoreOf(other, index) - scoreOf(row, index);
    const ok = was === now && (tolerance === undefined || Math.abs(delta) <= tolerance);
    const seen =
      was !== now
        ? `class ${was} became ${now}`
        : `class ${was} kept, its score moved ${delta >= 0 ? '+' : ''}${formatNumber(delta)}`;
    return { name: names[i] ?? `#${i + 1}`, ok, before: was, after: now, seen };
  });

/** Directional: the score of one output moves up (or down) by more than `minDelta`. */
export const judgeDirection = (
  names: readonly string[],
  before: readonly (readonly number[])[],
  after: readonly (readonly number[])[],
  index: number,
  direction: 'up' | 'down',
  minDelta = 0,
): PairOutcome[] =>
  before.map((row, i) => {
    const was = scoreOf(row, index);
    const now = scoreOf(after[i] ?? [], index);
    const delta = now - was;
    const ok = direction === 'up' ? delta > minDelta : -delta > minDelta;
    return {
      name: names[i] ?? `#${i + 1}`,
      ok,
      before: was,
      after: now,
      seen: `${formatNumber(was)} → ${formatNumber(now)} (${delta >= 0 ? '+' : ''}${formatNumber(delta)})`,
    };
  });
