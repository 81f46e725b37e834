// The usual next commit: the same files as the state of the saved reverse graph, some with new
// content (nothing added, removed or renamed, no config that resolution reads). Then no other file
// resolves differently, so only the edited files are scanned (old and new content) and resolved,
// and the saved graph is patched: their old edges out, their new ones in. Anything else is built.

import { readBlobs, textsByPath } from '../../git/readBlobs.js';
import { isConfig, RESOLUTION_CONFIG } from './configFiles.js';
import { type Lang, langOf } from './facts.js';
import { createFileIndex } from './fileIndex.js';
import { loadListing, saveListing, saveReverseText } from './graphCaches.js';
import { listState } from './planScan.js';
import { resolveFile } from './resolveFile.js';
import { createResolvers } from './resolvers.js';
import { edgeRecords, patchReverse, type SourceChange } from './reverseIndex.js';
import type { ImportGraphOptions } from './runImportGraph.js';
import { scanBlob } from './scanBlob.js';
import { initJsScanner } from './scanJs.js';

export interface Patched {
  /** The reverse graph of this state, saved under its key. */
  text: string;
  /** Files whose content changed (each scanned twice: before and after). */
  edited: number;
  /** Why the caches could not be written, if they could not. */
  failure: string | null;
}

// Past this share of the code files edited (a branch switch, say), a build is cheaper: it scans
// with the worker thread and reuses the facts cache, where this scans every edit twice here.
const MAX_EDITED_SHARE = 0.2;

/** The key without its state: the version, project and test config must be the same. */
const withoutState = (key: string): string | null => {
  const first = key.indexOf(' ');
  const second = key.indexOf(' ', first + 1);
  return first < 0 || second < 0 ? null : `${key.slice(0, first)}${key.slice(second)}`;
};

/** The patched reverse graph of this state, or null when it must be built (see above). */
export const patchImportGraph = async (
  options: ImportGraphOptions,
  key: string,
  savedText: string,
): Promise<Patched | null> => {
  const { repoRoot, gitDir } = options;
  const savedKey = savedText.slice(0, savedText.indexOf('\n'));
  const same = withoutState(key);
  if (same === null || withoutState(savedKey) !== same) return null;
  const entries = listState(options);
  const saved = loadListing(gitDir, savedKey, entries.length);
  if (!saved || entries.length !== saved.size) return null;
  const edited: { path: string; lang: Lang; before: string; after: string }[] = [];
  let code = 0;
  for (const entry of entries) {
    const before = saved.get(entry.path);
    if (before === undefined) return null;
    const lang = langOf(entry.path);
    if (lang) code++;
    if (before === entry.id) continue;
    if (isConfig(entry.path, lang)) return null;
    // A data file's content is no part of the graph: only its path is.
    if (lang) edited.push({ path: entry.path, lang, before, after: entry.id });
  }

  if (edited.length > Math.max(50, code * MAX_EDITED_SHARE)) return null;

  let text: string | null = `${key}${savedText.slice(savedKey.length)}`;
  if (edited.length > 0) {
    // A quick look at the name first, for every file of the state; isConfig has the last word.
    const configs = entries.filter((e) => RESOLUTION_CONFIG.test(e.path) && isConfig(e.path, langOf(e.path)));
    const blobs = new Map<string, Buffer>();
    if (edited.some((e) => e.lang === 'js')) await initJsScanner();
    const ids = new Set([...configs.map((e) => e.id), ...edited.flatMap((e) => [e.before, e.after])]);
    // Copied: a blob's memory is read into again after the call.
    await readBlobs(repoRoot, [...ids], (id, blob) => blobs.set(id, Buffer.from(blob)));
    const texts = new Map<string, string>();
    for (const { id } of configs) texts.set(id, blobs.get(id)?.toString('utf8') ?? '');
    const resolvers = createResolvers(
      createFileIndex(entries.map((e) => e.path)),
      configs,
      texts,
      textsByPath(repoRoot, entries),
    );
    // A file a tsconfig extends (under another name) was edited: imports anywhere may resolve anew.
    if (edited.some((e) => resolvers.extraConfigs.includes(e.path))) return null;
    const changes: SourceChange[] = [];
    for (const { path, lang, before, after } of edited) {
      const old = blobs.get(before);
      const now = blobs.get(after);
      // The old content is gone from the object store (pruned): nothing says what it imported.
      if (!old || !now) return null;
      changes.push({
        source: path,
        before: edgeRecords(path, resolveFile(path, lang, scanBlob(old, lang), resolvers)),
        after: edgeRecords(path, resolveFile(path, lang, scanBlob(now, lang), resolvers)),
      });
    }
    text = patchReverse(savedText, key, changes);
    if (text === null) return null;
  }
  const failure = saveReverseText(gitDir, text) ?? saveListing(gitDir, key, entries);
  return { text, edited: edited.length, failure };
};
