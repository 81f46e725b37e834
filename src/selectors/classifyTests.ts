import type { ResolvedGroup } from '../config/types.js';
import type { FileTier } from '../types.js';
import { compileGlobs } from './globs.js';

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
    include: compileGlobs(group.include),
    exclude: compileGlobs(group.exclude),
    slow: compileGlobs(group.slow.include),
  }));
  return (path) => {
    for (const { group, include, exclude, slow } of compiled) {
      const isSlow = slow(path);
      if (!(isSlow || include(path)) || exclude(path)) continue;
      const tier: FileTier = isSlow ? 'slow' : group.slow.marker || group.slow.command ? 'mixed' : 'fast';
      return { path, group: group.name, tier };
    }
    return null;
  };
};
