// Repo-relative POSIX paths, handled as strings: no fs, no platform separators.

export const dirOf = (path: string): string => {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
};

export const baseOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Joins and normalizes; null when the result leaves the root (`../` past the top). */
export const joinPath = (dir: string, rel: string): string | null => {
  // The common cases without splitting: leading `./` and `../`, then nothing left to normalize.
  let base = dir;
  let rest = rel;
  for (;;) {
    if (rest.startsWith('./')) rest = rest.slice(2);
    else if (rest.startsWith('../')) {
      if (base === '') return null;
      const slash = base.lastIndexOf('/');
      base = slash < 0 ? '' : base.slice(0, slash);
      rest = rest.slice(3);
    } else break;
  }
  if (
    rest !== '' &&
    rest !== '.' &&
    rest !== '..' &&
    !rest.includes('/.') &&
    !rest.includes('//') &&
    rest[0] !== '/' &&
    rest[rest.length - 1] !== '/'
  ) {
    return base === '' ? rest : `${base}/${rest}`;
  }
  const parts = base === '' ? [] : base.split('/');
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
};

/** `a/b/c.txt` -> `a/b`, `a`. */
export const ancestors = (path: string): string[] => {
  const out: string[] = [];
  for (let dir = dirOf(path); dir !== ''; dir = dirOf(dir)) out.push(dir);
  return out;
};
