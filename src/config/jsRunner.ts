import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type JsRunner = 'vitest' | 'jest' | 'node';

/** Whether a package.json lists a package in its dependencies or devDependencies. */
export const dependsOn = (pkg: Record<string, unknown> | null, name: string): boolean =>
  !!pkg &&
  [pkg.dependencies, pkg.devDependencies].some(
    (deps) => typeof deps === 'object' && deps !== null && name in deps,
  );

const runnerIn = (pkg: Record<string, unknown> | null): JsRunner | null =>
  dependsOn(pkg, 'vitest') ? 'vitest' : dependsOn(pkg, 'jest') ? 'jest' : null;

/**
 * The runner of a project's JS/TS tests: vitest or jest when its package.json lists one, else when
 * a package.json above it does, up to the git root (a workspace package whose devDependencies live
 * in the root's, where npm, pnpm and yarn hoist them), else node:test.
 */
export const jsRunnerOf = (pkg: Record<string, unknown> | null, projectRoot: string): JsRunner => {
  const own = runnerIn(pkg);
  if (own) return own;
  for (let dir = projectRoot; !existsSync(join(dir, '.git')); ) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    let above: Record<string, unknown> | null = null;
    try {
      above = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      // none here, or not readable: a broken package.json above is not this project's to report
    }
    const found = runnerIn(above);
    if (found) return found;
  }
  return 'node';
};
