import { listStateBlobs } from '../../git/listBlobs.js';
import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { isConfig } from './configFiles.js';
import { type Lang, langOf } from './facts.js';
import { kindOf, type ParseJob } from './parseJob.js';

export interface CodeEntry {
  readonly path: string;
  readonly id: string;
  readonly lang: Lang;
  /** The facts cache key: `<blob id>:<lang>` (made on first use: a cold run finds facts by place). */
  readonly key: string;
}

class Code implements CodeEntry {
  #key: string | null = null;
  constructor(
    readonly path: string,
    readonly id: string,
    readonly lang: Lang,
  ) {}
  get key(): string {
    return (this.#key ??= `${this.id}:${this.lang}`);
  }
}

export interface ScanPlan {
  code: CodeEntry[];
  /**
   * For a cold scan's job whose blobs are each at one path in one language: the index in `code`
   * of the facts of each place of the job (-1: a config no scanner reads). The facts go there
   * by place, with no key made.
   */
  codeAtPlace?: Int32Array;
  /** Blob id -> the languages it must be scanned in (one empty file can be both __init__.py and x.ts). */
  wanted: Map<string, Lang[]>;
  /** Facts keys to scan that more than one code file has (the same content at two paths). */
  shared: Set<string>;
  /** package.json, tsconfigs and Python configs: resolution reads their text. */
  configs: BlobEntry[];
}

/** `file`'s blob is to be scanned in its language; another path of the same blob and language shares its facts. */
const want = (wanted: Map<string, Lang[]>, shared: Set<string>, file: CodeEntry) => {
  const langs = wanted.get(file.id);
  if (!langs) wanted.set(file.id, [file.lang]);
  else if (!langs.includes(file.lang)) langs.push(file.lang);
  else shared.add(file.key);
};

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
      const file = new Code(entry.path, entry.id, lang);
      code.push(file);
      if (known.size === 0 || !known.has(file.key)) want(wanted, shared, file);
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
  // The code index of each place of the job, configs' places first as in the job.
  const configAt: number[] = [];
  const otherAt: number[] = [];
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const { path, id } = entry;
    const lang = langOf(path);
    const config = isConfig(path, lang);
    if (lang === null && !config) continue;
    if (unique && (wanted.has(id) || configOnly?.has(id))) unique = false;
    if (lang) {
      const file = new Code(path, id, lang);
      code.push(file);
      want(wanted, shared, file);
    } else (configOnly ??= new Set()).add(id);
    const at = lang ? code.length - 1 : -1;
    if (config) {
      configs.push(entry);
      configIds += `${id}\n`;
      configKinds += kindOf(lang, true);
      configAt.push(at);
    } else {
      ids += `${id}\n`;
      kinds += kindOf(lang, false);
      otherAt.push(at);
    }
  }
  const plan: ScanPlan = { code, wanted, shared, configs };
  if (unique) {
    plan.codeAtPlace = new Int32Array(configAt.length + otherAt.length);
    plan.codeAtPlace.set(configAt);
    plan.codeAtPlace.set(otherAt, configAt.length);
  }
  return { plan, job: { ids: configIds + ids, kinds: configKinds + kinds, saveTo, unique } };
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
}): BlobEntry[] => inProject(listHead ? listHead() : listStateBlobs(repoRoot, head), prefix);
