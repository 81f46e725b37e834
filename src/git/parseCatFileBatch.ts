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

  const badHeader = (buf: Buffer, at: number, newline: number) =>
    new Error(`unexpected git cat-file --batch header: ${buf.toString('latin1', at, newline)}`);

  /** The length of the record whose header line is `buf[at..newline)`: header, content and LF. */
  const recordLength = (buf: Buffer, at: number, newline: number): number => {
    // `<id> <type> <size>`: read from the bytes, without building a string per field.
    const space = buf.indexOf(32, at);
    const second = space < 0 || space > newline ? -1 : buf.indexOf(32, space + 1);
    if (second < 0 || second > newline) {
      if (space > at && space < newline) return newline + 1 - at; // `<id> missing`
      throw badHeader(buf, at, newline);
    }
    let size = 0;
    for (let k = second + 1; k < newline; k++) {
      const digit = buf[k]! - 48;
      if (digit < 0 || digit > 9) throw badHeader(buf, at, newline);
      size = size * 10 + digit;
    }
    return newline + 1 - at + size + 1;
  };

  /** Hands over the record at `at` (complete, `length` bytes long). */
  const emit = (buf: Buffer, at: number, length: number) => {
    const newline = buf.indexOf(10, at);
    const space = buf.indexOf(32, at);
    if (newline + 1 - at === length) {
      record++; // missing
      return;
    }
    onObject(buf.toString('latin1', at, space), buf.subarray(newline + 1, at + length - 1), record++);
  };

  return {
    push(chunk: Buffer) {
      let at = 0;
      if (carry) {
        if (carryLength < 0) {
          // The header was cut: it is short, so it is carried alone until its newline comes.
          const newline = chunk.indexOf(10);
          const take = newline < 0 ? chunk.length : newline + 1;
          const head = Buffer.concat([carry.subarray(0, carried), chunk.subarray(0, take)]);
          if (newline < 0) {
            carry = head;
            carried = head.length;
            return;
          }
          carryLength = recordLength(head, 0, head.length - 1);
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
        emit(whole, 0, carryLength);
      }
      while (at < chunk.length) {
        const newline = chunk.indexOf(10, at);
        if (newline < 0) break;
        const length = recordLength(chunk, at, newline);
        if (at + length > chunk.length) {
          carry = Buffer.allocUnsafe(length);
          carried = chunk.copy(carry, 0, at);
          carryLength = length;
          return;
        }
        emit(chunk, at, length);
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
