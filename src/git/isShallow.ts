import { tryGit } from './execGit.js';

/** Whether this clone's history is cut short (git clone --depth), so a merge base may be missing. */
export const isShallow = (root: string): boolean =>
  tryGit(['rev-parse', '--is-shallow-repository'], root).stdout.trim() === 'true';
