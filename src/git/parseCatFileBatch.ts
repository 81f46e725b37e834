/**
 * An incremental parser of `git cat-file --batch` output: per object
 * `<id> SP <type> SP <size> LF <content> LF`, or `<id> SP missing LF`. Sizes are in bytes, so it
 * works on Buffers, fed in chunks as they come from the pipe. `onObject` also gets the record's
 * place in the output (missing objects count), which is its place in git's input.
 */
export const createCatFileParser = (onObject: (id: string, content: Buffer, record: number) => void) => {
  let record = 0;
  let pending: Buffer = Buffer.alloc(0);
  // Chunks held back until the object being read is complete, to copy a large object once.
  let held: Buffer[] = [];
  let heldBytes = 0;
  let needed = 0;
  const drain = () => {
    let at = 0;
    while (at < pending.length) {
      const newline = pending.indexOf(10, at);
      if (newline < 0) break;
      // `<id> <type> <size>`: read from the bytes, without building a string per field.
      const space = pending.indexOf(32, at);
      const second = space < 0 || space > newline ? -1 : pending.indexOf(32, space + 1);
      if (second < 0 || second > newline) {
        if (space > 0 && space < newline) {
          at = newline + 1; // `<id> missing`
          record++;
          continue;
        }
        throw new Error(`unexpected git cat-file --batch header: ${pending.toString('latin1', at, newline)}`);
      }
      let length = 0;
      for (let k = second + 1; k < newline; k++) {
        const digit = pending[k]! - 48;
        if (digit < 0 || digit > 9)
          throw new Error(
            `unexpected git cat-file --batch header: ${pending.toString('latin1', at, newline)}`,
          );
        length = length * 10 + digit;
      }
      const id = pending.toString('latin1', at, space);
      if (newline + 1 + length + 1 > pending.length) {
        needed = newline + 1 + length + 1 - at;
        break;
      }
      onObject(id, pending.subarray(newline + 1, newline + 1 + length), record++);
      at = newline + 1 + length + 1;
    }
    pending = pending.subarray(at);
  };
  return {
    push(chunk: Buffer) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (pending.length + heldBytes < needed) return;
      pending = pending.length === 0 && held.length === 1 ? chunk : Buffer.concat([pending, ...held]);
      held = [];
      heldBytes = 0;
      needed = 0;
      drain();
    },
    end() {
      if (pending.length + heldBytes > 0) throw new Error('truncated git cat-file --batch output');
    },
  };
};

/** Parses a complete `git cat-file --batch` output. */
export const parseCatFileBatch = (output: Buffer): Map<string, Buffer> => {
  const objects = new Map<string, Buffer>();
  const parser = createCatFileParser((id, content) => objects.set(id, content));
  parser.push(output);
  parser.end();
  return objects;
};
