import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { processStartTime } from './processIdentity.js';

/**
 * Every test command runs with MLHOOKS_TAGS in its environment, and so does everything it starts.
 * A grandchild that leaves the process group (setsid, a daemon, a server started "in a new
 * session") keeps that environment, so on Linux it can still be found in /proc and stopped.
 * Nested runs (mlhooks testing itself) append their tag instead of replacing it.
 */
export const TAGS_VAR = 'MLHOOKS_TAGS';

/** `<pid>.<start time>.`: every tag this process hands out starts with it; a reused pid gets another. */
export const ownerPrefix = (pid = process.pid, startTime = processStartTime(pid)): string =>
  `${pid}.${startTime ?? '0'}.`;

export const newTag = (): string => `${ownerPrefix()}${randomBytes(4).toString('hex')}`;

export const withTag = (env: Record<string, string>, tag: string): Record<string, string> => ({
  ...env,
  [TAGS_VAR]: env[TAGS_VAR] ? `${env[TAGS_VAR]},${tag}` : tag,
});

const tagsOf = (pid: string): string[] => {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return [];
  }
  const entry = environ.split('\0').find((line) => line.startsWith(`${TAGS_VAR}=`));
  return entry ? entry.slice(TAGS_VAR.length + 1).split(',') : [];
};

/** Pids (other than this one) whose environment carries a tag that `matches`. Empty off Linux. */
export const findTagged = (matches: (tag: string) => boolean): number[] => {
  if (process.platform !== 'linux') return [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.filter((pid) => Number(pid) !== process.pid && tagsOf(pid).some(matches)).map(Number);
};

/** SIGKILLs every process carrying a matching tag; returns how many were signalled. */
export const killTagged = (matches: (tag: string) => boolean): number => {
  let killed = 0;
  for (const pid of findTagged(matches)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // gone already
    }
  }
  return killed;
};
