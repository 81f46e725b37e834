// A 64-bit string hash (two 32-bit lanes) for cache checksums and keys. Plain JS on purpose:
// node:crypto costs ~4 ms to load, and the no-op commit path checks a checksum.

export const hash64 = (text: string): string => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
};
