import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. A zombie (killed, not yet reaped) counts as gone: in some
 * sandboxes PID 1 never reaps orphans, so a killed grandchild stays a zombie for good.
 */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};
