import { spawnSync } from 'node:child_process';
import { MlhooksError } from '../errors.js';

export interface GitOutput {
  status: number;
  stdout: string;
  stderr: string;
}

// Synchronous on purpose: every call here is short, and spawnSync is the cheapest way to start git
// on the no-op commit path (simple-git costs ~14 ms to import; see bench/noop.mjs).
export const tryGit = (
  args: readonly string[],
  cwd: string,
  input?: string,
  /** Variables set over this process's environment for this call only. */
  env?: Record<string, string>,
  /** latin1: one character per byte of output, so names that are not UTF-8 survive. */
  encoding: 'utf8' | 'latin1' = 'utf8',
): GitOutput => {
  const result = spawnSync('git', args, {
    cwd,
    input,
    env: env ? { ...process.env, ...env } : undefined,
    encoding,
    maxBuffer: 1024 * 1024 * 512,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new MlhooksError(
      'E_GIT',
      missing ? 'git was not found on PATH.' : `git failed to start: ${result.error.message}`,
      {
        hint: missing ? 'Install git and make sure it is on PATH.' : undefined,
        cause: result.error,
      },
    );
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
};

/** Runs git with arguments as an array (never a shell string) and returns stdout; throws on failure. */
export const execGit = (
  args: readonly string[],
  cwd: string,
  input?: string,
  env?: Record<string, string>,
  encoding: 'utf8' | 'latin1' = 'utf8',
): string => {
  const out = tryGit(args, cwd, input, env, encoding);
  if (out.status !== 0) {
    throw new MlhooksError(
      'E_GIT',
      `\`git ${args.join(' ')}\` failed (exit ${out.status}): ${out.stderr.trim()}`,
      {
        cause: out,
      },
    );
  }
  return out.stdout;
};
