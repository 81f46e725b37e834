import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Importing an ES module config costs a hook ~5 ms (bench/noop.mjs). A config that is plain data —
// it imports nothing but mlhooks and reads nothing from its environment — gives the same object
// every time its text is the same, so its export is kept in the git dir, keyed by that exact text.

interface Entry {
  version: string;
  file: string;
  text: string;
  raw: unknown;
}

const version = typeof __MLHOOKS_VERSION__ === 'string' ? __MLHOOKS_VERSION__ : 'dev';

// Words that make a config depend on more than its own text; a false alarm only skips the cache.
const IMPURE =
  /\b(?:process|globalThis|global|require|import|Date|Math|fetch|eval|Function|await|new|Reflect|Proxy|this)\b/;

/** Blanks out comments and string literals; null when a template literal has an expression. */
const stripCommentsAndStrings = (text: string): string | null => {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\') j++;
        else if (c === '`' && text[j] === '$' && text[j + 1] === '{') return null;
      }
      out += ' "" ';
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
};

/** Whether a config module's export depends on nothing but its text. Uses a real lexer for the imports. */
export const isPureConfig = async (text: string): Promise<boolean> => {
  const { init, parse } = await (await import('../esmImport.js')).esmImport<typeof import('es-module-lexer')>(
    'es-module-lexer',
  );
  await init();
  let imports: ReturnType<typeof parse>[0];
  try {
    [imports] = parse(text);
  } catch {
    return false;
  }
  let rest = text;
  for (const imp of [...imports].sort((a, b) => b.importStart - a.importStart)) {
    if (imp.type !== 'static' || !/^mlhooks(?:\/|$)/.test(imp.specifier)) return false;
    rest = rest.slice(0, imp.importStart) + rest.slice(imp.importEnd);
  }
  const code = stripCommentsAndStrings(rest);
  return code !== null && !IMPURE.test(code);
};

export const readCachedConfig = (cacheFile: string, file: string, text: string): { raw: unknown } | null => {
  try {
    const entry = JSON.parse(readFileSync(cacheFile, 'utf8')) as Entry;
    return entry.version === version && entry.file === file && entry.text === text
      ? { raw: entry.raw }
      : null;
  } catch {
    return null;
  }
};

export const writeCachedConfig = (cacheFile: string, file: string, text: string, raw: unknown): void => {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version, file, text, raw } satisfies Entry));
    renameSync(tmp, cacheFile);
  } catch {
    // only speed is lost
  }
};
