import { labelIndex } from './compareLabelMap.js';
import { formatLimit, formatNumber } from './sparkline.js';

/**
 * What one output must be, e.g. "score >= 0.99 means unsafe" is `{ output: 'unsafe', atLeast: 0.99 }`.
 * `output` names a class from `labels` or gives an index (default 0, for single-score models).
 */
export interface OutputRule {
  output?: string | number;
  atLeast?: number;
  atMost?: number;
  /** The class with the highest score must be this one. */
  top?: string | number;
}

export interface RuleOutcome {
  ok: boolean;
  /** What was wanted, and what the model gave, in words. */
  wanted: string;
  seen: string;
  value: number | null;
}

const nameOf = (labels: readonly string[], which: string | number): string =>
  typeof which === 'number'
    ? labels[which] !== undefined
      ? `${labels[which]} (${which})`
      : `output ${which}`
    : which;

/** Checks one row of scores against a rule. Throws a TypeError for a rule that names no known class. */
export const evaluateRule = (
  raw: readonly number[],
  rule: OutputRule,
  labels: readonly string[] = [],
): RuleOutcome => {
  // One sigmoid score with two labels: the score is the second class's, 1 - score the first's.
  const scores = raw.length === 1 && labels.length === 2 ? [1 - raw[0]!, raw[0]!] : raw;
  const wanted: string[] = [];
  const seen: string[] = [];
  let ok = true;
  let value: number | null = null;

  const indexOf = (which: string | number, field: string): number => {
    const index = typeof which === 'number' ? which : labelIndex(labels, which);
    if (index < 0 || index >= scores.length || !Number.isInteger(index)) {
      throw new TypeError(
        `${field} ${JSON.stringify(which)} is not one of the model's ${scores.length} outputs${labels.length ? ` (labels: ${labels.join(', ')})` : ''}`,
      );
    }
    return index;
  };

  if (rule.atLeast !== undefined || rule.atMost !== undefined) {
    const which = rule.output ?? 0;
    const index = indexOf(which, 'output');
    value = scores[index]!;
    const name = nameOf(labels, which);
    if (rule.atLeast !== undefined) {
      wanted.push(`${name} >= ${formatLimit(rule.atLeast)}`);
      ok &&= Number.isFinite(value) && value >= rule.atLeast;
    }
    if (rule.atMost !== undefined) {
      wanted.push(`${name} <= ${formatLimit(rule.atMost)}`);
      ok &&= Number.isFinite(value) && value <= rule.atMost;
    }
    seen.push(`${name} ${formatNumber(value)}`);
  }
  if (rule.top !== undefined) {
    const index = indexOf(rule.top, 'top');
    const best = scores.reduce((b, v, i) => (v > scores[b]! ? i : b), 0);
    wanted.push(`top class ${nameOf(labels, rule.top)}`);
    seen.push(`top class ${nameOf(labels, labels[best] ?? best)} ${formatNumber(scores[best]!)}`);
    ok &&= best === index;
  }
  if (wanted.length === 0) throw new TypeError('an output rule needs atLeast, atMost or top');
  return { ok, wanted: wanted.join(' and '), seen: seen.join(', '), value };
};
