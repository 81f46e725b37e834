/**
 * Walks git's `-z` listing records `<a> SP <b> SP <c> TAB <path> NUL` (ls-files -s, ls-tree) with
 * indexOf, not split: they are read for every file of a large repository. `each` gets the record's
 * bounds and the places of its two spaces and tab; a malformed record throws, naming `command`.
 */
export const forEachZRecord = (
  output: string,
  command: string,
  each: (start: number, first: number, second: number, tab: number, end: number) => void,
): void => {
  for (let at = 0; at < output.length; ) {
    let end = output.indexOf('\0', at);
    if (end < 0) end = output.length;
    if (end > at) {
      const tab = output.indexOf('\t', at);
      const first = output.indexOf(' ', at);
      const second = first < 0 ? -1 : output.indexOf(' ', first + 1);
      if (tab < 0 || tab > end || first < 0 || second < 0 || second > tab)
        throw new Error(`unexpected git ${command} record: ${JSON.stringify(output.slice(at, end))}`);
      each(at, first, second, tab, end);
    }
    at = end + 1;
  }
};
