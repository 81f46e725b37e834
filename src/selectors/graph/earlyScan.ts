// A cold run in a large repository: the files are listed and the parse worker is sent its job as
// soon as the change set is known, so that it scans while the other selectors run. The listing and
// the plan are kept for the graph that is built from them.

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import type { ParseWorker } from './parseInWorker.js';
import { encodeJob } from './parseJob.js';
import { listState, planScan, type ScanPlan } from './planScan.js';

export interface EarlyScan {
  worker: ParseWorker;
  /** The state listed: a commit, or null for the index. */
  head: string | null;
  prefix: string;
  /** Its files with blob ids, project-relative. */
  entries: BlobEntry[];
  /** What the worker was sent to scan: everything, as nothing is cached. */
  plan: ScanPlan;
}

const NOTHING_KNOWN = new Map<string, never>();

/** Lists the state's files and sends the worker its job; null (worker stopped) if git cannot list them. */
export const sendEarlyJob = (
  worker: ParseWorker,
  {
    root,
    head,
    prefix,
    listIndex,
  }: { root: string; head: string | null; prefix: string; listIndex?: () => BlobEntry[] },
): EarlyScan | null => {
  let entries: BlobEntry[];
  try {
    entries = listState({ repoRoot: root, head, prefix, listIndex });
  } catch {
    worker.stop();
    return null;
  }
  const plan = planScan(entries, NOTHING_KNOWN);
  worker.send(encodeJob([...new Set(plan.configs.map((e) => e.id))], plan.wanted, true));
  return { worker, head, prefix, entries, plan };
};
