// A cheap first test before glob regexes: text every match of a glob must contain (`**/node_modules/**`
// -> `node_modules`, `**/*.slow.{test,spec}.*` -> `.slow.`). A path holding none of a list's texts
// matches none of its globs. Globs it cannot read, or without such text, make it null: no filter.

// The characters lastSegmentFilter reads too: any other may mean something to picomatch.
const READ = /^[\w.\-/*{},]*$/;

/** The longest run of plain text outside braces, between stars and slashes; '' when there is none. */
const requiredText = (raw: string): string | null => {
  // picomatch drops a leading `./`; other `.` and `..` segments are not read.
  const glob = raw.replace(/^(?:\.\/)+/, '');
  if (!READ.test(glob) || glob.split('/').some((segment) => segment === '.' || segment === '..')) return null;
  let best = '';
  let run = '';
  let depth = 0;
  for (const c of glob) {
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (depth > 0 || c === '}' || c === '*' || c === '/') {
      if (run.length > best.length) best = run;
      run = '';
    } else run += c;
  }
  if (depth !== 0) return null;
  return run.length > best.length ? run : best;
};

/** A regex that fails on a path only when no glob of the list can match it; null when it cannot tell. */
export const requiredTextFilter = (globs: readonly string[]): RegExp | null => {
  const texts: string[] = [];
  for (const glob of globs) {
    const text = requiredText(glob);
    if (!text) return null;
    texts.push(text.replace(/[.-]/g, '\\$&'));
  }
  // No globs: nothing can match.
  return new RegExp(texts.length > 0 ? texts.join('|') : '(?!)');
};
