import { describe, expect, it } from 'vitest';
import { quotePath, utf8OrNull } from '../../src/git/gitPath.js';

/** A name's bytes as git prints them, read as latin1 (one character per byte). */
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))).toString(
    'latin1',
  );

describe('utf8OrNull', () => {
  it('gives ASCII and UTF-8 names back as text', () => {
    expect(utf8OrNull(bytes('src/a.txt'))).toBe('src/a.txt');
    expect(utf8OrNull(bytes('naïve 日本語 🎉\n.txt'))).toBe('naïve 日本語 🎉\n.txt');
  });

  it('gives null for bytes that are not UTF-8', () => {
    expect(utf8OrNull(bytes('caf', [0xe9], '.csv'))).toBeNull();
    expect(utf8OrNull(bytes('ok/', [0xc3], '/cut'))).toBeNull();
  });
});

describe('quotePath', () => {
  it('leaves plain names alone', () => {
    expect(quotePath(bytes('src/a b-c.txt'))).toBe('src/a b-c.txt');
  });

  it('quotes as git does by default: octal bytes, C escapes', () => {
    expect(quotePath(bytes('caf', [0xe9], '.csv'))).toBe('"caf\\351.csv"');
    expect(quotePath(bytes('ü'))).toBe('"\\303\\274"');
    expect(quotePath(bytes('a"b\\c\td\ne', [0x01]))).toBe('"a\\"b\\\\c\\td\\ne\\001"');
  });
});
