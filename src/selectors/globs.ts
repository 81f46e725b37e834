import picomatch from 'picomatch';

export type Matcher = (path: string) => boolean;

const never: Matcher = () => false;

/** Compiles globs (relative to the project root) into one matcher; dotfiles match too. */
export const compileGlobs = (globs: readonly string[]): Matcher =>
  globs.length === 0 ? never : picomatch(globs as string[], { dot: true });

/** The first glob of a list that matches, to name it in a reason. */
export const firstMatchingGlob = (globs: readonly string[], path: string): string | undefined =>
  globs.find((glob) => picomatch.isMatch(path, glob, { dot: true }));
