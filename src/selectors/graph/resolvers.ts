import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import type { FileIndex } from './fileIndex.js';
import { loadPackages } from './packages.js';
import { baseOf, dirOf } from './paths.js';
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
  // The folders of the packages (JS and Python): a literal may be relative to its file's package.
  const packageDirs = new Set(
    configs
      .filter((e) => baseOf(e.path) === 'package.json' || PY_CONFIGS.has(baseOf(e.path)))
      .map((e) => dirOf(e.path)),
  );
  // And a DVC project's folder, where its pipeline's commands run (`open('models/enc.onnx')` in
  // ml/src/infer.py, run by ml/dvc.yaml, reads ml/models/enc.onnx).
  if (index.dvc)
    for (const path of index.files) if (baseOf(path) === 'dvc.yaml') packageDirs.add(dirOf(path));
  const roots = new Map<string, string>();
  const packageRoot = (dir: string): string => {
    let found = roots.get(dir);
    if (found === undefined) {
      found = dir === '' || packageDirs.has(dir) ? dir : packageRoot(dirOf(dir));
      roots.set(dir, found);
    }
    return found;
  };
  return {
    index,
    extraConfigs: [...extra.keys()],
    packageRoot,
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
