import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listStateBlobs } from '../git/listBlobs.js';
import type { BlobEntry } from '../git/parseLsFilesStageZ.js';
import { factsPath } from './graph/cachePaths.js';
import type { EarlyScan } from './graph/earlyScan.js';
import { isGraphInput } from './graph/isGraphInput.js';
import { type ParseWorker, startParseWorker } from './graph/parseInWorker.js';
import type { ImportGraphOptions } from './graph/runImportGraph.js';
import { sideIndexPath, sideIndexRulesOut } from './graph/sideIndex.js';
import type { Selector } from './select.js';

export type { ImportGraphOptions };

// An index this large lists about a thousand files: below it, scanning takes less than a worker's start.
const LARGE_INDEX_BYTES = 96 * 1024;

/**
 * Nothing cached (a first run) in a large repo: the graph will be built from nothing, and the worker
 * that scans its files starts on them while the other selectors run.
 */
const coldAndLarge = (gitDir: string): boolean => {
  if (existsSync(factsPath(gitDir)) || existsSync(sideIndexPath(gitDir))) return false;
  try {
    return statSync(join(gitDir, 'index')).size > LARGE_INDEX_BYTES;
  } catch {
    return false;
  }
};

/**
 * The worker that scans a cold graph's files, started as early as the git dir is known (it boots
 * while git finds the change set), or null when the graph is not cold and large. The caller stops
 * it if no graph selector takes it.
 */
export const startColdWorker = ({ root, gitDir }: { root: string; gitDir: string }): ParseWorker | null =>
  coldAndLarge(gitDir) ? startParseWorker(root) : null;

/**
 * A cold worker's job sent before git finds the change set, when the state the graph lists is known
 * without it: the index for a commit (or a merge), HEAD for `--base` alone. Only if the change set
 * then names the same state (and project) does the graph take it (`createImportGraphSelector`).
 */
export interface ScanAhead {
  /** The commit listed, or null for the index. */
  head: string | null;
  prefix: string;
  /** The state's files with blob ids (listed once, for the graph and the list of tests). */
  listHead: () => BlobEntry[];
  early: Promise<EarlyScan | null>;
}

/** Lists the state and sends the worker its job now (the listing is what the job is made from). */
export const scanAhead = async (
  worker: ParseWorker,
  options: { repoRoot: string; gitDir: string; prefix: string; head: string | null },
): Promise<ScanAhead> => {
  const { repoRoot, head } = options;
  let entries: BlobEntry[] | null = null;
  const listHead = () => (entries ??= listStateBlobs(repoRoot, head));
  const { sendEarlyJob } = await import('./graph/earlyScan.js');
  return {
    ...options,
    listHead,
    early: Promise.resolve(sendEarlyJob(worker, { ...options, base: null, listHead })),
  };
};

/**
 * Selection by the real import graph (TS/JS and Python, data and weights literals), cached under
 * the git dir. The graph code loads only when the change can touch it: an edit of docs or data
 * that no code names (the side index says so) costs one small file read, and no git process when
 * HEAD has not moved since the index was made.
 */
export const createImportGraphSelector = (
  options: ImportGraphOptions,
  /** The cold worker, when the caller started it (`startColdWorker`); else it is started here. */
  started?: ParseWorker | null,
  /** Its job, when the caller sent it ahead of the change set, of this very state (`scanAhead`). */
  sent?: Promise<EarlyScan | null>,
): Selector & { stop(): void; started: Promise<unknown> } => {
  // Cold: the worker boots now (or has), and is sent its job (the listing comes from git meanwhile)
  // once the listing code has loaded; `started` settles when it has been sent.
  const worker =
    started === undefined ? startColdWorker({ root: options.repoRoot, gitDir: options.gitDir }) : started;
  const early = !worker
    ? null
    : (sent ??
      import('./graph/earlyScan.js')
        .then(({ sendEarlyJob }) => sendEarlyJob(worker, options))
        .catch(() => {
          // Never left as an unhandled rejection: without the early scan, the graph scans by itself.
          worker.stop();
          return null;
        }));
  const selector: Selector = async (ctx) => {
    const paths = ctx.changes.flatMap((c) => (c.oldPath === undefined ? [c.path] : [c.path, c.oldPath]));
    // An added file may be named by a literal the side index drops (a bare word): only edits and deletions skip.
    // DVC data (a pointer's, a pipeline output) may be a folder that a pattern reads: the side index
    // of names cannot rule it out.
    const onlyEdits = ctx.changes.every((c) => (c.status === 'M' || c.status === 'D') && !c.via);
    if (
      paths.length === 0 ||
      (onlyEdits &&
        !paths.some(isGraphInput) &&
        sideIndexRulesOut({ ...options, head: options.head ?? null }, paths))
    ) {
      worker?.stop();
      return;
    }
    const { runImportGraph } = await import('./graph/runImportGraph.js');
    await runImportGraph(options, ctx, early ? await early : null);
  };
  // A selection that never asked the graph (a change to an "always" file selects everything) must
  // not leave the worker scanning the repository while the tests run.
  return Object.assign(selector, { stop: () => worker?.stop(), started: early ?? Promise.resolve() });
};
