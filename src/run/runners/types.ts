import type { ResolvedGroup } from '../../config/types.js';
import type { Tier } from '../../types.js';

export interface RunnerInvocation {
  /** The group to run, the tiers of this invocation and the files (relative to the run's cwd). */
  group: ResolvedGroup;
  tiers: Tier[];
  files: string[];
  /**
   * The project's other files under the run's cwd (relative to it), for a runner that reads file
   * arguments as filters which could match them too; listed only when `othersMatter`.
   */
  others: string[];
}

export interface RunnerArgs {
  /** Arguments after the program. */
  args: string[];
  /** Exit codes besides 0 that mean "passed". */
  passCodes: number[];
}

export interface RunnerAdapter {
  /** The program looked up when the config gives no command. */
  program: string;
  /** Where to get it, for the error when it is missing. */
  installHint: string;
  /** Is it an npm package found in node_modules/.bin? */
  npm: boolean;
  /** Whether `args` needs the other files (`RunnerInvocation.others`). */
  othersMatter?: boolean;
  args(invocation: RunnerInvocation): RunnerArgs;
}

// A file name starting with a dash would be read as an option.
export const asPathArgs = (files: readonly string[]): string[] =>
  files.map((file) => (file.startsWith('-') ? `./${file}` : file));
