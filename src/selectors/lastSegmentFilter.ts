// A cheap first test before the glob regexes, for classifying every tracked file: one regular
// expression on what a path's last segment must look like for some glob of a list to match it
// (`**/*.{test,spec}.ts` -> `(?:^|/)[^/]*\.(?:test|spec)\.ts$`). It only rules paths out; globs it
// cannot read (classes, `?`, extglobs, quotes, escapes, ranges, `**` or nothing in the last
// segment, negations) make it null: no filter.

// Only globs of these characters are read: any other may mean something to picomatch (`?`, `[`, `(`, `|`, `"`, ...).
const READ = /^[\w.\-/*{},]*$/;

/** Whether a brace group is open at `at` (then the last segment starts earlier than the last slash). */
const insideBraces = (glob: string, at: number): boolean => {
  let depth = 0;
  for (let k = 0; k < at; k++) depth += glob[k] === '{' ? 1 : glob[k] === '}' ? -1 : 0;
  return depth !== 0;
};

/** The last segment of a glob as a regex source: `*` within the segment, `{a,b}` as alternatives. */
const segmentSource = (glob: string): string | null => {
  if (!READ.test(glob)) return null;
  const slash = glob.lastIndexOf('/');
  const last = glob.slice(slash + 1);
  if (last === '' || last.includes('**') || insideBraces(glob, slash)) return null;
  let source = '';
  let open = -1;
  for (let k = 0; k < last.length; k++) {
    const c = last[k]!;
    if (c === '*') source += '[^/]*';
    else if (c === '{') {
      // One level of `{a,b}`; `{a}` and nesting mean other things (or a literal) to picomatch.
      const close = last.indexOf('}', k);
      const inner = last.slice(k + 1, close);
      if (open >= 0 || close < 0 || !inner.includes(',') || inner.includes('{')) return null;
      open = close;
      source += '(?:';
    } else if (c === '}') {
      if (k !== open) return null;
      open = -1;
      source += ')';
    } else if (c === ',' && open >= 0) source += '|';
    else source += c === '.' ? '\\.' : c;
  }
  return source;
};

/**
 * A regex that fails on a file path (not empty, no trailing slash) only when no glob of the list
 * can match it, with picomatch's meaning (`*` stays within a segment); null when it cannot tell.
 */
export const lastSegmentFilter = (globs: readonly string[]): RegExp | null => {
  const sources: string[] = [];
  for (const glob of globs) {
    const source = segmentSource(glob);
    if (source === null) return null;
    sources.push(source);
  }
  return new RegExp(`(?:^|/)(?:${sources.join('|')})$`);
};
