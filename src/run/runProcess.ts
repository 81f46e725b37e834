import { OutputBuffer } from './outputBuffer.js';
import { killGroup, trackGroup, untrackGroup } from './processGroups.js';
import { killTagged, newTag, ownerPrefix, withTag } from './taggedProcesses.js';

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting (Ctrl-C) stops the process tree. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
  onOutput?(chunk: Buffer): void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  interrupted: boolean;
  durationMs: number;
  output: string;
  outputTruncated: number;
  /** Set when the program could not be started at all. */
  spawnError: string | null;
}

// Set by git for the hook itself; a test that runs git (in a temp repo, say) must not inherit them.
const GIT_LOCAL_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_PREFIX',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_SHALLOW_FILE',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_CONFIG_PARAMETERS',
];

export const childEnv = (extra: Record<string, string>): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !GIT_LOCAL_ENV.includes(key)) env[key] = value;
  }
  return { ...env, ...extra };
};

// On exit, also what left its group: found by the tag every command of this process carries.
const killOwnTagged = () => {
  const prefix = ownerPrefix();
  killTagged((tag) => tag.startsWith(prefix));
};

// After the program exits and its leftovers are killed, how long its output pipes may stay open
// (held by a process that escaped both its group and its tag) before we stop waiting for them.
const PIPE_GRACE_MS = 2000;

/**
 * Runs a program (argv, never a shell) in its own process group. A timeout or an abort sends
 * SIGTERM to the whole group, then SIGKILL after a grace period; whatever the program leaves
 * behind in its group when it exits is killed too. Never throws for the program's failures.
 */
export const runProcess = async (
  argv: readonly string[],
  options: ProcessOptions,
): Promise<ProcessResult> => {
  const { execa } = await (await import('../esmImport.js')).esmImport<typeof import('execa')>('execa');
  const [file, ...args] = argv;
  const output = new OutputBuffer();
  const started = Date.now();
  let timedOut = false;
  let interrupted = false;
  const timers: NodeJS.Timeout[] = [];

  const tag = newTag();
  const child = execa(file ?? '', args, {
    cwd: options.cwd,
    env: withTag(options.env, tag),
    extendEnv: false,
    detached: true,
    cleanup: false,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
  });
  const pid = child.pid;
  const stop = (why: 'timeout' | 'abort') => {
    if (pid === undefined) return;
    if (why === 'timeout') timedOut = true;
    else interrupted = true;
    // An abort is the user's Ctrl-C, passed on as one; a timeout asks politely first too.
    killGroup(pid, why === 'abort' ? 'SIGINT' : 'SIGTERM');
    timers.push(setTimeout(() => killGroup(pid, 'SIGKILL'), options.graceMs ?? 3000).unref());
  };

  if (pid !== undefined) {
    trackGroup(pid, killOwnTagged);
    child.on('exit', () => {
      killGroup(pid, 'SIGKILL');
      untrackGroup(pid);
      killTagged((t) => t === tag);
      timers.push(
        setTimeout(() => {
          for (const stream of [child.all, child.stdout, child.stderr]) stream?.destroy();
        }, PIPE_GRACE_MS).unref(),
      );
    });
    timers.push(setTimeout(() => stop('timeout'), options.timeoutMs).unref());
  }
  const onAbort = () => stop('abort');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  child.all?.on('data', (chunk: Buffer) => {
    output.push(chunk);
    options.onOutput?.(chunk);
  });

  const result = await child;
  for (const timer of timers) clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  if (pid !== undefined) untrackGroup(pid);

  const spawnFailed = pid === undefined || (result.exitCode === undefined && result.signal === undefined);
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    timedOut,
    interrupted,
    durationMs: Date.now() - started,
    output: output.text(),
    outputTruncated: output.dropped,
    spawnError: spawnFailed ? (result.originalMessage ?? result.shortMessage ?? 'could not start') : null,
  };
};
