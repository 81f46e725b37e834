/**
 * An incremental parser of `git cat-file --batch` output: per object
 * `<id> SP <type> SP <size> LF <content> LF`, or `<id> SP missing LF`. Sizes are in bytes, so it
 * works on Buffers, fed in chunks as they come from the pipe. `onObject` also gets the record's
 * place in the output (missing objects count), which is its place in git's input.
 *
 * Nothing of a chunk is kept once `push` returns: a record cut by the chunk's end is copied out
 * (only that record), so the caller may read the next chunk into the same buffer. The content
 * given to `onObject` is valid during the call only, unless the caller never reuses its chunks.
 */
export const createCatFileParser = (onObject: (id: string, content: Buffer, record: number) => void) => {
  let record = 0;
  // A record begun in an earlier chunk: its bytes so far, and its whole length once its header is read.
  let carry: Buffer | null = null;
  let carried = 0;
  let carryLength = -1;

  /** Throws an error naming the header at `at`, whole; returns false (read it again with more) until its newline has come. */
  const badHeader = (buf: Buffer, at: number, from: number): false => {
    let end = from;
    while (end < buf.length && buf[end] !== 10) end++;
    if (end === buf.length) return false;
    throw new Error(`unexpected git cat-file --batch header: ${buf.toString('latin1', at, end)}`);
  };

  // The header last read: where its id ends, its newline, the content's size (-1: `<id> missing`).
  let idEnd = 0;
  let newline = 0;
  let size = 0;

  /**
   * Reads the header at `at` (`<id> <type> <size>` or `<id> missing`) in one pass over its bytes;
   * false when its newline is not in `buf` yet. Plain loops, not `Buffer#indexOf`: a header is a few
   * dozen bytes, and each of those calls costs more than scanning them, 12,000 times on a cold graph.
   */
  const readHeader = (buf: Buffer, at: number): boolean => {
    const end = buf.length;
    let k = at;
    while (k < end && buf[k] !== 32 && buf[k] !== 10) k++;
    if (k === end) return false;
    if (buf[k] === 10 || k === at) return badHeader(buf, at, k);
    idEnd = k++;
    while (k < end && buf[k] !== 32 && buf[k] !== 10) k++;
    if (k === end) return false;
    if (buf[k] === 10) {
      newline = k;
      size = -1;
      return true;
    }
    const digits = ++k;
    let n = 0;
    for (; k < end && buf[k] !== 10; k++) {
      const digit = buf[k]! - 48;
      if (digit < 0 || digit > 9) return badHeader(buf, at, k);
      n = n * 10 + digit;
    }
    if (k === end) return false;
    if (k === digits) return badHeader(buf, at, k);
    newline = k;
    size = n;
    return true;
  };

  /** The length of the record whose header was just read at `at`: header, content and LF. */
  const recordLength = (at: number): number => newline + 1 - at + (size < 0 ? 0 : size + 1);

  /** Hands over the record at `at` (complete, its header just read). */
  const emit = (buf: Buffer, at: number) => {
    if (size >= 0)
      onObject(buf.toString('latin1', at, idEnd), buf.subarray(newline + 1, newline + 1 + size), record);
    record++;
  };

  return {
    push(chunk: Buffer) {
      let at = 0;
      if (carry) {
        if (carryLength < 0) {
          // The header was cut: it is short, so it is carried alone until its newline comes.
          const end = chunk.indexOf(10);
          const take = end < 0 ? chunk.length : end + 1;
          const head = Buffer.concat([carry.subarray(0, carried), chunk.subarray(0, take)]);
          if (end < 0) {
            carry = head;
            carried = head.length;
            return;
          }
          readHeader(head, 0); // whole: `head` ends at its newline
          carryLength = recordLength(0);
          carry = Buffer.allocUnsafe(carryLength);
          head.copy(carry);
          carried = head.length;
          at = take;
        }
        const take = Math.min(carryLength - carried, chunk.length - at);
        chunk.copy(carry, carried, at, at + take);
        carried += take;
        at += take;
        if (carried < carryLength) return;
        const whole = carry;
        carry = null;
        readHeader(whole, 0); // again: it may have been read at the record's place in an earlier chunk
        emit(whole, 0);
      }
      while (at < chunk.length) {
        if (!readHeader(chunk, at)) break;
        const length = recordLength(at);
        if (at + length > chunk.length) {
          carry = Buffer.allocUnsafe(length);
          carried = chunk.copy(carry, 0, at);
          carryLength = length;
          return;
        }
        emit(chunk, at);
        at += length;
      }
      if (at < chunk.length) {
        carry = Buffer.from(chunk.subarray(at));
        carried = carry.length;
        carryLength = -1;
      }
    },
    end() {
      if (carry) throw new Error('truncated git cat-file --batch output');
    },
  };
};

/** Parses a complete `git cat-file --batch` output. */
export const parseCatFileBatch = (output: Buffer): Map<string, Buffer> => {
  const objects = new Map<string, Buffer>();
  // The content is kept: `output` is not reused.
  const parser = createCatFileParser((id, content) => objects.set(id, content));
  parser.push(output);
  parser.end();
  return objects;
};
