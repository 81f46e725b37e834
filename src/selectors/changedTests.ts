import type { Selector } from './select.js';

/** A changed test file selects itself (unless it was deleted). */
export const changedTests: Selector = ({ changes, classify, pick }) => {
  for (const change of changes) {
    if (change.status === 'D') continue;
    const test = classify(change.path);
    if (!test) continue;
    pick(
      test,
      change.status === 'A' ? 'added' : change.status === 'R' ? `renamed from ${change.oldPath}` : 'changed',
    );
  }
};
