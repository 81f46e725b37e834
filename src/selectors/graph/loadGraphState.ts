// Builds the resolved graph of one state (the index, or a commit) from the blob ids of its files:
// facts come from the facts cache (by blob id), and only blobs it lacks are read (`git cat-file`)
// and parsed, many of them by a worker on the other core while this thread resolves what it sends.
// Resolution is redone in memory, which is cheaper than caching it.

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { readBlobs, textsByPath } from '../../git/readBlobs.js';
import type { Lang } from './facts.js';
import { type Packed, pack } from './factsJson.js';
import { createFileIndex, type FileIndex } from './fileIndex.js';
import { type FactsCache, loadFacts } from './graphCaches.js';
import { type FactsWrite, type ParseWorker, startParseWorker } from './parseInWorker.js';
import { encodeJob, keyAtPlace, placeOf } from './parseJob.js';
import { type CodeEntry, planScan, type ScanPlan } from './planScan.js';
import { type ResolvedFile, type Resolvers, resolvePacked } from './resolveFile.js';
import { createResolvers } from './resolvers.js';
import { NO_FACTS, scanBlob } from './scanBlob.js';
import { initJsScanner } from './scanJs.js';

export interface GraphState {
  index: FileIndex;
  /** Each code file resolved; empty when the caller took them one by one (`onFile`). */
  files: Map<string, ResolvedFile>;
  /** The code files of this state, in order. */
  code: CodeEntry[];
  /** All facts known (the cache plus what was parsed), and whether any were added. */
  facts: FactsCache;
  /**
   * Whether `facts` lacks this state's scanned facts: a cold run whose files the caller took one by
   * one drops each file's facts once it is resolved (the worker writes them whole: `factsSaved`).
   */
  factsDropped: boolean;
  factsChanged: boolean;
  /**
   * A cold run's facts cache, written by the parse worker from what it scanned: settles once it is
   * written (or failed to be), null when the worker did not write it (then the caller may).
   */
  factsSaved: Promise<FactsWrite | null> | null;
  /** Files read only because a tsconfig extends them (`Resolvers.extraConfigs`). */
  extraConfigs: string[];
  parsed: number;
  notes: string[];
}

export interface StateInput {
  repoRoot: string;
  gitDir: string;
  /** Project files with blob ids, project-relative. */
  entries: readonly BlobEntry[];
  /** Facts already loaded (the head state's), reused for the base state. */
  facts: FactsCache | null;
  /** A parse worker started ahead (a cold run): used if there is anything to scan, else stopped. */
  worker?: ParseWorker | null;
  /** The plan of `entries` the worker's job was made from, when it was sent ahead (nothing was cached). */
  plan?: ScanPlan | null;
  /**
   * Each code file once resolved, in the order of `entries` (while blobs are still being scanned).
   * The state then keeps no resolved file (`files` is empty): the caller takes what it needs.
   */
  onFile?: (path: string, file: ResolvedFile, index: FileIndex) => void;
}

// Below this many blobs to scan, the worker's start-up costs more than it saves.
export const WORKER_MIN_BLOBS = 1000;

const UNREADABLE: Packed = pack({ ...NO_FACTS, unsure: ['content unreadable'] });

