// The fallback for what the exact scanners cannot read (JSX, files that do not parse). It reads
// the raw text, comments and strings included, so it finds every import the exact scanner would
// and more: a superset, which selects more tests rather than fewer.

import type { EdgeKind, FileFacts, GlobRef, Spec } from './facts.js';
import { isPathLike, isPathPattern, literalGlob } from './pathLike.js';

export interface Candidate {
  value: string;
  start: number;
  glob: boolean;
}

/**
 * Every text between a quote and the next same quote (on the same line, except for backticks): a
 * superset of the string literals. Templates come out as `*` patterns into `patterns`.
 */
export const quotedTexts = (source: string, texts: string[], patterns: string[]): void => {
  for (const quote of ["'", '"', '`']) {
    let at = source.indexOf(quote);
    while (at >= 0) {
      const end = source.indexOf(quote, at + 1);
      if (end < 0) break;
      const body = source.slice(at + 1, end);
      if (quote === '`') {
        if (body.includes('${')) patterns.push(body.replace(/\$\{[^}]*\}/g, '*'));
        else texts.push(body);
      } else if (!body.includes('\n')) texts.push(body);
      at = end;
    }
  }
};

const candidates = (source: string): Candidate[] => {
  const found: Candidate[] = [];
  for (const quote of ["'", '"', '`']) {
    let at = source.indexOf(quote);
    while (at >= 0) {
      const end = source.indexOf(quote, at + 1);
      if (end < 0) break;
      const body = source.slice(at + 1, end);
      if (quote === '`') {
        const pattern = body.replace(/\$\{[^}]*\}/g, '*');
        found.push({ value: pattern, start: at, glob: pattern !== body });
      } else if (!body.includes('\n')) found.push({ value: body, start: at, glob: false });
      at = end;
    }
  }
  return found;
};

const JS_KEYWORD = /(?:\b(from|import)|\b(import|require|resolve|URL)\s*\()\s*$/;
const CSS_URL = /\burl\(\s*([^\s'"`()][^\s'"`()]*)\s*\)/g;
const CALL_KIND: Record<string, EdgeKind> = {
  import: 'dynamic import',
  require: 'require',
  resolve: 'require',
  URL: 'new URL',
};

const add = (seen: Set<string>, key: string, push: () => void) => {
  if (seen.has(key)) return;
  seen.add(key);
  push();
};

/** Loose JS/TS/JSX: a quoted text right after `from`, `import`, `require(` is a module; any other is a literal. */
export const scanLooseJs = (source: string, why: string): FileFacts => {
  const facts: FileFacts = { specs: [], literals: [], globs: [], unsure: [], loose: why };
  const seen = new Set<string>();
  for (const { value, start, glob } of candidates(source)) {
    const before = JS_KEYWORD.exec(source.slice(Math.max(0, start - 24), start));
    const kind: EdgeKind | null = before?.[1] ? 'import' : before?.[2] ? CALL_KIND[before[2]]! : null;
    if (kind && glob) {
      if (isPathPattern(value)) add(seen, `g${value}`, () => facts.globs.push({ kind, pattern: value }));
      else add(seen, 'u', () => facts.unsure.push(`a ${kind} of a template string`));
    } else if (kind) add(seen, `s${value}`, () => facts.specs.push({ kind, spec: value }));
    else if (glob && isPathPattern(value))
      add(seen, `g${value}`, () => facts.globs.push({ kind: 'literal', pattern: value }));
    else if (!glob) {
      if (isPathLike(value)) add(seen, `l${value}`, () => facts.literals.push(value));
      const pattern = literalGlob(value);
      if (pattern !== null) add(seen, `g${pattern}`, () => facts.globs.push({ kind: 'literal', pattern }));
    }
  }
  // CSS in a component's <style>: `url(../assets/bg.png)` needs no quotes.
  for (const match of source.matchAll(CSS_URL)) {
    const value = match[1]!;
    // Not `url(data:...)` or `url(#gradient)`.
    if (!value.includes(':') && value[0] !== '#' && isPathLike(value))
      add(seen, `l${value}`, () => facts.literals.push(value));
  }
  if (/\b(?:import|require)\s*\(\s*(?![\s'"`)])/.test(source))
    facts.unsure.push('a non-literal import() or require()');
  return facts;
};

const FROM_IMPORT = /\bfrom\s+(\.*[\w.]*)\s+import\s*\(?\s*([\w\s,*\\]*)/g;
const IMPORT = /\bimport\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/g;

/** Loose Python: every `from x import y` and `import x` in the text, and every quoted text as a literal. */
export const scanLoosePython = (source: string, why: string): FileFacts => {
  const specs: Spec[] = [];
  const globs: GlobRef[] = [];
  const literals = new Set<string>();
  for (const match of source.matchAll(FROM_IMPORT)) {
    const names = (match[2] ?? '').split(/[\s,\\]+/).filter((name) => /^\w+$/.test(name) && name !== 'as');
    specs.push({ kind: 'import', spec: match[1] ?? '', names });
  }
  for (const match of source.matchAll(IMPORT)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.trim().split(/\s+/)[0];
      if (name) specs.push({ kind: 'import', spec: name });
    }
  }
  for (const { value, glob } of candidates(source)) {
    if (!glob && isPathLike(value)) literals.add(value);
    // f-string fields (`{name}`) and glob syntax alike widen to `*`.
    const pattern = literalGlob(value);
    if (pattern !== null) globs.push({ kind: 'literal', pattern });
  }
  const unsure = /\b(?:import_module|__import__)\s*\(\s*(?![\s'")])/.test(source)
    ? ['a non-literal importlib.import_module() or __import__()']
    : [];
  return { specs, literals: [...literals], globs, unsure, loose: why };
};
