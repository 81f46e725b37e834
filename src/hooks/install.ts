import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MlhooksError } from '../errors.js';
import { getCommonDir, getDefaultHooksDir, getGitConfig } from '../git/config.js';
import { findNpmBin, which } from '../run/resolveProgram.js';
import { HOOKS, type Hook } from '../types.js';
import { addHookLine, hookLine } from './hookScript.js';
import { readInstallRecord, writeInstallRecord } from './installState.js';
import { addPrepareScript } from './packageScripts.js';

export const HUSKY_DIR = '.husky';
export const HUSKY_HOOKS_PATH = '.husky/_';

export interface InstallInput {
  gitRoot: string;
  projectRoot: string;
  hasPackageJson: boolean;
}

export interface InstallReport {
  files: { path: string; action: 'created' | 'updated' | 'unchanged' }[];
  hooksPathBefore: string | null;
  prepare: 'added' | 'present' | 'no package.json';
  warnings: string[];
}

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Hooks in the default hooks dir: once core.hooksPath is set, git silently stops running them. */
export const bypassedHooks = (gitRoot: string): string[] => {
  const dir = getDefaultHooksDir(gitRoot);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => !name.endsWith('.sample') && isExecutable(join(dir, name)))
    .map((name) => join(dir, name));
};

const runHusky = async (gitRoot: string): Promise<void> => {
  const { default: husky } = await (await import('../esmImport.js')).esmImport<typeof import('husky')>(
    'husky',
  );
  // husky works on the current directory (it looks for .git and runs git config there).
  const previous = process.cwd();
  process.chdir(gitRoot);
  try {
    const message = husky(HUSKY_DIR);
    if (message) {
      throw new MlhooksError('E_INSTALL', `husky could not install the hooks: ${message.trim()}`, {
        hint: message.includes('HUSKY=0')
          ? 'Unset HUSKY=0 to install hooks.'
          : 'Run `mlhooks doctor` to see what is wrong.',
      });
    }
  } finally {
    process.chdir(previous);
  }
};

/** Sets up husky and puts `mlhooks run <hook>` into its hook files; safe to run again. */
export const install = async ({
  gitRoot,
  projectRoot,
  hasPackageJson,
}: InstallInput): Promise<InstallReport> => {
  const warnings: string[] = [];
  const commonDir = getCommonDir(gitRoot);
  const hooksPathBefore = getGitConfig(gitRoot, 'core.hooksPath');
  if (hooksPathBefore && hooksPathBefore.replace(/\/+$/, '') !== HUSKY_HOOKS_PATH) {
    warnings.push(
      `core.hooksPath was "${hooksPathBefore}": git ran hooks from there and now runs ${HUSKY_HOOKS_PATH}. Move those hooks into ${HUSKY_DIR}/ (mlhooks uninstall puts the old value back).`,
    );
  }
  for (const file of bypassedHooks(gitRoot)) {
    const name = file.split('/').pop()!;
    warnings.push(
      `${relative(gitRoot, file)} will not run any more: core.hooksPath bypasses .git/hooks. Move its commands into ${HUSKY_DIR}/${name}, then delete it.`,
    );
  }

  await runHusky(gitRoot);

  const projectDir = relative(gitRoot, projectRoot).split(sep).join('/');
  const files: InstallReport['files'] = [];
  mkdirSync(join(gitRoot, HUSKY_DIR), { recursive: true });
  for (const hook of HOOKS as readonly Hook[]) {
    const file = join(gitRoot, HUSKY_DIR, hook);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const after = addHookLine(before, hookLine(hook, projectDir));
    if (after !== before) writeFileSync(file, after, { mode: 0o755 });
    files.push({
      path: `${HUSKY_DIR}/${hook}`,
      action: before === null ? 'created' : after === before ? 'unchanged' : 'updated',
    });
  }

  // The hooks call the bare command: without it, every commit would stop at "mlhooks: not found".
  if (!findNpmBin('mlhooks', projectRoot, gitRoot) && !which('mlhooks', projectRoot))
    warnings.push(
      'the hooks call `mlhooks`, which is neither in node_modules/.bin nor on PATH: every commit and push would fail with "mlhooks: not found". Install it in the project: npm i -D mlhooks (or npm i -g mlhooks).',
    );

  const previous = readInstallRecord(commonDir);
  let prepare: InstallReport['prepare'] = 'no package.json';
  let prepareRecord = previous?.prepare ?? null;
  if (hasPackageJson) {
    const pkgFile = join(projectRoot, 'package.json');
    const { changed, before } = addPrepareScript(pkgFile);
    prepare = changed ? 'added' : 'present';
    if (changed) prepareRecord = { file: relative(gitRoot, pkgFile).split(sep).join('/'), before };
  }
  // The first install's view of core.hooksPath is the one to restore.
  writeInstallRecord(commonDir, {
    hooksPathBefore: previous ? previous.hooksPathBefore : hooksPathBefore,
    prepare: prepareRecord,
  });
  return { files, hooksPathBefore, prepare, warnings };
};
