import { formatLimit, formatNumber } from './sparkline.js';

type Comparison = '$gte' | '$gt' | '$lte' | '$lt';
const COMPARISONS: Record<Comparison, { words: string; test: (a: number, b: number) => boolean }> = {
  $gte: { words: '>=', test: (a, b) => a >= b },
  $gt: { words: '>', test: (a, b) => a > b },
  $lte: { words: '<=', test: (a, b) => a <= b },
  $lt: { words: '<', test: (a, b) => a < b },
};

const isComparison = (value: unknown): value is Partial<Record<Comparison, number>> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  // Own keys only: `key in` would take `toString` (from Object.prototype) for a comparison.
  Object.keys(value).every((key) => Object.hasOwn(COMPARISONS, key));

const show = (value: unknown): string =>
  typeof value === 'number' ? formatNumber(value) : (JSON.stringify(value) ?? 'undefined');

/**
 * Whether `actual` holds everything `expected` names (extra fields are fine). A number can be
 * bounded instead: `{ score: { $gte: 0.99 } }`. Returns null on a match, else where and why not.
 */
export const matchSubset = (actual: unknown, expected: unknown, path = ''): string | null => {
  const at = path || 'the answer';
  if (isComparison(expected)) {
    if (typeof actual !== 'number') return `${at} is ${show(actual)}, wanted a number`;
    for (const [key, bound] of Object.entries(expected) as [Comparison, number][]) {
      const { words, test } = COMPARISONS[key];
      if (!test(actual, bound)) return `${at} is ${show(actual)}, wanted ${words} ${formatLimit(bound)}`;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at} is ${show(actual)}, wanted a list`;
    if (actual.length !== expected.length)
      return `${at} has ${actual.length} items, wanted ${expected.length}`;
    for (const [i, item] of expected.entries()) {
      const problem = matchSubset(actual[i], item, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
      return `${at} is ${show(actual)}, wanted an object`;
    for (const [key, value] of Object.entries(expected)) {
      // An answer's own field only: `constructor` or `toString` it lacks is missing, not inherited.
      const field = Object.hasOwn(actual, key) ? (actual as Record<string, unknown>)[key] : undefined;
      const problem = matchSubset(field, value, path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return null;
  }
  return Object.is(actual, expected) || actual === expected
    ? null
    : `${at} is ${show(actual)}, wanted ${show(expected)}`;
};