export const loadGraphState = async ({
  repoRoot,
  gitDir,
  entries,
  facts: givenFacts,
  worker: early = null,
  plan = null,
  onFile,
}: StateInput): Promise<GraphState> => {
  const notes: string[] = [];
  let facts = givenFacts;
  if (!facts) {
    const loaded = loadFacts(gitDir);
    if (loaded.problem) notes.push(`import graph: the facts cache was ${loaded.problem}; rebuilt it`);
    facts = loaded.value;
  }
  const { code, wanted, shared, configs, codeAtPlace } = plan ?? planScan(entries, facts);
  const cold = facts.size === 0;
  const configIds = [...new Set(configs.map((e) => e.id))];
  let wantedCount = 0;
  for (const langs of wanted.values()) wantedCount += langs.length;

  // Files are resolved in order as their facts come, which needs the configs first.
  let resolvers: Resolvers | null = null;
  const files = new Map<string, ResolvedFile>();
  let next = 0;
  let complete = false;
  const keepFiles = onFile === undefined;
  // Set when the worker writes the facts cache: each file's facts can go once it is resolved.
  let dropFacts = false;
  // Then, when the plan says where each place of the job goes, the worker's facts wait here by the
  // index of their file in `code`, with no key made (the map holds what is scanned in this thread).
  let byIndex: (Packed | undefined)[] | null = null;
  const useConfigs = (texts: ReadonlyMap<string, string>) => {
    // What a tsconfig extends under another name is read then (rare: one git call).
    resolvers = createResolvers(index, configs, texts, textsByPath(repoRoot, entries));
    advance();
  };
  const advance = () => {
    if (!resolvers) return;
    for (; next < code.length; next++) {
      const entry = code[next]!;
      const stored = byIndex?.[next] ?? facts.get(entry.key);
      let found = stored && (Array.isArray(stored) ? stored : pack(stored));
      if (!found) {
        if (!complete) return;
        found = UNREADABLE;
      }
      const file = resolvePacked(entry.path, entry.lang, found, resolvers);
      // Kept only where needed, a cold run's facts and files die young: the GC copies little of them.
      if (byIndex?.[next]) byIndex[next] = undefined;
      else if (dropFacts && !shared.has(entry.key)) facts.delete(entry.key);
      if (keepFiles) files.set(entry.path, file);
      onFile?.(entry.path, file, index);
    }
  };

  let parsed = 0;
  const add = (key: string, found: Packed) => {
    facts.set(key, found);
    parsed++;
  };
  // Reads and scans blobs in this thread, resolving as it goes; with `readConfigs`, the configs first.
  const scanHere = async (jobs: ReadonlyMap<string, Lang[]>, readConfigs: boolean) => {
    const needed = new Set(readConfigs ? configIds : []);
    const texts = new Map<string, string>();
    if (readConfigs && needed.size === 0) useConfigs(texts);
    if ([...jobs.values()].some((langs) => langs.includes('js'))) await initJsScanner();
    await readBlobs(repoRoot, [...new Set([...needed, ...jobs.keys()])], (id, blob) => {
      if (needed.delete(id)) {
        texts.set(id, blob.toString('utf8'));
        if (needed.size === 0) useConfigs(texts);
      }
      for (const lang of jobs.get(id) ?? []) add(`${id}:${lang}`, pack(scanBlob(blob, lang)));
      advance();
    });
    // A config git could not read counts as empty.
    if (readConfigs && !resolvers) useConfigs(texts);
  };

  // Many blobs are scanned by the worker (one started ahead has paid its start-up: it takes any).
  // With nothing cached, it also makes the facts cache's body.
  const worker =
    wanted.size === 0
      ? null
      : (early ?? (wanted.size >= WORKER_MIN_BLOBS ? startParseWorker(repoRoot) : null));
  if (early && worker !== early) early.stop();
  dropFacts = cold && worker !== null && !keepFiles;
  const job = worker ? (worker.job ?? encodeJob(configIds, wanted, cold ? gitDir : null)) : null;
  // The places are the plan's only in the job made with it: the one a worker started ahead was sent.
  const places =
    dropFacts && codeAtPlace && early !== null && worker === early && early.job !== null ? codeAtPlace : null;
  if (places) byIndex = new Array(code.length);
  const keyAt = job && !places ? keyAtPlace(job) : null;
  const scanned = worker?.run(worker.job ? null : job, {
    configs: useConfigs,
    facts: (json, at) => {
      const packed = JSON.parse(json) as Packed[];
      if (packed.length !== at.length) throw new Error('the parse worker sent facts without their places');
      for (let k = 0; k < packed.length; k++) {
        // Kept packed: resolvePacked reads them as they are.
        const found = packed[k]!;
        if (places) {
          const slot = places[placeOf(at[k]!)] ?? -1;
          if (slot < 0) throw new Error('the parse worker sent facts of a place with no file');
          byIndex![slot] = found;
          parsed++;
        } else add(keyAt!(at[k]!), found);
      }
      advance();
    },
  });
  // The worker starts on its job before the file index is built here.
  const index = createFileIndex(entries.map((entry) => entry.path));
  let factsSaved: Promise<FactsWrite | null> | null = null;
  let left = wanted;
  if (scanned) {
    try {
      // Waited for by a caller that writes the facts cache too (a job sent ahead always writes it).
      ({ saved: factsSaved } = await scanned);
    } catch {}
    // Whatever did not come is scanned here: what a failed worker did not send for the files not
    // resolved yet (those resolved had theirs).
    left = new Map();
    if (parsed !== wantedCount) {
      for (let k = next; k < code.length; k++) {
        const { id, lang } = code[k]!;
        if (byIndex?.[k] || facts.has(code[k]!.key)) continue;
        const langs = left.get(id);
        if (!langs) left.set(id, [lang]);
        else if (!langs.includes(lang)) langs.push(lang);
      }
    }
  }
  await scanHere(left, !resolvers);
  complete = true;
  advance();
  return {
    index,
    files,
    code,
    facts,
    factsDropped: dropFacts,
    factsChanged: parsed > 0,
    factsSaved,
    // Set by the time every file is resolved (the configs come first).
    extraConfigs: (resolvers as Resolvers | null)?.extraConfigs ?? [],
    parsed,
    notes,
  };
};
