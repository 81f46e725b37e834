import { readFileSync } from 'node:fs';

// /proc/<pid>/stat after the command name: state is field 3, start time (clock ticks) field 22.
const statFields = (pid: number): string[] | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/** When the process started (Linux), so a reused pid is not mistaken for the process that wrote a record. */
export const processStartTime = (pid: number): string | null => statFields(pid)?.[19] ?? null;

/** Whether the process that wrote a record still runs: same pid, same start time, not a zombie. */
export const isProcessAlive = (pid: number, startTime: string | null): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(pid);
  if (!fields) return true;
  if (fields[0] === 'Z') return false;
  return startTime === null || fields[19] === startTime;
};
