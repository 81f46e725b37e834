import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedGroup, ResolvedModel } from '../config/types.js';
import { MlhooksError } from '../errors.js';
import type { Plan } from '../types.js';
import { runners } from './runners/index.js';

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Finds a program on PATH (or as a path relative to cwd), like the shell would. */
export const which = (program: string, cwd: string, path = process.env.PATH ?? ''): string | null => {
  if (program.includes('/')) {
    const file = resolve(cwd, program);
    return isExecutable(file) ? file : null;
  }
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(resolve(cwd, dir), program);
    if (isExecutable(file)) return file;
  }
  return null;
};

/** node_modules/.bin/<name> from `from` up to `top`, as npm scripts would find it. */
export const findNpmBin = (name: string, from: string, top: string): string | null => {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '.bin', name);
    if (isExecutable(file)) return file;
    if (dir === top || dirname(dir) === dir) return null;
  }
};

/** The program of a group's runner when the config names none: node_modules/.bin, then PATH. */
export const resolveProgram = (group: ResolvedGroup, projectRoot: string, gitRoot: string): string[] => {
  const adapter = runners[group.runner];
  const cwd = join(projectRoot, group.cwd);
  if (group.runner === 'node') return [process.execPath];
  if (adapter.npm) return [findNpmBin(adapter.program, cwd, gitRoot) ?? adapter.program];
  if (group.runner === 'pytest' && !which('pytest', cwd)) {
    const python = ['python3', 'python'].find((name) => which(name, cwd));
    if (python) return [python, '-m', 'pytest'];
  }
  return [adapter.program];
};

/** The first planned command whose program cannot be found, as an error that says how to install it. */
export const findMissingProgram = (plan: Plan): MlhooksError | null => {
  for (const command of plan.commands) {
    if (command.runner === 'checks') continue;
    const program = command.argv[0] ?? '';
    if (which(program, command.cwd)) continue;
    const adapter = runners[command.runner];
    return new MlhooksError(
      'E_RUNNER_MISSING',
      `${program || '(empty command)'} is needed by test group "${command.group}" but was not found${adapter.npm ? ' in node_modules/.bin or on PATH' : ' on PATH'}.`,
      {
        hint: adapter.installHint,
      },
    );
  }
  return null;
};

/**
 * node with mlhooks' check worker (dist/checkWorker.js, beside the CLI). A TypeScript check module
 * is loaded through tsx, which must then be installed in the project.
 */
export const checkWorkerArgv = (model: ResolvedModel): string[] => [
  process.execPath,
  ...(model.checks && /\.[cm]?ts$/.test(model.checks) ? ['--import', 'tsx'] : []),
  fileURLToPath(new URL('./checkWorker.js', import.meta.url)),
];
