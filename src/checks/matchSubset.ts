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
  Object.keys(value).every((key) => key in COMPARISONS);

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
      const problem = matchSubset(
        (actual as Record<string, unknown>)[key],
        value,
        path ? `${path}.${key}` : key,
      );
      if (problem) return problem;
    }
    return null;
  }
  return Object.is(actual, expected) || actual === expected
    ? null
    : `${at} is ${show(actual)}, wanted ${show(expected)}`;
};
