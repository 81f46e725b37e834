/** JSON with comments and trailing commas (tsconfig.json); null when it still does not parse. */
export const parseJsonc = (text: string): unknown => {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (
      c === ',' &&
      /^\s*[}\]]/.test(text.slice(i + 1, i + 200).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))
    ) {
      i++; // a trailing comma
    } else {
      let j = i + 1;
      while (j < n && text[j] !== '"' && text[j] !== '/' && text[j] !== ',') j++;
      out += text.slice(i, j);
      i = j;
    }
  }
  try {
    return JSON.parse(out);
  } catch {
    return null;
  }
};
