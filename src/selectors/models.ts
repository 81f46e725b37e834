import { compileGlobs, firstMatchingGlob, mayMatchIn } from './globs.js';
import type { Selector } from './select.js';

/**
 * A change to any input of a model (code, data, weights, configs) selects the model's tests and
 * checks; a change to what only its checks read (the check module, the weights folder, example
 * inputs) selects its checks.
 */
export const models: Selector = ({ changes, config, testFiles, pick, pickChecks, note }) => {
  const paths = changes.flatMap((change) => [change.path, ...(change.oldPath ? [change.oldPath] : [])]);
  // Data DVC manages says which `.dvc` pointer or dvc.lock it comes from, and may be a folder: a glob
  // that may match a file in it counts (`data/images/*.png` for data/images.dvc).
  const via = new Map(changes.flatMap((change) => (change.via ? [[change.path, change.via] as const] : [])));
  const named = (path: string) => (via.has(path) ? `${path} (in ${via.get(path)})` : path);
  const folders = new Set(changes.flatMap((change) => (change.via && change.folder ? [change.path] : [])));
  const matcher = (globs: readonly string[]) => {
    const matches = compileGlobs(globs);
    return (path: string) => matches(path) || (folders.has(path) && mayMatchIn(globs, path));
  };
  const describe = (hits: string[], globs: string[], what: string) => {
    const hit = hits[0]!;
    const glob = firstMatchingGlob(globs, hit) ?? globs.find((g) => mayMatchIn([g], hit));
    return `${named(hit)}${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''} changed: ${what} (${glob})`;
  };
  for (const model of config.models) {
    const inputHits = paths.filter(matcher(model.inputs));
    const checkHits = paths.filter(matcher(model.checkFiles));
    if (inputHits.length > 0) {
      const reason = describe(inputHits, model.inputs, `input of model "${model.name}"`);
      const isTest = compileGlobs(model.tests);
      const tests = testFiles().filter((test) => isTest(test.path));
      if (tests.length === 0 && !model.checks && !model.artifact) {
        note(`model "${model.name}": inputs changed but no test file matches its tests globs`);
      }
      for (const test of tests) pick(test, reason);
      pickChecks(model.name, reason);
    }
    if (checkHits.length > 0)
      pickChecks(
        model.name,
        describe(checkHits, model.checkFiles, `read by the checks of model "${model.name}"`),
      );
  }
};
