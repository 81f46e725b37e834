import { existsSync } from 'node:fs';
import { MlhooksError } from '../../errors.js';
import { isProcessAlive } from '../processIdentity.js';
import { envelopePaths, type Manifest, readManifest } from './manifest.js';

export interface Leftover {
  dir: string;
  /** Null when the manifest cannot be read; `problem` says why. */
  manifest: Manifest | null;
  problem: string | null;
  /** The run that hid the files is still going (another terminal), as opposed to killed. */
  alive: boolean;
}

/** The envelope a run left in this git dir, if any: one stat when there is none. */
export const findLeftover = (gitDir: string): Leftover | null => {
  const { live } = envelopePaths(gitDir);
  if (!existsSync(live)) return null;
  let manifest: Manifest | null = null;
  let problem: string | null = null;
  try {
    manifest = readManifest(live);
  } catch (error) {
    // unreadable: still a leftover (a run must not go on), and restore says what it found
    problem = (error as Error).message;
  }
  const alive = manifest !== null && isProcessAlive(manifest.owner.pid, manifest.owner.startTime);
  return { dir: live, manifest, problem, alive };
};

const listed = (manifest: Manifest | null) => {
  if (!manifest) return 'unstaged changes';
  const names = manifest.entries.map((entry) => entry.path);
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? `, and ${names.length - 3} more` : '');
  const kind = manifest.commit ? 'uncommitted' : 'unstaged';
  return `${names.length} ${kind} change${names.length === 1 ? '' : 's'} (${shown})`;
};

/** The error a run gives instead of going on over hidden changes. */
export const leftoverError = (leftover: Leftover): MlhooksError =>
  leftover.alive
    ? new MlhooksError(
        'E_ENVELOPE',
        `another mlhooks run (pid ${leftover.manifest?.owner.pid}) is testing ${leftover.manifest?.commit ? `the pushed commit ${leftover.manifest.commit.slice(0, 12)}` : 'the staged content'} of this repository right now, with ${listed(leftover.manifest)} hidden.`,
        { hint: 'Wait for it to finish (its hidden changes come back then), then try again.' },
      )
    : new MlhooksError(
        'E_LEFTOVER',
        `an mlhooks run was interrupted${leftover.manifest ? ` (pid ${leftover.manifest.owner.pid}, ${leftover.manifest.created})` : ''} and left ${listed(leftover.manifest)} hidden from your work tree.`,
        {
          hint: 'Run `npx mlhooks restore` (or `mlhooks restore`) to bring them back exactly, then try again.',
        },
      );

/** Throws when a run must not start: an earlier one was interrupted, or another one is hiding files now. */
export const refuseLeftover = (gitDir: string): void => {
  const leftover = findLeftover(gitDir);
  if (leftover) throw leftoverError(leftover);
};
