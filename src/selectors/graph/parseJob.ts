import type { Lang } from './facts.js';

// What the parse worker is asked for, in a form it can use without parsing: git's input as it is
// (the ids, each ended by a newline) and one character per id saying what to do with its content.

export interface ParseJob {
  /** Blob ids, each ended by a newline: the input of `git cat-file --batch`. */
  ids: string;
  /** One character per id: its languages and whether it is a config (`kindsOf`). */
  kinds: string;
  /**
   * The git dir whose facts cache the worker writes at the end, from what it scanned (nothing was
   * cached: the cache then holds exactly that), or null.
   */
  saveTo: string | null;
  /** Set when no id is named twice (`mergeRepeats` has nothing to do); the worker is sent only such jobs. */
  unique?: boolean;
}

const LANGS: readonly Lang[] = ['js', 'jsx', 'sfc', 'py', 'json', 'conf', 'ipynb'];

/**
 * Where the worker's facts of a blob came from, as one number: the blob's place in the job and the
 * language it was scanned in (its index in LANGS, which fits in 3 bits).
 */
export const factsPlace = (place: number, lang: Lang): number => place * 8 + LANGS.indexOf(lang);

/** The place in the job of a `factsPlace`. */
export const placeOf = (at: number): number => Math.floor(at / 8);

/** The cache key (`<blob id>:<lang>`) of a `factsPlace` in a job. */
export const keyAtPlace = ({ ids, kinds }: ParseJob): ((at: number) => string) => {
  // Every id of a repository has the same length: then the id at a place is found without a split.
  // One line per kind, each ended where a fixed width says: then nothing else can be a line.
  const width = ids.indexOf('\n') + 1;
  let fixed = width > 0 && ids.length === width * kinds.length;
  for (let end = width - 1; fixed && end < ids.length; end += width) fixed = ids.charCodeAt(end) === 10;
  const list = fixed ? null : ids.split('\n');
  return (at) => {
    const place = placeOf(at);
    const id = list ? list[place] : ids.slice(place * width, place * width + width - 1);
    return `${id}:${LANGS[at % 8]}`;
  };
};

const CONFIG = 1 << LANGS.length;
/** How many different `kinds` characters there are (from '0'). */
export const KIND_COUNT = CONFIG << 1;

/** The job of these blobs, by what to do with each (`kindsOf` bits). */
const jobOf = (bits: ReadonlyMap<string, number>, saveTo: string | null): ParseJob => {
  // Configs first: the main thread needs their text to resolve anything.
  const ids: string[] = [];
  const kinds: number[] = [];
  for (const config of [true, false])
    for (const [id, b] of bits)
      if (((b & CONFIG) !== 0) === config) {
        ids.push(id);
        kinds.push(48 + b);
      }
  // One UTF-16 unit per id: the kinds go past 255.
  let text = '';
  for (let k = 0; k < kinds.length; k++) text += String.fromCharCode(kinds[k]!);
  return { ids: ids.length > 0 ? `${ids.join('\n')}\n` : '', kinds: text, saveTo, unique: true };
};

/** The job of scanning these blobs (each in its languages), with the configs' text. */
export const encodeJob = (
  configIds: readonly string[],
  scan: Iterable<[string, Lang[]]>,
  saveTo: string | null,
): ParseJob => {
  const bits = new Map<string, number>();
  for (const id of configIds) bits.set(id, CONFIG);
  for (const [id, langs] of scan) {
    let b = bits.get(id) ?? 0;
    for (const lang of langs) b |= 1 << LANGS.indexOf(lang);
    bits.set(id, b);
  }
  return jobOf(bits, saveTo);
};

/** The `kinds` character of a blob scanned in `lang` (if any), and read as a config or not. */
export const kindOf = (lang: Lang | null, config: boolean): string =>
  String.fromCharCode(48 + (lang === null ? 0 : 1 << LANGS.indexOf(lang)) + (config ? CONFIG : 0));

/** The job with each blob named once, in all the kinds it was asked for. */
export const mergeRepeats = (job: ParseJob): ParseJob => {
  if (job.unique) return job;
  const ids = job.ids.split('\n');
  ids.pop();
  const bits = new Map<string, number>();
  for (let k = 0; k < ids.length; k++)
    bits.set(ids[k]!, (bits.get(ids[k]!) ?? 0) | (job.kinds.charCodeAt(k) - 48));
  return bits.size === ids.length ? { ...job, unique: true } : jobOf(bits, job.saveTo);
};

/** What a `kinds` character asks for. */
export const kindsOf = (char: number): { langs: Lang[]; config: boolean } => {
  const b = char - 48;
  return { langs: LANGS.filter((_, k) => b & (1 << k)), config: (b & CONFIG) !== 0 };
};
