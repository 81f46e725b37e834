import type { EdgeKind, FileFacts, Lang } from './facts.js';
import { isPathLike, isPathPattern, literalGlob } from './pathLike.js';
import { quotedTexts, scanLooseJs } from './scanLoose.js';
import { type JsTokens, tokenizeJs } from './tokenizeJs.js';

const CALLS = /\brequire\b|\bURL\b|\.resolve\b/;

// Loaded on first use, not at start-up: the CLI is one bundle, and a static import would load
// (and compile the WebAssembly of) es-module-lexer on every run, the no-op commit included.
// `require` rather than `import()`: from the CommonJS CLI, import() starts the ES module loader (~8 ms).
let lexer: typeof import('es-module-lexer') | null = null;

let ready: Promise<void> | null = null;

/** Loads es-module-lexer and compiles its WebAssembly (off the main thread), once; await before scanJs. */
export const initJsScanner = (): Promise<void> =>
  (ready ??= (async () => {
    const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
    lexer = createRequire(import.meta.url)('es-module-lexer') as typeof import('es-module-lexer');
    await lexer.init();
  })());

// `import('./plugins/' + name)`: the fixed start of a concatenated specifier.
const CONCAT_PREFIX = /\(\s*(['"])((?:\\.|(?!\1)[^\\\n])*)\1\s*\+/y;

const prefixOf = (source: string, start: number): string | null => {
  CONCAT_PREFIX.lastIndex = start;
  const match = CONCAT_PREFIX.exec(source);
  return match ? match[2]! : null;
};

/**
 * Module references (es-module-lexer: ESM, re-exports, `import type`, `import x = require()`,
 * `import()`), plus what only a tokenizer sees: `require`, `new URL(..., import.meta.url)`,
 * string literals. JSX, and anything that does not lex, falls back to the loose scan.
 */
export const scanJs = (source: string, lang: Lang): FileFacts => {
  if (lang === 'jsx') return scanLooseJs(source, 'JSX, scanned loosely');
  if (!lexer) throw new Error('scanJs called before initJsScanner');
  let imports: ReturnType<typeof lexer.parse>[0];
  let exports: ReturnType<typeof lexer.parse>[1];
  try {
    [imports, exports] = lexer.parse(source);
  } catch (error) {
    return scanLooseJs(source, `did not parse (${(error as Error).message}), scanned loosely`);
  }
  // The tokenizer is for calls es-module-lexer does not see; without their names, the quoted texts
  // (a superset of the string literals, comments included) are enough, at a fraction of the cost.
  let tokens: JsTokens;
  // The words first: a plain substring search is much faster than the regex over a whole file.
  const calls =
    (source.includes('require') || source.includes('URL') || source.includes('.resolve')) &&
    CALLS.test(source);
  if (calls) {
    tokens = tokenizeJs(source);
    if (tokens.error) return scanLooseJs(source, `did not parse (${tokens.error}), scanned loosely`);
  } else {
    tokens = { strings: [], templates: [], calls: [], error: null };
    quotedTexts(source, tokens.strings, tokens.templates);
  }

  const facts: FileFacts = { specs: [], literals: [], globs: [], unsure: [] };
  const seen = new Set<string>();
  // The first kind wins: es-module-lexer's (`import type x = require()`) before the tokenizer's.
  const spec = (kind: EdgeKind, value: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    facts.specs.push({ kind, spec: value });
  };
  const glob = (kind: EdgeKind, pattern: string) => {
    if (seen.has(pattern)) return;
    seen.add(pattern);
    if (isPathPattern(pattern)) facts.globs.push({ kind, pattern });
    else unsure(`a ${kind} of a template string`);
  };
  const unsure = (why: string) => {
    if (!facts.unsure.includes(why)) facts.unsure.push(why);
  };

  const reexported = new Set<number>();
  for (const entry of exports) if (entry.type !== 'direct') reexported.add(entry.importIndex);
  imports.forEach((record, index) => {
    if (record.type === 'import-meta') return;
    if (record.type === 'dynamic') {
      if (record.specifier === undefined) {
        const prefix = prefixOf(source, record.dynamicStart);
        if (prefix !== null) glob('dynamic import', `${prefix}*`);
        else unsure('a non-literal import()');
      } else if (record.glob) glob('dynamic import', record.specifier);
      else spec(record.probablyTypeOnly ? 'import type' : 'dynamic import', record.specifier);
      return;
    }
    spec(record.typeOnly ? 'import type' : reexported.has(index) ? 're-export' : 'import', record.specifier);
  });
  for (const call of tokens.calls) {
    if (call.spec === null)
      unsure(`a non-literal ${call.kind === 'new URL' ? 'new URL()' : `${call.kind}()`}`);
    else if (call.glob) glob(call.kind, call.spec);
    else spec(call.kind, call.spec);
  }
  const literals = new Set<string>();
  for (const value of tokens.strings) {
    if (seen.has(value)) continue;
    if (isPathLike(value)) literals.add(value);
    // A glob literal (`import.meta.glob('./plugins/*.ts')`, a data glob) names every file it matches
    // (`data[0].csv` may be either: both).
    const pattern = literalGlob(value);
    if (pattern !== null && !seen.has(pattern)) {
      seen.add(pattern);
      facts.globs.push({ kind: 'literal', pattern });
    }
  }
  facts.literals = [...literals];
  for (const pattern of new Set(tokens.templates))
    if (!seen.has(pattern) && isPathPattern(pattern)) facts.globs.push({ kind: 'literal', pattern });
  return facts;
};
