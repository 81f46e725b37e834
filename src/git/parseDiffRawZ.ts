/** One line of `git diff --raw -z --no-renames`: the index side (src) against the work tree (dst). */
export interface RawChange {
  /** Octal mode as git prints it: `100644`, `100755`, `120000` (symlink), `160000` (submodule), `000000` (none). */
  srcMode: string;
  dstMode: string;
  srcId: string;
  /** A, M, D, T (type change), U (unmerged); other letters are passed through. */
  status: string;
  path: string;
  /** The name's bytes are not UTF-8: `path` is git's quoted form (`"caf\351.csv"`), naming no file. */
  notUtf8?: boolean;
}

/**
 * Parses `git diff --raw -z --no-renames`: `:100644 100644 <id> <id> M\0path\0` per change.
 * With --no-renames every record has exactly one path.
 */
export const parseDiffRawZ = (output: string): RawChange[] => {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  const changes: RawChange[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const head = fields[i] ?? '';
    const path = fields[i + 1];
    const match = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(head);
    if (!match || path === undefined)
      throw new Error(`unexpected git diff --raw output: ${JSON.stringify(head)}`);
    changes.push({ srcMode: match[1]!, dstMode: match[2]!, srcId: match[3]!, status: match[5]!, path });
  }
  return changes;
};
