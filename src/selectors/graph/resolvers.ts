import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import type { FileIndex } from './fileIndex.js';
import { loadPackages } from './packages.js';
import { baseOf } from './paths.js';
import { PY_CONFIGS, pythonRoots } from './pythonRoots.js';
import type { Resolvers } from './resolveFile.js';
import { createJsResolver } from './resolveJs.js';
import { createPythonResolver } from './resolvePython.js';
import { extendedConfigs, isTsconfig, loadTsconfigs } from './tsconfigs.js';

/**
 * The resolvers of one state: its files, and the text of its configs by blob id (a missing one
 * counts as empty). `read` gives the text of other tracked files by path, for what a tsconfig
 * extends under another name (without it, those add nothing).
 */
export const createResolvers = (
  index: FileIndex,
  configs: readonly BlobEntry[],
  texts: ReadonlyMap<string, string>,
  read?: (paths: string[]) => ReadonlyMap<string, string>,
): Resolvers => {
  const textsOf = (pick: (path: string) => boolean) =>
    new Map(configs.filter((e) => pick(e.path)).map((e) => [e.path, texts.get(e.id) ?? ''] as const));
  const packages = loadPackages(textsOf((p) => baseOf(p) === 'package.json'));
  const tsconfigs = textsOf(isTsconfig);
  const extra = read ? extendedConfigs(tsconfigs, packages, (p) => index.files.has(p), read) : new Map();
  return {
    index,
    extraConfigs: [...extra.keys()],
    js: createJsResolver({ index, tsconfigs: loadTsconfigs(tsconfigs, { extra, packages }), packages }),
    py: createPythonResolver(
      index,
      pythonRoots(
        textsOf((p) => PY_CONFIGS.has(baseOf(p))),
        index,
      ),
    ),
  };
};
