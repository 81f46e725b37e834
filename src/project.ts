import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findProject } from './config/findProject.js';
import { loadConfig } from './config/loadConfig.js';
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

export const openProject = async ({ repo, cwd }: LocatedRepo): Promise<Project> => {
  const location = findProject(cwd, repo.root);
  const loaded = await loadConfig(location, join(repo.gitDir, 'mlhooks', 'config.json'));
  const rel = relative(repo.root, location.root).split(sep).join('/');
  return {
    repo,
    root: location.root,
    prefix: rel ? `${rel}/` : '',
    config: loaded.config,
    configSource: loaded.source,
    warnings: loaded.warnings,
    packageJson: loaded.packageJson,
  };
};
