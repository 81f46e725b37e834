import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findProject } from '../config/findProject.js';
import { loadConfig } from '../config/loadConfig.js';
import { isMlhooksError } from '../errors.js';
import { getGitConfig } from '../git/config.js';
import { listFiles } from '../git/listFiles.js';
import { callsBareMlhooks, runsMlhooks } from '../hooks/hookScript.js';
import { bypassedHooks, HUSKY_DIR, HUSKY_HOOKS_PATH } from '../hooks/install.js';
import { locateRepo } from '../project.js';
import { createColors, plural } from '../report/format.js';
import type { Out } from '../report/terminal.js';
import { findLeftover, leftoverError } from '../run/envelope/findLeftover.js';
import { findNpmBin, resolveProgram, which } from '../run/resolveProgram.js';
import { createClassifier } from '../selectors/classifyTests.js';
import { HOOKS } from '../types.js';

/** Says what is installed, which config is in force, which runners were found, and what is wrong. */
export const doctor = async ({
  cwd,
  out,
  color,
}: {
  cwd: string;
  out: Out;
  color: boolean;
}): Promise<number> => {
  const c = createColors(color);
  const line = (text: string) => out.write(`${text}\n`);
  let problems = 0;
  let configBroken = false;
  const ok = (text: string) => line(`${c.green('✔')} ${text}`);
  const warn = (text: string) => line(`${c.yellow('!')} ${text}`);
  const bad = (text: string, fix: string) => {
    problems++;
    line(`${c.red('✖')} ${text}\n    ${c.dim(`fix: ${fix}`)}`);
  };

  const { repo, cwd: real } = locateRepo(cwd);
  const location = findProject(real, repo.root);
  ok(`git repository ${repo.root}`);
  ok(
    `project root ${relative(repo.root, location.root) || '.'} ${c.dim(location.hasPackageJson ? '(package.json)' : '(no package.json)')}`,
  );

  const hooksPath = getGitConfig(repo.root, 'core.hooksPath');
  if (hooksPath?.replace(/\/+$/, '') !== HUSKY_HOOKS_PATH) {
    bad(
      `hooks not installed: core.hooksPath is ${hooksPath ? `"${hooksPath}"` : 'unset'}`,
      'mlhooks install',
    );
  } else if (!existsSync(join(repo.root, HUSKY_HOOKS_PATH, 'h'))) {
    bad(`${HUSKY_HOOKS_PATH} is missing (a fresh clone before npm install?)`, 'mlhooks install');
  } else ok(`core.hooksPath = ${HUSKY_HOOKS_PATH} (husky)`);
  let bare = false;
  for (const hook of HOOKS) {
    const file = join(repo.root, HUSKY_DIR, hook);
    const content = existsSync(file) ? readFileSync(file, 'utf8') : '';
    bare ||= callsBareMlhooks(content);
    if (runsMlhooks(content, hook)) ok(`${HUSKY_DIR}/${hook} runs mlhooks`);
    else bad(`${HUSKY_DIR}/${hook} does not run mlhooks`, 'mlhooks install');
  }
  for (const file of bypassedHooks(repo.root)) {
    warn(
      `${relative(repo.root, file)} is bypassed by core.hooksPath: move its commands into ${HUSKY_DIR}/${file.split('/').pop()}`,
    );
  }
  const bin = findNpmBin('mlhooks', location.root, repo.root) ?? which('mlhooks', location.root);
  if (bin) ok(`the hooks find mlhooks at ${bin}`);
  else if (bare || hooksPath === null)
    bad(
      'the hooks call `mlhooks`, which is neither in node_modules/.bin nor on PATH',
      'npm i -D mlhooks (or npm i -g mlhooks)',
    );
  // Files an interrupted run left hidden: every run refuses until they are back.
  const leftover = findLeftover(repo.gitDir);
  if (leftover) {
    const error = leftoverError(leftover);
    if (leftover.alive) warn(error.message);
    else bad(error.message, 'mlhooks restore');
  }
  for (const name of ['MLHOOKS', 'HUSKY'] as const)
    if (process.env[name] === '0') warn(`${name}=0 is set: hooks are skipped`);

  try {
    const loaded = await loadConfig(location);
    ok(`config: ${loaded.source ?? 'none, conventions apply (pytest + JS/TS test names)'}`);
    for (const warning of loaded.warnings) warn(warning);
    const classify = createClassifier(loaded.config.groups);
    const tests = listFiles(location.root).flatMap((path) => classify(path) ?? []);
    for (const group of loaded.config.groups) {
      const count = tests.filter((test) => test.group === group.name).length;
      const argv = group.command ?? resolveProgram(group, location.root, repo.root);
      const found = which(argv[0] ?? '', join(location.root, group.cwd));
      const what = `test group "${group.name}" (${group.runner}): ${plural(count, 'test file')}`;
      if (found) ok(`${what}, runs ${argv.join(' ')}`);
      else if (count === 0)
        line(c.dim(`· ${what}; ${argv[0]} not found (not needed while there are no tests)`));
      else bad(`${what}, but ${argv[0]} was not found`, `install ${group.runner}`);
    }
    for (const model of loaded.config.models)
      ok(
        `model "${model.name}": ${plural(model.inputs.length, 'input glob')}, ${plural(model.tests.length, 'test glob')}`,
      );
    const stages = Object.entries(loaded.config.stages).map(
      ([stage, tiers]) => `${stage}: ${tiers.join('+') || 'nothing'}`,
    );
    ok(`stages ${stages.join(' · ')}`);
  } catch (error) {
    if (!isMlhooksError(error)) throw error;
    configBroken = error.code === 'E_CONFIG';
    bad(error.message, error.hint ?? 'fix the config');
  }
  if (problems === 0) line(c.green('all good'));
  return configBroken ? 2 : problems > 0 ? 3 : 0;
};
