// A Python tokenizer, just deep enough for imports: strings (prefixes, triple quotes, f-strings
// with nested quotes), comments, `\` continuations and brackets, so logical lines come out right.
// Each logical line is handed over as tokens; a string that never ends is an error, not a guess.

export const NAME = 1;
export const OP = 2;
export const STRING = 3;
export const FSTRING = 4; // an f-string with replacement fields: value is a `*` pattern
export const OTHER = 5;

export interface PyLine {
  types: number[];
  values: string[];
  /** Bracket depth of each token. */
  depths: number[];
}

const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isNamePart = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

export const tokenizePython = (source: string, onLine: (line: PyLine) => void): string | null => {
  const n = source.length;
  let i = 0;
  let depth = 0;
  let line: PyLine = { types: [], values: [], depths: [] };
  const push = (type: number, value: string) => {
    line.types.push(type);
    line.values.push(value);
    line.depths.push(depth);
  };
  const endLine = () => {
    if (line.types.length > 0) onLine(line);
    line = { types: [], values: [], depths: [] };
  };

  const lineAt = (at: number) => source.slice(0, at).split('\n').length;

  // Reads a string whose opening quote is at `i`; returns [value, isPattern] or an error message.
  const readString = (prefix: string): [string, boolean] | string => {
    const open = i;
    const quote = source.charCodeAt(i);
    const triple = source.charCodeAt(i + 1) === quote && source.charCodeAt(i + 2) === quote;
    const raw = /[rR]/.test(prefix);
    const f = /[fFtT]/.test(prefix);
    i += triple ? 3 : 1;
    const parts: string[] = [];
    let text = '';
    let from = i;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (
        c === quote &&
        (!triple || (source.charCodeAt(i + 1) === quote && source.charCodeAt(i + 2) === quote))
      ) {
        parts.push(text + source.slice(from, i));
        i += triple ? 3 : 1;
        return parts.length > 1 ? [parts.join('*'), true] : [parts[0]!, false];
      }
      if (c === 92) {
        const next = source[i + 1] ?? '';
        text +=
          source.slice(from, i) + (raw ? `\\${next}` : next === '\n' ? '' : (ESCAPES[next] ?? `\\${next}`));
        i += 2;
        from = i;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) return `unterminated string on line ${lineAt(open)}`;
      if (f && (c === 123 || c === 125) && source.charCodeAt(i + 1) === c) {
        text += source.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (f && c === 123) {
        // A replacement field: skip the expression, strings and nested fields included.
        parts.push(text + source.slice(from, i));
        text = '';
        i++;
        let level = 1;
        while (i < n && level > 0) {
          const e = source.charCodeAt(i);
          if (e === 39 || e === 34) {
            const inner = readString('');
            if (typeof inner === 'string') return inner;
            continue;
          }
          if (e === 123 || e === 40 || e === 91) level++;
          else if (e === 125 || e === 41 || e === 93) level--;
          i++;
        }
        from = i;
        continue;
      }
      i++;
    }
    return `unterminated string on line ${lineAt(open)}`;
  };

  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 35) {
      const eol = source.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (c === 10 || c === 13) {
      i++;
      if (depth === 0) endLine();
      continue;
    }
    if (c === 92 && (source.charCodeAt(i + 1) === 10 || source.charCodeAt(i + 1) === 13)) {
      // A line continuation: the logical line goes on.
      i += source.charCodeAt(i + 1) === 13 && source.charCodeAt(i + 2) === 10 ? 3 : 2;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 39 || c === 34) {
      const result = readString('');
      if (typeof result === 'string') return result;
      push(result[1] ? FSTRING : STRING, result[0]);
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNamePart(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      i = j;
      const q = source.charCodeAt(i);
      if ((q === 39 || q === 34) && PREFIX.test(word)) {
        const result = readString(word);
        if (typeof result === 'string') return result;
        push(result[1] ? FSTRING : STRING, result[0]);
      } else push(NAME, word);
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && (isNamePart(source.charCodeAt(j)) || source.charCodeAt(j) === 46)) j++;
      i = j;
      push(OTHER, '0');
      continue;
    }
    i++;
    if (c === 40 || c === 91 || c === 123) {
      push(OP, String.fromCharCode(c));
      depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      depth = Math.max(0, depth - 1);
      push(OP, String.fromCharCode(c));
    } else push(OP, String.fromCharCode(c));
  }
  endLine();
  // `def f(:` then more lines: all the rest was one logical line, its imports hidden.
  return depth > 0 ? 'a bracket never closed' : null;
};
