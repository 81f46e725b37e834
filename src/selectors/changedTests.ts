import type { Selector } from './select.js';

// `test/__snapshots__/labels.test.ts.snap` (jest, vitest): the snapshots of test/labels.test.ts.
const SNAPSHOT = /^(?:(.*)\/)?__snapshots__\/([^/]+)\.snap$/;

const snapshotOf = (path: string): string | null => {
  const match = SNAPSHOT.exec(path);
  return match ? (match[1] ? `${match[1]}/${match[2]}` : match[2]!) : null;
};

const verbOf = (status: string) =>
  status === 'A' ? 'added' : status === 'D' ? 'deleted' : status === 'R' ? 'renamed' : 'changed';

/**
 * A changed test file selects itself (unless it was deleted); a changed, added or deleted snapshot
 * file selects the test it belongs to.
 */
export const changedTests: Selector = ({ changes, classify, testFiles, pick }) => {
  for (const change of changes) {
    for (const path of change.oldPath ? [change.path, change.oldPath] : [change.path]) {
      const owner = snapshotOf(path);
      // Only a test that is there: a snapshot may outlive its test.
      const test = owner === null ? undefined : testFiles().find((t) => t.path === owner);
      if (test) pick(test, `its snapshot ${path} ${verbOf(change.status)}`);
    }
    if (change.status === 'D') continue;
    const test = classify(change.path);
    if (!test) continue;
    pick(
      test,
      change.status === 'A' ? 'added' : change.status === 'R' ? `renamed from ${change.oldPath}` : 'changed',
    );
  }
};
