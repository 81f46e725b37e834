import type { FileFacts, Lang } from './facts.js';
import { scanConfigText } from './scanConfigText.js';
import { scanJs } from './scanJs.js';
import { scanJson } from './scanJson.js';
import { scanLooseJs } from './scanLoose.js';
import { scanNotebook } from './scanNotebook.js';
import { scanPython } from './scanPython.js';

// JSON (or YAML, TOML) this large is a data set, not a manifest: its strings are not read for paths.
const MAX_DATA_BYTES = 1024 * 1024;

export const NO_FACTS: FileFacts = { specs: [], literals: [], globs: [], unsure: [] };

/** The facts of one blob's content, read as a file of `lang` (the JS scanner must be initialized). */
export const scanBlob = (blob: Buffer, lang: Lang): FileFacts => {
  if (blob.length > MAX_DATA_BYTES && (lang === 'json' || lang === 'conf')) return NO_FACTS;
  // UTF-8; `toString()` without arguments is Node's fast path (an encoding name is looked up per call).
  const source = blob.toString();
  if (lang === 'json') return scanJson(source);
  if (lang === 'conf') return scanConfigText(source);
  if (lang === 'ipynb') return scanNotebook(source);
  // Script inside markup (`<script setup lang="ts">`, the template's `src="./logo.png"`): read loosely, a superset.
  if (lang === 'sfc') return scanLooseJs(source, 'a component file, scanned loosely');
  return lang === 'py' ? scanPython(source) : scanJs(source, lang);
};
