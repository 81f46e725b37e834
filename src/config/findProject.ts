import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CONFIG_FILES } from './defaults.js';

export interface ProjectLocation {
  /** Absolute directory that holds the config or package.json: paths in the config are relative to it. */
  root: string;
  /** The config file found, or null for zero config. */
  configFile: string | null;
  /** Config files found besides the one used. */
  ignored: string[];
  hasPackageJson: boolean;
}

/** The project of a directory that holds `names`, or null when none of them makes one. */
export const projectIn = (dir: string, names: readonly string[]): ProjectLocation | null => {
  const configs = CONFIG_FILES.filter((name) => names.includes(name));
  const hasPackageJson = names.includes('package.json');
  if (configs.length === 0 && !hasPackageJson) return null;
  const [first, ...rest] = configs;
  return {
    root: dir,
    configFile: first ? join(dir, first) : null,
    ignored: rest.map((name) => join(dir, name)),
    hasPackageJson,
  };
};

/**
 * Walks up from `cwd` to the git root and stops at the first directory that holds an mlhooks config
 * or a package.json. A package.json counts as a config when it has an "mlhooks" field (read later).
 */
export const findProject = (cwd: string, gitRoot: string): ProjectLocation => {
  let dir = cwd;
  for (;;) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // unreadable directory: keep walking up
    }
    const found = projectIn(dir, names);
    if (found) return found;
    const parent = dirname(dir);
    if (dir === gitRoot || parent === dir || relative(gitRoot, dir).startsWith('..')) {
      return { root: gitRoot, configFile: null, ignored: [], hasPackageJson: false };
    }
    dir = parent;
  }
};
