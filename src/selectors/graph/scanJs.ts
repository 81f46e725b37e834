import type { EdgeKind, FileFacts, Lang } from './facts.js';
import { createModuleLexer, instantiateLexer, type Lexed } from './lexModule.js';
import { isPathLike, isPathPattern, literalGlob } from './pathLike.js';
import { quotedTexts, scanLooseJs } from './scanLoose.js';
import { type JsTokens, tokenizeJs } from './tokenizeJs.js';

const CALLS = /\brequire\b|\bURL\b|\.resolve\b/;

// Loaded on first use, not at start-up: the CLI is one bundle, and a static import would load
// (and compile the WebAssembly of) es-module-lexer on every run, the no-op commit included.
// `require` rather than `import()`: from the CommonJS CLI, import() starts the ES module loader (~8 ms).
let lex: ((source: string) => Lexed) | null = null;

let ready: Promise<void> | null = null;

/** Loads es-module-lexer and compiles its WebAssembly (off the main thread), once; await before scanJs. */
export const initJsScanner = (): Promise<void> =>
  (ready ??= (async () => {
    const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
    const load = createRequire(import.meta.url);
    const lexer = load('es-module-lexer') as typeof import('es-module-lexer');
    const wasm = await instantiateLexer(load.resolve('es-module-lexer'));
    // Without its own reading, everything goes to the package's parse(): its module is needed now.
    if (!wasm) await lexer.init();
    lex = createModuleLexer(lexer, wasm);
  })());

// `import('./plugins/' + name)`: the fixed start of a concatenated specifier.
const CONCAT_PREFIX = /\(\s*(['"])((?:\\.|(?!\1)[^\\\n])*)\1\s*\+/y;

const prefixOf = (source: string, start: number): string | null => {
  CONCAT_PREFIX.lastIndex = start;
  const match = CONCAT_PREFIX.exec(source);
  return match ? match[2]! : null;
};

// What one file's scan has found so far; the helpers below are plain functions, not closures made
// per file: scanJs runs for every file of a cold graph, and its allocations are most of the worker's.
type Found = { facts: FileFacts; seen: Set<string> };

const addSpec = ({ facts, seen }: Found, kind: EdgeKind, value: string) => {
  if (seen.has(value)) return;
  seen.add(value);
  facts.specs.push({ kind, spec: value });
};

const addUnsure = ({ facts }: Found, why: string) => {
  if (!facts.unsure.includes(why)) facts.unsure.push(why);
};

const addGlob = (found: Found, kind: EdgeKind, pattern: string) => {
  if (found.seen.has(pattern)) return;
  found.seen.add(pattern);
  if (isPathPattern(pattern)) found.facts.globs.push({ kind, pattern });
  else addUnsure(found, `a ${kind} of a template string`);
};

/**
 * Module references (es-module-lexer: ESM, re-exports, `import type`, `import x = require()`,
 * `import()`), plus what only a tokenizer sees: `require`, `new URL(..., import.meta.url)`,
 * string literals. JSX, and anything that does not lex, falls back to the loose scan.
 */
export const scanJs = (source: string, lang: Lang): FileFacts => {
  if (lang === 'jsx') return scanLooseJs(source, 'JSX, scanned loosely');
  if (!lex) throw new Error('scanJs called before initJsScanner');
  let lexed: Lexed;
  try {
    lexed = lex(source);
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
  // The first kind wins: es-module-lexer's (`import type x = require()`) before the tokenizer's.
  const found: Found = { facts, seen: new Set<string>() };
  const { seen } = found;

  const { imports, reexported } = lexed;
  for (let index = 0; index < imports.length; index++) {
    const record = imports[index]!;
    if (record.type === 'import-meta') continue;
    if (record.type === 'dynamic') {
      if (record.specifier === undefined) {
        const prefix = prefixOf(source, record.dynamicStart);
        if (prefix !== null) addGlob(found, 'dynamic import', `${prefix}*`);
        else addUnsure(found, 'a non-literal import()');
      } else if (record.glob) addGlob(found, 'dynamic import', record.specifier);
      else addSpec(found, record.typeOnly ? 'import type' : 'dynamic import', record.specifier);
      continue;
    }
    if (record.specifier === undefined) continue;
    const kind: EdgeKind = record.typeOnly
      ? 'import type'
      : reexported?.includes(index)
        ? 're-export'
        : 'import';
    addSpec(found, kind, record.specifier);
  }
  for (const call of tokens.calls) {
    if (call.spec === null)
      addUnsure(found, `a non-literal ${call.kind === 'new URL' ? 'new URL()' : `${call.kind}()`}`);
    else if (call.glob) addGlob(found, call.kind, call.spec);
    else addSpec(found, call.kind, call.spec);
  }
  // Literals once each, in order (most files have none that look like a path: no set for them).
  let literals: Set<string> | null = null;
  const { strings } = tokens;
  for (let k = 0; k < strings.length; k++) {
    const value = strings[k]!;
    if (seen.has(value)) continue;
    if (isPathLike(value)) (literals ??= new Set()).add(value);
    // A glob literal (`import.meta.glob('./plugins/*.ts')`, a data glob) names every file it matches
    // (`data[0].csv` may be either: both).
    const pattern = literalGlob(value);
    if (pattern !== null && !seen.has(pattern)) {
      seen.add(pattern);
      facts.globs.push({ kind: 'literal', pattern });
    }
  }
  if (literals) facts.literals = [...literals];
  // Each pattern once (a set only where there can be repeats).
  const templates = tokens.templates.length > 1 ? [...new Set(tokens.templates)] : tokens.templates;
  for (let k = 0; k < templates.length; k++) {
    const pattern = templates[k]!;
    if (!seen.has(pattern) && isPathPattern(pattern)) facts.globs.push({ kind: 'literal', pattern });
  }
  return facts;
};
