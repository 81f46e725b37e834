import { listIndexBlobs, listTreeBlobs } from '../../git/listBlobs.js';
import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { isConfig } from './configFiles.js';
import { type Lang, langOf } from './facts.js';
import { kindOf, type ParseJob } from './parseJob.js';

export interface CodeEntry {
  path: string;
  id: string;
  lang: Lang;
  /** The facts cache key: `<blob id>:<lang>`. */
  key: string;
}

export interface ScanPlan {
  code: CodeEntry[];
  /** Blob id -> the languages it must be scanned in (one empty file can be both __init__.py and x.ts). */
  wanted: Map<string, Lang[]>;
  /** Facts keys to scan that more than one code file has (the same content at two paths). */
  shared: Set<string>;
  /** package.json, tsconfigs and Python configs: resolution reads their text. */
  configs: BlobEntry[];
}

/** Which files of a state are code, which blobs must be scanned (`known` facts keys are not), which are configs. */
export const planScan = (entries: readonly BlobEntry[], known: ReadonlyMap<string, unknown>): ScanPlan => {
  const code: CodeEntry[] = [];
  const wanted = new Map<string, Lang[]>();
  const shared = new Set<string>();
  const configs: BlobEntry[] = [];
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const lang = langOf(entry.path);
    if (lang) {
      const key = `${entry.id}:${lang}`;
      code.push({ path: entry.path, id: entry.id, lang, key });
      if (known.size === 0 || !known.has(key)) {
        const langs = wanted.get(entry.id);
        if (!langs) wanted.set(entry.id, [lang]);
        else if (!langs.includes(lang)) langs.push(lang);
        else shared.add(key);
      }
    }
    if (isConfig(entry.path, lang)) configs.push(entry);
  }
  return { code, wanted, shared, configs };
};

/**
 * `planScan` of a listing with nothing cached (every code file in its language, every config), and
 * the parse worker's job for it, in one pass. A blob at two paths (empty `__init__.py` files) is
 * named twice in the job, which then says it is not unique: `mergeRepeats` merges it before it is
 * sent. Configs first, as in `encodeJob`.
 */
export const planColdScan = (
  entries: readonly BlobEntry[],
  saveTo: string | null,
): { plan: ScanPlan; job: ParseJob } => {
  const code: CodeEntry[] = [];
  const wanted = new Map<string, Lang[]>();
  const shared = new Set<string>();
  const configs: BlobEntry[] = [];
  let configOnly: Set<string> | null = null;
  let unique = true;
  let configIds = '';
  let configKinds = '';
  let ids = '';
  let kinds = '';
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const { path, id } = entry;
    const lang = langOf(path);
    const config = isConfig(path, lang);
    if (lang === null && !config) continue;
    if (unique && (wanted.has(id) || configOnly?.has(id))) unique = false;
    if (lang) {
      const key = `${id}:${lang}`;
      code.push({ path, id, lang, key });
      const langs = wanted.get(id);
      if (!langs) wanted.set(id, [lang]);
      else if (!langs.includes(lang)) langs.push(lang);
      else shared.add(key);
    } else (configOnly ??= new Set()).add(id);
    if (config) {
      configs.push(entry);
      configIds += `${id}\n`;
      configKinds += kindOf(lang, true);
    } else {
      ids += `${id}\n`;
      kinds += kindOf(lang, false);
    }
  }
  return {
    plan: { code, wanted, shared, configs },
    job: { ids: configIds + ids, kinds: configKinds + kinds, saveTo, unique },
  };
};

/** The entries under the project folder `prefix`, with paths relative to it. */
export const inProject = (entries: BlobEntry[], prefix: string): BlobEntry[] =>
  prefix === ''
    ? entries
    : entries
        .filter((e) => e.path.startsWith(prefix))
        .map((e) => ({ ...e, path: e.path.slice(prefix.length) }));

/**
 * The project's files of a state with their blob ids: a commit's (`head`), or the index's, from
 * `listHead` when the caller lists that state for other uses too (one git process for both).
 */
export const listState = ({
  repoRoot,
  head,
  prefix,
  listHead,
}: {
  repoRoot: string;
  head?: string | null;
  prefix: string;
  listHead?: (() => BlobEntry[]) | undefined;
}): BlobEntry[] =>
  inProject(listHead ? listHead() : head ? listTreeBlobs(repoRoot, head) : listIndexBlobs(repoRoot), prefix);
