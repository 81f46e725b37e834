import { formatNumber } from '../sparkline.js';

export interface RangeRules {
  /** probabilities: every value in [0, 1] and each row sums to 1; logits: every value finite. */
  kind?: 'probabilities' | 'logits';
  min?: number;
  max?: number;
  /** How far a row's sum may be from 1 (default 1e-3). */
  tolerance?: number;
}

export interface RangeReport {
  ok: boolean;
  problems: string[];
  min: number;
  max: number;
  /** The row sum furthest from 1 (probabilities only). */
  worstSum: number | null;
}

/** Checks rows of outputs against range rules; names the first few values that break them. */
export const judgeRange = (rows: readonly (readonly number[])[], rules: RangeRules): RangeReport => {
  const { kind, tolerance = 1e-3 } = rules;
  const min = kind === 'probabilities' ? Math.max(0, rules.min ?? 0) : rules.min;
  const max = kind === 'probabilities' ? Math.min(1, rules.max ?? 1) : rules.max;
  const problems: string[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let worstSum: number | null = null;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      low = Math.min(low, v);
      high = Math.max(high, v);
      if (!Number.isFinite(v)) problems.push(`[${r}, ${c}] is ${v}`);
      else if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
        problems.push(`[${r}, ${c}] is ${formatNumber(v)}, outside [${min ?? '-∞'}, ${max ?? '∞'}]`);
      }
    });
    if (kind === 'probabilities') {
      const sum = row.reduce((s, v) => s + v, 0);
      if (worstSum === null || !(Math.abs(sum - 1) <= Math.abs(worstSum - 1))) worstSum = sum;
      if (!(Math.abs(sum - 1) <= tolerance))
        problems.push(`row ${r} sums to ${formatNumber(sum)}, not 1 ± ${tolerance}`);
    }
  });
  return { ok: problems.length === 0, problems, min: low, max: high, worstSum };
};
