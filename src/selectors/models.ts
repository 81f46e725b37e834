import { compileGlobs, firstMatchingGlob } from './globs.js';
import type { Selector } from './select.js';

/** A change to any input of a model (code, data, weights, configs) selects the model's tests. */
export const models: Selector = ({ changes, config, testFiles, pick, note }) => {
  for (const model of config.models) {
    const isInput = compileGlobs(model.inputs);
    const hits = changes
      .flatMap((change) => [change.path, ...(change.oldPath ? [change.oldPath] : [])])
      .filter(isInput);
    if (hits.length === 0) continue;
    const first = hits[0]!;
    const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
    const reason = `${first}${more} changed: input of model "${model.name}" (${firstMatchingGlob(model.inputs, first)})`;
    const isTest = compileGlobs(model.tests);
    const tests = testFiles().filter((test) => isTest(test.path));
    if (tests.length === 0)
      note(`model "${model.name}": inputs changed but no test file matches its tests globs`);
    for (const test of tests) pick(test, reason);
  }
};
