// Children run in their own process groups, so a signal to the group reaches everything they start.
// These are the groups still alive, killed if mlhooks itself exits first.

const live = new Set<number>();
const onExit: (() => void)[] = [];
let hooked = false;

export const killGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
};

/** Remembers a live group; when mlhooks exits, it and every remembered group are SIGKILLed. */
export const trackGroup = (pid: number, alsoOnExit?: () => void): void => {
  if (alsoOnExit && !onExit.includes(alsoOnExit)) onExit.push(alsoOnExit);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const group of live) killGroup(group, 'SIGKILL');
      for (const fn of onExit) fn();
    });
  }
  live.add(pid);
};

export const untrackGroup = (pid: number): void => {
  live.delete(pid);
};
