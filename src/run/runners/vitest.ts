import { asPathArgs, type RunnerAdapter } from './types.js';

/** A path as a glob that matches only itself (picomatch syntax, which vitest's globs use). */
const literalGlob = (path: string) => path.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');

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
    const wanted = files.map((file) => file.toLowerCase());
    const excluded = others.filter((other) => {
      const path = other.toLowerCase();
      return wanted.some((file) => path.includes(file));
    });
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
