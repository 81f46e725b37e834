// Builds the resolved graph of one state (the index, or a commit) from the blob ids of its files:
// facts come from the facts cache (by blob id), and only blobs it lacks are read (`git cat-file`)
// and parsed. Resolution is redone in memory, which is cheaper than caching it.

import type { BlobEntry } from '../../git/parseLsFilesStageZ.js';
import { readBlobs } from '../../git/readBlobs.js';
import { type FileFacts, type Lang, langOf } from './facts.js';
import { createFileIndex, type FileIndex } from './fileIndex.js';
import { type FactsCache, loadFacts } from './graphCaches.js';
import { loadPackages } from './packages.js';
import { baseOf } from './paths.js';
import { PY_CONFIGS, pythonRoots } from './pythonRoots.js';
import { type ResolvedFile, resolveFile } from './resolveFile.js';
import { createJsResolver } from './resolveJs.js';
import { createPythonResolver } from './resolvePython.js';
import { initJsScanner, scanJs } from './scanJs.js';
import { scanJson } from './scanJson.js';
import { scanPython } from './scanPython.js';
import { isTsconfig, loadTsconfigs } from './tsconfigs.js';

export interface GraphState {
  index: FileIndex;
  files: Map<string, ResolvedFile>;
  /** The facts keys (`<blob id>:<lang>`) of the code files of this state. */
  keys: string[];
  /** All facts known (the cache plus what was parsed), and whether any were added. */
  facts: FactsCache;
  factsChanged: boolean;
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
}

const isConfig = (path: string) => {
  const name = baseOf(path);
  return name === 'package.json' || PY_CONFIGS.has(name) || isTsconfig(path);
};

// JSON this large is a data set, not a manifest: its strings are not read for paths.
const MAX_JSON_BYTES = 1024 * 1024;
const EMPTY: FileFacts = { specs: [], literals: [], globs: [], unsure: [] };

const parse = (blob: Buffer, lang: Lang): FileFacts => {
  if (lang === 'json') return blob.length > MAX_JSON_BYTES ? EMPTY : scanJson(blob.toString('utf8'));
  const source = blob.toString('utf8');
  return lang === 'py' ? scanPython(source) : scanJs(source, lang);
};

interface CodeEntry {
  path: string;
  id: string;
  lang: Lang;
  key: string;
}

export const loadGraphState = async ({
  repoRoot,
  gitDir,
  entries,
  facts: givenFacts,
}: StateInput): Promise<GraphState> => {
  const notes: string[] = [];
  const index = createFileIndex(entries.map((entry) => entry.path));
  const configs: BlobEntry[] = [];
  const code: CodeEntry[] = [];
  for (const entry of entries) {
    const lang = langOf(entry.path);
    if (lang) code.push({ path: entry.path, id: entry.id, lang, key: `${entry.id}:${lang}` });
    if (isConfig(entry.path)) configs.push(entry);
  }

  let facts = givenFacts;
  if (!facts) {
    const loaded = loadFacts(gitDir);
    if (loaded.problem) notes.push(`import graph: the facts cache was ${loaded.problem}; rebuilt it`);
    facts = loaded.value;
  }
  // Blob id -> the languages it is needed in (one empty file can be both __init__.py and x.ts).
  const wanted = new Map<string, Lang[]>();
  for (const entry of code) {
    if (facts?.has(entry.key)) continue;
    const langs = wanted.get(entry.id);
    if (!langs) wanted.set(entry.id, [entry.lang]);
    else if (!langs.includes(entry.lang)) langs.push(entry.lang);
  }
  if ([...wanted.values()].some((langs) => langs.includes('js'))) await initJsScanner();
  const configIds = new Set(configs.map((e) => e.id));
  const fresh = new Map<string, FileFacts>();
  const texts = new Map<string, string>();
  let parsed = 0;
  await readBlobs(repoRoot, [...new Set([...wanted.keys(), ...configIds])], (id, blob) => {
    if (configIds.has(id)) texts.set(id, blob.toString('utf8'));
    for (const lang of wanted.get(id) ?? []) {
      fresh.set(`${id}:${lang}`, parse(blob, lang));
      parsed++;
    }
  });
  for (const [k, v] of fresh) facts.set(k, v);
  const textsOf = (pick: (path: string) => boolean) =>
    new Map(configs.filter((e) => pick(e.path)).map((e) => [e.path, texts.get(e.id) ?? ''] as const));
  const resolvers = {
    index,
    js: createJsResolver({
      index,
      tsconfigs: loadTsconfigs(textsOf(isTsconfig)),
      packages: loadPackages(textsOf((p) => baseOf(p) === 'package.json')),
    }),
    py: createPythonResolver(
      index,
      pythonRoots(
        textsOf((p) => PY_CONFIGS.has(baseOf(p))),
        index,
      ),
    ),
  };
  const files = new Map<string, ResolvedFile>();
  for (const entry of code) {
    const found = facts.get(entry.key) ?? { ...EMPTY, unsure: ['content unreadable'] };
    files.set(entry.path, resolveFile(entry.path, entry.lang, found, resolvers));
  }
  return {
    index,
    files,
    keys: code.map((entry) => entry.key),
    facts,
    factsChanged: fresh.size > 0,
    parsed,
    notes,
  };
};
