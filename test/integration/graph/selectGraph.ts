import { validateConfig } from '../../../src/config/validateConfig.js';
import { listFiles } from '../../../src/git/listFiles.js';
import { preCommitChangeSet } from '../../../src/hooks/preCommit.js';
import { rangeChangeSet } from '../../../src/hooks/range.js';
import { changedTests } from '../../../src/selectors/changedTests.js';
import { dvcChanges } from '../../../src/selectors/dvc.js';
import {
  type GraphStats,
  type ImportGraphOptions,
  runImportGraph,
} from '../../../src/selectors/graph/runImportGraph.js';
import { createImportGraphSelector } from '../../../src/selectors/importGraph.js';
import { type Selector, select } from '../../../src/selectors/select.js';
import type { Selection } from '../../../src/types.js';

export interface SelectOptions {
  /** Compare the commit `head` with `base` (ci), instead of the index with HEAD (pre-commit). */
  base?: string;
  head?: string;
  always?: string[];
  /** A config, as mlhooks.config would give it. */
  config?: object;
  /** The project root relative to the git root ('' or 'sub/'). */
  prefix?: string;
}

const setup = (root: string, { base, head, always, config: raw = {}, prefix = '' }: SelectOptions) => {
  const changeSet = base ? rangeChangeSet(root, 'ci', base, head) : preCommitChangeSet(root);
  const config = validateConfig(raw, { file: 'test', jsRunner: 'vitest' }).config!;
  if (always) config.always = always;
  const options: ImportGraphOptions = {
    repoRoot: root,
    gitDir: `${root}/.git`,
    prefix,
    base: changeSet.base,
    head: changeSet.head,
  };
  const trackedFiles = () => listFiles(prefix ? `${root}/${prefix}` : root);
  return { changeSet, config, options, trackedFiles, derived: dvcChanges(root, changeSet) };
};

/** What mlhooks selects in a real repo with the changed tests and the import graph, as `prepareRun` wires them. */
export const selectWithGraph = async (root: string, opts: SelectOptions = {}): Promise<Selection> => {
  const { changeSet, config, options, trackedFiles, derived } = setup(root, opts);
  return select({
    changeSet,
    derived,
    config,
    prefix: options.prefix,
    trackedFiles,
    selectors: [changedTests, createImportGraphSelector(options)],
  });
};

/** The same through runImportGraph itself, to see which path it took (warm, or built) and how much it parsed. */
export const selectWithStats = async (
  root: string,
  opts: SelectOptions = {},
): Promise<{ selection: Selection; stats: GraphStats | null }> => {
  const { changeSet, config, options, trackedFiles, derived } = setup(root, opts);
  let stats: GraphStats | null = null;
  const graph: Selector = async (ctx) => {
    stats = await runImportGraph(options, ctx);
  };
  const selection = await select({
    changeSet,
    derived,
    config,
    prefix: options.prefix,
    trackedFiles,
    selectors: [graph],
  });
  return { selection, stats };
};
