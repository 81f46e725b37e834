// A JS/TS tokenizer for what es-module-lexer does not report: string literals (data and weights
// paths), `require(...)`, `new URL(..., import.meta.url)` and `import.meta.resolve(...)`. It tracks
// comments, strings, templates (with nested substitutions) and the regex/division ambiguity
// (the previous token, and whether a `)` closed an `if (...)`), so a quote in a regex or a URL in a
// string cannot hide what follows. On input it cannot read it reports an error, never a guess.
// It runs on every file of a cold graph: one pass, a fixed ring of recent tokens, no token objects.

import type { EdgeKind } from './facts.js';

export interface JsCall {
  kind: EdgeKind;
  /** The literal argument, or a `*` pattern for a template or `'prefix' + x`, or null when not literal. */
  spec: string | null;
  glob: boolean;
}

export interface JsTokens {
  strings: string[];
  /** Templates with substitutions, as `*` patterns. */
  templates: string[];
  calls: JsCall[];
  error: string | null;
}

// Token types kept in the ring.
const IDENT = 1;
const PUNCT = 2;
const STR = 3; // a string, or a template without substitutions
const GLOB = 4; // a template with substitutions, as a `*` pattern
const OTHER = 5;

// After these keywords a `/` starts a regex, not a division.
const REGEX_AFTER = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
const CONDITION = new Set(['if', 'while', 'for', 'with']);
const CHARS = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

// Character classes: 1 identifier start, 2 digit, 4 space; above ASCII, identifier unless a space.
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c === 92) ASCII[c] = 1;
  else if (c >= 48 && c <= 57) ASCII[c] = 2;
}
for (const c of [32, 9, 10, 13, 11, 12]) ASCII[c] = 4;
const classOf = (c: number): number =>
  c < 128
    ? ASCII[c]!
    : c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029
      ? 4
      : Number.isNaN(c)
        ? 0
        : 1;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes the escapes of a JS string body; only ever applied to bodies that contain a backslash. */
const decodeEscapes = (body: string): string =>
  body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'u' && e.length > 1)
      return String.fromCodePoint(Number.parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    if (e === '\n' || e === '\r\n' || e === '\r' || e === '\u2028' || e === '\u2029') return '';
    return ESCAPES[e] ?? e;
  });

const RING = 16;

