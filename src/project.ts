import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ConfigState } from './config/configInState.js';
import { findProject } from './config/findProject.js';
import { loadConfig } from './config/loadConfig.js';
import { readStateConfig } from './config/readStateConfig.js';
import type { ResolvedConfig } from './config/types.js';
import { getRepo, type Repo } from './git/getRepo.js';

export interface Project {
  repo: Repo;
  /** Absolute project root: where the config or package.json is; config globs are relative to it. */
  root: string;
  /** The project root relative to the git root, with a trailing slash, or '' at the git root. */
  prefix: string;
  config: ResolvedConfig;
  configSource: string | null;
  warnings: string[];
  packageJson: Record<string, unknown> | null;
}

export interface LocatedRepo {
  repo: Repo;
  cwd: string;
}

/** Finds the repository from a directory; cheap (one git call), so hooks can bail out early. */
export const locateRepo = (cwd: string): LocatedRepo => {
  const real = realpathSync(cwd);
  return { repo: getRepo(real), cwd: real };
};

/** The project root relative to the git root, as paths under it start: '' or 'sub/'. */
export const projectPrefix = (repoRoot: string, projectRoot: string): string => {
  const rel = relative(repoRoot, projectRoot).split(sep).join('/');
  return rel ? `${rel}/` : '';
};

/**
 * Finds the project and loads its config. With `state` (the commit or index the checks run on), the
 * config is that state's, wherever the work tree's differs; the project root is the work tree's.
 */
export const openProject = async (
  { repo, cwd }: LocatedRepo,
  state: ConfigState | null = null,
): Promise<Project> => {
  const location = findProject(cwd, repo.root);
  const prefix = projectPrefix(repo.root, location.root);
  const inState = state ? readStateConfig(repo, location.root, prefix, state) : null;
  const loaded = await loadConfig(
    inState?.location ?? location,
    join(repo.gitDir, 'mlhooks', 'config.json'),
    inState,
  );
  return {
    repo,
    root: location.root,
    prefix,
    config: loaded.config,
    configSource: loaded.source,
    warnings: inState?.notice ? [inState.notice, ...loaded.warnings] : loaded.warnings,
    packageJson: loaded.packageJson,
  };
};
