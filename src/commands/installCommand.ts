import { findProject } from '../config/findProject.js';
import { isMlhooksError } from '../errors.js';
import { install } from '../hooks/install.js';
import { uninstall } from '../hooks/uninstall.js';
import { locateRepo } from '../project.js';
import { createColors } from '../report/format.js';
import type { Out } from '../report/terminal.js';

export interface InstallCommandInput {
  cwd: string;
  out: Out;
  color: boolean;
  /** From a package.json prepare script: outside a git repo or with HUSKY=0, say so and succeed. */
  prepare: boolean;
}

export const installCommand = async ({ cwd, out, color, prepare }: InstallCommandInput): Promise<number> => {
  const c = createColors(color);
  const line = (text: string) => out.write(`${text}\n`);
  if (process.env.HUSKY === '0' || (prepare && process.env.MLHOOKS === '0')) {
    line(`mlhooks: hooks not installed (${process.env.HUSKY === '0' ? 'HUSKY=0' : 'MLHOOKS=0'})`);
    return 0;
  }
  let located: ReturnType<typeof locateRepo>;
  try {
    located = locateRepo(cwd);
  } catch (error) {
    if (prepare && isMlhooksError(error)) {
      line(`mlhooks: hooks not installed (${error.message})`);
      return 0;
    }
    throw error;
  }
  const { repo } = located;
  const project = findProject(located.cwd, repo.root);
  const report = await install({
    gitRoot: repo.root,
    projectRoot: project.root,
    hasPackageJson: project.hasPackageJson,
  });
  for (const warning of report.warnings) line(`${c.yellow('!')} ${warning}`);
  const changed = report.files.filter((file) => file.action !== 'unchanged');
  if (prepare && changed.length === 0 && report.warnings.length === 0) return 0;
  for (const file of report.files) line(`${c.green('✔')} ${file.path} ${c.dim(file.action)}`);
  line(`${c.green('✔')} core.hooksPath = .husky/_ ${c.dim('(husky)')}`);
  if (report.prepare === 'added')
    line(
      `${c.green('✔')} package.json: "prepare" runs mlhooks install, so a fresh clone gets the hooks on npm install`,
    );
  if (!prepare)
    line(
      c.dim(
        'Commit the .husky/ folder (and package.json). `mlhooks doctor` checks the setup; `mlhooks uninstall` removes it.',
      ),
    );
  return 0;
};

export const uninstallCommand = ({ cwd, out, color }: { cwd: string; out: Out; color: boolean }): number => {
  const c = createColors(color);
  const { repo, cwd: real } = locateRepo(cwd);
  const project = findProject(real, repo.root);
  const report = uninstall({ gitRoot: repo.root, projectRoot: project.root });
  const line = (text: string) => out.write(`${text}\n`);
  for (const file of report.files) line(`${c.green('✔')} ${file.path} ${c.dim(file.action)}`);
  if (report.files.length === 0) line('no mlhooks lines found in .husky/');
  line(`${c.green('✔')} core.hooksPath ${report.hooksPath}`);
  if (report.prepare) line(`${c.green('✔')} package.json: mlhooks install taken out of "prepare"`);
  return 0;
};
