import { spawnSync } from 'node:child_process';
import { MlhooksError } from '../errors.js';

/** `git cat-file --batch` on these object names (ids, `<commit>:<path>`, `:<path>`): its raw output. */
export const catFileBatchSync = (root: string, names: readonly string[]): Buffer => {
  const result = spawnSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: `${names.join('\n')}\n`,
    maxBuffer: 1024 * 1024 * 512,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (result.error || result.status !== 0)
    throw new MlhooksError(
      'E_GIT',
      `\`git cat-file --batch\` failed: ${result.error?.message ?? result.stderr.toString().trim()}`,
      { cause: result.error ?? result },
    );
  return result.stdout;
};
