const UTF8 = new TextDecoder('utf-8', { fatal: true });
const NOT_ASCII = /[^\x20-\x7e]|["\\]/;

/** A path git printed, read as latin1 (one character per byte): as text, or null when its bytes are not UTF-8. */
export const utf8OrNull = (bytes: string): string | null => {
  if (!/[^\x00-\x7f]/.test(bytes)) return bytes;
  try {
    return UTF8.decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return null;
  }
};

const ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/** A path read as latin1, written as git shows it by default (core.quotePath): `"caf\351.csv"`. */
export const quotePath = (bytes: string): string => {
  if (!NOT_ASCII.test(bytes)) return bytes;
  let quoted = '"';
  for (const char of bytes) {
    const code = char.charCodeAt(0);
    quoted += ESCAPES[char] ?? (code < 0x20 || code > 0x7e ? `\\${code.toString(8).padStart(3, '0')}` : char);
  }
  return `${quoted}"`;
};
