import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { BIN, type CliResult, FIXTURES, ROOT } from '../../helpers/cli.js';
import { cleanEnv } from '../../helpers/gitRepo.js';
import { isRunning } from '../../helpers/processes.js';

export const INJECT = join(FIXTURES, 'fault', 'inject.cjs');

/**
 * A private copy of dist (the bin and its chunks) for a long suite, so a rebuild in the same tree
 * meanwhile (npm run build empties dist first) cannot fail trials. It stays under node_modules,
 * where the bundle finds its dependencies. Returns the bin's path; remove its directory after.
 */
export const privateBin = (): string => {
  const dir = join(ROOT, 'node_modules', '.cache', 'mlhooks-fault', `${process.pid}-${Date.now()}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(dirname(BIN), dir, { recursive: true });
  return join(dir, basename(BIN));
};

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `mlhooks <args>` as its own process group (as a shell starts a job), so a signal can go
 * to mlhooks alone or, like Ctrl-C in a terminal, to it and the git processes it runs.
 */
export const startMlhooks = (
  cwd: string,
  args: string[],
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
  bin = BIN,
): Started => {
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], {
    cwd,
    env: cleanEnv({ NO_COLOR: '1', ...env }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => Buffer.concat(chunks).toString('utf8'), exited };
};

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits for a file to appear, polling every 2 ms; false after `limitMs` or once `gone()`. */
export const waitForFile = async (file: string, limitMs: number, gone: () => boolean): Promise<boolean> => {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (existsSync(file)) return true;
    if (gone()) return existsSync(file);
    await sleep(2);
  }
  return false;
};

/** Resolves with the exit, or null when the process did not end within `limitMs` (a hang). */
export const within = async <T>(promise: Promise<T>, limitMs: number): Promise<T | null> => {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    promise,
    new Promise<null>((done) => {
      timer = setTimeout(() => done(null), limitMs);
    }),
  ]);
  clearTimeout(timer);
  return result;
};

/** Live (non-zombie) processes whose environment holds `NAME=value`, from /proc. */
export const processesWithEnv = (name: string, value: string): number[] =>
  readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && Number(pid) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${name}=${value}`);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(isRunning);

export const killAll = (pids: number[]) => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
};

/** Peak resident memory of a running process in KB (VmHWM), or null once it is gone. */
export const peakRssKb = (pid: number): number | null => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
};

/** runCli (test/helpers/cli.ts), for a given copy of the bin. */
export const runBin = async (
  bin: string,
  args: string[],
  { cwd, env = {}, input }: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): Promise<CliResult> => {
  const result = await execa(process.execPath, [bin, ...args], {
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