export const tokenizeJs = (source: string): JsTokens => {
  const strings: string[] = [];
  const templates: string[] = [];
  const calls: JsCall[] = [];
  const n = source.length;
  let i = 0;
  let error: string | null = null;

  // The last RING tokens of the current template-substitution level (saved on `${`, restored on `}`).
  let types: Uint8Array = new Uint8Array(RING);
  let values: string[] = new Array(RING).fill('');
  let top = 0; // tokens pushed at this level
  const saved: {
    types: Uint8Array;
    values: string[];
    top: number;
    parts: string[];
    call: [EdgeKind | null, number, string, boolean, number];
  }[] = [];
  const t = (back: number) => (back < top ? types[(top - 1 - back) % RING]! : 0);
  const v = (back: number) => (back < top ? values[(top - 1 - back) % RING]! : '');
  const is = (back: number, type: number, value: string) => t(back) === type && v(back) === value;

  // Per open bracket: 'c' for a `(` after if/while/for/with, '$' for a template substitution.
  const brackets: string[] = [];
  let regexAllowed = true;

  // The call whose argument is being read: set on `callee (`, decided by the tokens that follow.
  let callKind: EdgeKind | null = null;
  let callStage = 0; // 1: saw `(`, expecting the argument; 2: saw a literal argument
  let callArg = '';
  let callGlob = false;
  // `new URL(<expression>, import.meta.url)`: the bracket depth to watch for `import.meta.url`.
  let urlDepth = -1;

  const calleeAt = (back: number): EdgeKind | null => {
    if (t(back) !== IDENT) return null;
    const name = v(back);
    if (name === 'require')
      return !is(back + 1, PUNCT, '.') || is(back + 2, IDENT, 'module') ? 'require' : null;
    if (name === 'resolve' && is(back + 1, PUNCT, '.')) {
      if (is(back + 2, IDENT, 'require')) return 'require';
      if (is(back + 2, IDENT, 'meta') && is(back + 4, IDENT, 'import')) return 'dynamic import';
    }
    if (name === 'URL' && is(back + 1, IDENT, 'new')) return 'new URL';
    return null;
  };

  const push = (type: number, value: string) => {
    types[top % RING] = type;
    values[top % RING] = value;
    top++;
    if (callStage === 2) {
      // After the literal argument: `)` or `,` end it, `+` makes it a prefix, anything else makes it an expression.
      const kind = callKind!;
      if (type === PUNCT && (value === ')' || value === ',')) {
        if (kind !== 'new URL') calls.push({ kind, spec: callArg, glob: callGlob });
        else if (value === ',') urlDepth = -2; // wait for `import.meta.url` as the next tokens
      } else if (type === PUNCT && value === '+' && kind !== 'new URL')
        calls.push({ kind, spec: `${callArg}*`, glob: true });
      else if (kind !== 'new URL') calls.push({ kind, spec: null, glob: false });
      else urlDepth = brackets.length;
      callStage = 0;
    } else if (callStage === 1) {
      if (type === STR || type === GLOB) {
        callStage = 2;
        callArg = value;
        callGlob = type === GLOB;
      } else {
        if (!(type === PUNCT && value === ')')) {
          if (callKind !== 'new URL') calls.push({ kind: callKind!, spec: null, glob: false });
          else urlDepth = brackets.length;
        }
        callStage = 0;
      }
    } else if (type === PUNCT && value === '(') {
      const kind = calleeAt(1);
      if (kind) {
        callKind = kind;
        callStage = 1;
      }
    }
    if (
      type === IDENT &&
      value === 'url' &&
      is(1, PUNCT, '.') &&
      is(2, IDENT, 'meta') &&
      is(3, PUNCT, '.') &&
      is(4, IDENT, 'import')
    ) {
      // new URL('x', import.meta.url) names a file next to this one; new URL(expr, import.meta.url) may name any.
      if (urlDepth === -2 && is(5, PUNCT, ',') && (t(6) === STR || t(6) === GLOB))
        calls.push({ kind: 'new URL', spec: v(6), glob: t(6) === GLOB });
      else if (urlDepth === brackets.length) calls.push({ kind: 'new URL', spec: null, glob: false });
      urlDepth = -1;
    } else if (
      urlDepth === -2 &&
      !(type === IDENT && (value === 'import' || value === 'meta')) &&
      !(type === PUNCT && (value === '.' || value === ','))
    ) {
      urlDepth = -1;
    }
  };

  const fail = (message: string) => {
    if (error === null) error = `${message} at offset ${i}`;
  };

  // Reads template text from `i` up to `${` or the closing backtick; true when it stopped at `${`.
  const readTemplateChunk = (parts: string[]): boolean | null => {
    for (let j = i; j < n; j++) {
      const c = source.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 96 || (c === 36 && source.charCodeAt(j + 1) === 123)) {
        parts.push(source.slice(i, j));
        i = j + (c === 96 ? 1 : 2);
        return c !== 96;
      }
    }
    return null;
  };

  const template = (parts: string[]) => {
    const more = readTemplateChunk(parts);
    if (more === null) return fail('unterminated template');
    if (more) {
      // Into a substitution: a fresh ring, so the tokens inside do not split a call around the template.
      saved.push({ types, values, top, parts, call: [callKind, callStage, callArg, callGlob, urlDepth] });
      types = new Uint8Array(RING);
      values = new Array(RING).fill('');
      top = 0;
      callStage = 0;
      urlDepth = -1;
      brackets.push('$');
      regexAllowed = true;
      return;
    }
    const cooked = parts.map((part) => (part.includes('\\') ? decodeEscapes(part) : part));
    if (cooked.length === 1) {
      strings.push(cooked[0]!);
      push(STR, cooked[0]!);
    } else {
      const pattern = cooked.join('*');
      templates.push(pattern);
      push(GLOB, pattern);
    }
    regexAllowed = false;
  };

  if (source.startsWith('#!')) {
    const eol = source.indexOf('\n');
    i = eol < 0 ? n : eol;
  }

  while (i < n && error === null) {
    const c = source.charCodeAt(i);
    const cls = classOf(c);
    if (cls === 4) {
      i++;
      continue;
    }
    if (cls === 1) {
      let j = i + 1;
      while (j < n && classOf(source.charCodeAt(j)) & 3) j++;
      const word = source.slice(i, j);
      i = j;
      const afterDot = t(0) === PUNCT && (v(0) === '.' || v(0) === '?.');
      push(IDENT, word);
      regexAllowed = !afterDot && REGEX_AFTER.has(word);
      continue;
    }
    if (cls === 2 || (c === 46 && classOf(source.charCodeAt(i + 1)) === 2)) {
      let j = i + 1;
      while (j < n && (classOf(source.charCodeAt(j)) & 3 || source.charCodeAt(j) === 46)) j++;
      i = j;
      push(OTHER, '0');
      regexAllowed = false;
      continue;
    }
    if (c === 39 || c === 34) {
      let j = i + 1;
      let escaped = false;
      for (; j < n; j++) {
        const d = source.charCodeAt(j);
        if (d === c) break;
        if (d === 92) {
          escaped = true;
          j += source.charCodeAt(j + 1) === 13 && source.charCodeAt(j + 2) === 10 ? 2 : 1;
        } else if (d === 10 || d === 13) {
          j = n;
        }
      }
      if (j >= n) {
        fail('unterminated string');
        break;
      }
      const body = source.slice(i + 1, j);
      const value = escaped ? decodeEscapes(body) : body;
      i = j + 1;
      strings.push(value);
      push(STR, value);
      regexAllowed = false;
      continue;
    }
    if (c === 47) {
      const next = source.charCodeAt(i + 1);
      if (next === 47) {
        const eol = source.indexOf('\n', i);
        i = eol < 0 ? n : eol;
        continue;
      }
      if (next === 42) {
        const end = source.indexOf('*/', i + 2);
        if (end < 0) {
          fail('unterminated comment');
          break;
        }
        i = end + 2;
        continue;
      }
      if (regexAllowed) {
        // A regex: up to the closing slash outside a class. A line break first means it was a division.
        let j = i + 1;
        let inClass = false;
        let closed = false;
        for (; j < n; j++) {
          const r = source.charCodeAt(j);
          if (r === 10 || r === 13) break;
          if (r === 92) j++;
          else if (r === 91) inClass = true;
          else if (r === 93) inClass = false;
          else if (r === 47 && !inClass) {
            closed = true;
            break;
          }
        }
        if (closed) {
          j++;
          while (j < n && classOf(source.charCodeAt(j)) & 3) j++;
          i = j;
          push(OTHER, '/re/');
          regexAllowed = false;
          continue;
        }
      }
      i++;
      push(PUNCT, '/');
      regexAllowed = true;
      continue;
    }
    if (c === 96) {
      i++;
      template([]);
      continue;
    }
    i++;
    if (c === 40 || c === 91 || c === 123) {
      brackets.push(c === 40 && t(0) === IDENT && CONDITION.has(v(0)) ? 'c' : '');
      push(PUNCT, CHARS[c]!);
      regexAllowed = true;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) {
      const open = brackets.pop();
      if (c === 125 && open === '$') {
        // The end of a template substitution: back to the template's text and its level's ring.
        const level = saved.pop()!;
        ({ types, values, top } = level);
        [callKind, callStage, callArg, callGlob, urlDepth] = level.call;
        template(level.parts);
        continue;
      }
      if (urlDepth > brackets.length) urlDepth = -1;
      push(PUNCT, CHARS[c]!);
      regexAllowed = c === 125 || open === 'c';
      continue;
    }
    if (c === 46) {
      if (source.charCodeAt(i) === 46 && source.charCodeAt(i + 1) === 46) i += 2;
      push(PUNCT, '.');
      regexAllowed = true;
      continue;
    }
    if (c === 63 && source.charCodeAt(i) === 46 && classOf(source.charCodeAt(i + 1)) !== 2) {
      i++;
      push(PUNCT, '?.');
      regexAllowed = false;
      continue;
    }
    if ((c === 43 || c === 45) && source.charCodeAt(i) === c) {
      // ++ and -- end an operand (postfix) far more often than they start one.
      i++;
      push(PUNCT, c === 43 ? '++' : '--');
      regexAllowed = false;
      continue;
    }
    push(PUNCT, c < 128 ? CHARS[c]! : source[i - 1]!);
    regexAllowed = true;
  }
  if (error === null && saved.length > 0) fail('unterminated template substitution');
  return { strings, templates, calls, error };
};
