// A cold run in a large repository: the files are listed and the parse worker is sent its job as
// soon as the change set is known, so that it scans while the other selectors run. The listing and
// the plan are kept for the graph that is built from them (the same options, so the same state).

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import type { ParseWorker } from './parseInWorker.js';
import { mergeRepeats } from './parseJob.js';
import { listState, planColdScan, type ScanPlan } from './planScan.js';
import type { ImportGraphOptions } from './runImportGraph.js';

export interface EarlyScan {
  worker: ParseWorker;
  /** The state's files with blob ids, project-relative. */
  entries: BlobEntry[];
  /** What the worker was sent to scan: everything, as nothing is cached. */
  plan: ScanPlan;
}

/** Lists the state's files and sends the worker its job; null (worker stopped) if git cannot list them. */
export const sendEarlyJob = (worker: ParseWorker, options: ImportGraphOptions): EarlyScan | null => {
  let entries: BlobEntry[];
  try {
    entries = listState(options);
  } catch {
    worker.stop();
    return null;
  }
  const { plan, job } = planColdScan(entries, options.gitDir);
  worker.send(mergeRepeats(job));
  return { worker, entries, plan };
};
