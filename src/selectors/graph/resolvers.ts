import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import type { FileIndex } from './fileIndex.js';
import { loadPackages } from './packages.js';
import { baseOf } from './paths.js';
import { PY_CONFIGS, pythonRoots } from './pythonRoots.js';
import type { Resolvers } from './resolveFile.js';
import { createJsResolver } from './resolveJs.js';
import { createPythonResolver } from './resolvePython.js';
import { isTsconfig, loadTsconfigs } from './tsconfigs.js';

/** The resolvers of one state: its files, and the text of its configs by blob id (a missing one counts as empty). */
export const createResolvers = (
  index: FileIndex,
  configs: readonly BlobEntry[],
  texts: ReadonlyMap<string, string>,
): Resolvers => {
  const textsOf = (pick: (path: string) => boolean) =>
    new Map(configs.filter((e) => pick(e.path)).map((e) => [e.path, texts.get(e.id) ?? ''] as const));
  return {
    index,
    js: createJsResolver({
      index,
      tsconfigs: loadTsconfigs(textsOf(isTsconfig)),
      packages: loadPackages(textsOf((p) => baseOf(p) === 'package.json')),
    }),
    py: createPythonResolver(
      index,
      pythonRoots(
        textsOf((p) => PY_CONFIGS.has(baseOf(p))),
        index,
      ),
    ),
  };
};
