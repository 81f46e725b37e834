const argmax = (row: readonly number[]): number => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

/** Whether a prediction row matches a target row: one-hot, a class index, or a 0/1 score. */
export const matches = (predicted: readonly number[], target: readonly number[]): boolean => {
  if (predicted.length === 1 && target.length === 1) return predicted[0]! >= 0.5 === target[0]! >= 0.5;
  if (target.length === 1) return argmax(predicted) === target[0];
  return argmax(predicted) === argmax(target);
};

/** The fraction of rows the model got right. */
export const accuracyOf = (
  predicted: readonly (readonly number[])[],
  targets: readonly (readonly number[])[],
): number => {
  if (targets.length === 0) return 0;
  return targets.filter((target, i) => matches(predicted[i] ?? [], target)).length / targets.length;
};
