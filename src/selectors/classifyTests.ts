import type { ResolvedGroup } from '../config/types.js';
import type { FileTier } from '../types.js';
import { compileGlobs } from './globs.js';
import { lastSegmentFilter } from './lastSegmentFilter.js';
import { requiredTextFilter } from './requiredTextFilter.js';

export interface TestFile {
  path: string;
  group: string;
  tier: FileTier;
}

export type Classifier = (path: string) => TestFile | null;

/** A file belongs to the first group whose include (or slow.include) matches and whose exclude does not. */
export const createClassifier = (groups: readonly ResolvedGroup[]): Classifier => {
  const compiled = groups.map((group) => ({
    group,
    // Most tracked files are not tests: one regex on their last segment rules them out. Tests are
    // rarely slow or excluded: one regex on the text those globs need spares the glob regexes.
    may: lastSegmentFilter([...group.include, ...group.slow.include]),
    maySlow: requiredTextFilter(group.slow.include),
    mayExclude: requiredTextFilter(group.exclude),
    include: compileGlobs(group.include),
    exclude: compileGlobs(group.exclude),
    slow: compileGlobs(group.slow.include),
  }));
  // An indexed loop, the cheap test first: this runs once per tracked file, mostly before the JIT
  // has compiled it.
  return (path) => {
    for (let k = 0; k < compiled.length; k++) {
      const c = compiled[k]!;
      if (c.may && !c.may.test(path)) continue;
      const isSlow = c.maySlow && !c.maySlow.test(path) ? false : c.slow(path);
      if (!(isSlow || c.include(path))) continue;
      if ((!c.mayExclude || c.mayExclude.test(path)) && c.exclude(path)) continue;
      const { group } = c;
      const tier: FileTier = isSlow ? 'slow' : group.slow.marker || group.slow.command ? 'mixed' : 'fast';
      return { path, group: group.name, tier };
    }
    return null;
  };
};
