import { asPathArgs, type RunnerAdapter } from './types.js';

/** A path as a glob that matches only itself (picomatch syntax, which vitest's globs use). */
const literalGlob = (path: string) => path.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');

/**
 * Whether a path contains one of `files`, ignoring case, without trying every file on every path (a
 * 100,000-file repo with every test selected): a file `dir/name` can only be found where a segment
 * of the path starts with `name`, so the files are looked up by the first characters of their name.
 */
const containsOneOf = (files: readonly string[]): ((path: string) => boolean) => {
  const KEY = 3;
  const byStart = new Map<string, string[]>();
  // A file without a folder (or with a name shorter than the key) may be found anywhere.
  const anywhere: string[] = [];
  for (const file of files.map((f) => f.toLowerCase())) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (!file.includes('/') || name.length < KEY) anywhere.push(file);
    else {
      const key = name.slice(0, KEY);
      byStart.set(key, [...(byStart.get(key) ?? []), file]);
    }
  }
  return (other) => {
    const path = other.toLowerCase();
    if (anywhere.some((file) => path.includes(file))) return true;
    for (let start = path.indexOf('/') + 1; start > 0; start = path.indexOf('/', start) + 1) {
      for (const file of byStart.get(path.slice(start, start + KEY)) ?? [])
        if (path.includes(file)) return true;
    }
    return false;
  };
};

export const vitest: RunnerAdapter = {
  program: 'vitest',
  installHint: 'run `npm i -D vitest` in the project',
  npm: true,
  othersMatter: true,
  // `run`: never start watch mode inside a hook. Vitest runs every test file whose path contains a
  // file argument, ignoring case (`test/a.test.ts` runs `latest/a.test.ts` and `test/a.test.tsx`
  // too): the project's other files that an argument would match are excluded by name, the tests
  // of other groups, or of none, included.
  args: ({ group, files, others }) => {
    const excluded = others.filter(containsOneOf(files));
    return {
      args: [
        'run',
        ...group.args,
        ...excluded.flatMap((other) => ['--exclude', literalGlob(other)]),
        ...asPathArgs(files),
      ],
      passCodes: [],
    };
  },
};
