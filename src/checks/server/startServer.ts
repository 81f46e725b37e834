// The one place mlhooks/checks starts a process: a model server, in its own process group, so
// stopping it stops everything it started too.

import { OutputBuffer } from '../../run/outputBuffer.js';
import { killGroup, trackGroup, untrackGroup } from '../../run/processGroups.js';
import { childEnv } from '../../run/runProcess.js';

export interface ServerExit {
  exitCode: number | null;
  signal: string | null;
  /** Set when the program could not be started at all. */
  spawnError: string | null;
}

export interface ServerHandle {
  pid: number | undefined;
  /** What the server printed so far (stdout and stderr interleaved). */
  output(): string;
  /** The server's exit, once it happens. */
  exited: Promise<ServerExit>;
  hasExited(): boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the server is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a server from an argv (never a shell string) in its own process group. */
export const startServer = async (
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<ServerHandle> => {
  const { execa } = await import('execa');
  const [file, ...args] = argv;
  const output = new OutputBuffer(8 * 1024, 32 * 1024);
  const child = execa(file ?? '', args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    extendEnv: false,
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
  });
  const pid = child.pid;
  if (pid !== undefined) trackGroup(pid);
  let done = false;
  child.all?.on('data', (chunk: Buffer) => output.push(chunk));
  const exited = child.then((result): ServerExit => {
    done = true;
    if (pid !== undefined) {
      // Whatever the server left running in its group goes with it.
      killGroup(pid, 'SIGKILL');
      untrackGroup(pid);
    }
    const spawnFailed = pid === undefined || (result.exitCode === undefined && result.signal === undefined);
    return {
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      spawnError: spawnFailed ? (result.originalMessage ?? result.shortMessage ?? 'could not start') : null,
    };
  });
  return {
    pid,
    output: () => output.text(),
    exited,
    hasExited: () => done,
    stop: async (graceMs = 2000) => {
      if (pid === undefined || done) {
        await exited;
        return;
      }
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};
