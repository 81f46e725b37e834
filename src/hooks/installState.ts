import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What `mlhooks install` changed that content alone cannot tell, kept in the git dir for uninstall. */
export interface InstallRecord {
  /** core.hooksPath before install (null: unset). */
  hooksPathBefore: string | null;
  /** package.json (relative to the git root) whose prepare script install changed, and its value before. */
  prepare: { file: string; before: string | null } | null;
}

const recordFile = (commonDir: string) => join(commonDir, 'mlhooks', 'install.json');

export const readInstallRecord = (commonDir: string): InstallRecord | null => {
  try {
    return JSON.parse(readFileSync(recordFile(commonDir), 'utf8')) as InstallRecord;
  } catch {
    return null;
  }
};

export const writeInstallRecord = (commonDir: string, record: InstallRecord): void => {
  mkdirSync(dirname(recordFile(commonDir)), { recursive: true });
  writeFileSync(recordFile(commonDir), `${JSON.stringify(record, null, 2)}\n`);
};

export const removeInstallRecord = (commonDir: string): void =>
  rmSync(recordFile(commonDir), { force: true });
