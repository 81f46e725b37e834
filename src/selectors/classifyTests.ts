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
  return (path) => {
    for (const { group, may, maySlow, mayExclude, include, exclude, slow } of compiled) {
      if (may && !may.test(path)) continue;
      const isSlow = maySlow && !maySlow.test(path) ? false : slow(path);
      if (!(isSlow || include(path))) continue;
      if ((!mayExclude || mayExclude.test(path)) && exclude(path)) continue;
      const tier: FileTier = isSlow ? 'slow' : group.slow.marker || group.slow.command ? 'mixed' : 'fast';
      return { path, group: group.name, tier };
    }
    return null;
  };
};
