import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCommonDir, getGitConfig, setGitConfig, unsetGitConfig } from '../git/config.js';
import { HOOKS } from '../types.js';
import { removeHookLines } from './hookScript.js';
import { HUSKY_DIR, HUSKY_HOOKS_PATH } from './install.js';
import { readInstallRecord, removeInstallRecord } from './installState.js';
import { removePrepareScript } from './packageScripts.js';

export interface UninstallReport {
  files: { path: string; action: 'deleted' | 'updated' }[];
  hooksPath: 'restored' | 'unset' | 'kept (other husky hooks remain)' | 'untouched';
  prepare: boolean;
}

/** Takes out exactly what install put in: our hook lines, husky's setup if nothing else uses it, the prepare script. */
export const uninstall = ({
  gitRoot,
  projectRoot,
}: {
  gitRoot: string;
  projectRoot: string;
}): UninstallReport => {
  const commonDir = getCommonDir(gitRoot);
  const record = readInstallRecord(commonDir);
  const huskyDir = join(gitRoot, HUSKY_DIR);
  const files: UninstallReport['files'] = [];
  for (const hook of HOOKS) {
    const file = join(huskyDir, hook);
    if (!existsSync(file)) continue;
    const { content, removed, empty } = removeHookLines(readFileSync(file, 'utf8'));
    if (removed === 0) continue;
    if (empty) rmSync(file);
    else writeFileSync(file, content);
    files.push({ path: `${HUSKY_DIR}/${hook}`, action: empty ? 'deleted' : 'updated' });
  }

  const others = existsSync(huskyDir) ? readdirSync(huskyDir).filter((name) => name !== '_') : [];
  const hooksPath = getGitConfig(gitRoot, 'core.hooksPath');
  let outcome: UninstallReport['hooksPath'] = 'untouched';
  const huskyWasThere = record?.hooksPathBefore?.replace(/\/+$/, '') === HUSKY_HOOKS_PATH;
  if (hooksPath?.replace(/\/+$/, '') === HUSKY_HOOKS_PATH && !huskyWasThere) {
    if (others.length > 0) outcome = 'kept (other husky hooks remain)';
    else {
      if (record?.hooksPathBefore) {
        setGitConfig(gitRoot, 'core.hooksPath', record.hooksPathBefore);
        outcome = 'restored';
      } else {
        unsetGitConfig(gitRoot, 'core.hooksPath');
        outcome = 'unset';
      }
      rmSync(join(huskyDir, '_'), { recursive: true, force: true });
      if (existsSync(huskyDir) && readdirSync(huskyDir).length === 0) rmdirSync(huskyDir);
    }
  }

  let prepare = false;
  // Without a record (a teammate's clone), take our part out of the project's prepare script.
  const pkgFile = record?.prepare ? join(gitRoot, record.prepare.file) : join(projectRoot, 'package.json');
  if (existsSync(pkgFile)) prepare = removePrepareScript(pkgFile, record?.prepare?.before);
  removeInstallRecord(commonDir);
  return { files, hooksPath: outcome, prepare };
};
