import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { cleanEnv } from './gitRepo.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'dist', 'bin.cjs');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  all: string;
}

/** Runs the built CLI (dist/bin.cjs) as a real child process. */
export const runCli = async (
  args: string[],
  { cwd, env = {}, input }: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): Promise<CliResult> => {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd,
    env: cleanEnv({ NO_COLOR: '1', ...env }),
    extendEnv: false,
    input: input ?? '',
    all: true,
    reject: false,
    timeout: 120_000,
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    all: result.all ?? '',
  };
};

/** Copies a fixture folder from test/fixtures into a directory. */
export const copyFixture = (name: string, to: string): void =>
  cpSync(join(FIXTURES, name), to, { recursive: true });
