import type { FileFacts, Lang } from './facts.js';
import { scanJs } from './scanJs.js';
import { scanJson } from './scanJson.js';
import { scanPython } from './scanPython.js';

// JSON this large is a data set, not a manifest: its strings are not read for paths.
const MAX_JSON_BYTES = 1024 * 1024;

export const NO_FACTS: FileFacts = { specs: [], literals: [], globs: [], unsure: [] };

/** The facts of one blob's content, read as a file of `lang` (the JS scanner must be initialized). */
export const scanBlob = (blob: Buffer, lang: Lang): FileFacts => {
  if (lang === 'json') return blob.length > MAX_JSON_BYTES ? NO_FACTS : scanJson(blob.toString('utf8'));
  const source = blob.toString('utf8');
  return lang === 'py' ? scanPython(source) : scanJs(source, lang);
};
