import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../processIdentity.js';
import type { envelopePaths } from './manifest.js';

/**
 * Removes what runs leave behind outside their commit point: a partial backup (its run was killed
 * before it touched the work tree) and a finished envelope whose deletion was cut short.
 */
export const cleanStale = (paths: ReturnType<typeof envelopePaths>): void => {
  let names: string[];
  try {
    names = readdirSync(paths.base);
  } catch {
    return;
  }
  for (const name of names) {
    const partialPid = name.startsWith(paths.partialPrefix)
      ? Number(name.slice(paths.partialPrefix.length).split('-')[0])
      : null;
    const stale =
      name.startsWith(paths.donePrefix) ||
      (partialPid !== null && partialPid !== process.pid && !isProcessAlive(partialPid, null));
    if (stale) rmSync(join(paths.base, name), { recursive: true, force: true });
  }
};
