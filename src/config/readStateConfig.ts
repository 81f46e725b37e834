import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFilesAt } from '../git/readFilesAt.js';
import { CONFIG_SOURCES, type ConfigState, compareConfigFiles, type StateConfig } from './configInState.js';

/**
 * The config's files as `state` holds them (one git call), or null when they are the work tree's:
 * then the config is loaded as it always was. `root` is the project root, `prefix` its path in the
 * repository.
 */
export const readStateConfig = (
  repo: { root: string; gitDir: string },
  root: string,
  prefix: string,
  state: ConfigState,
): StateConfig | null => {
  const files = CONFIG_SOURCES.map((source) => join(root, source));
  const work = new Map<string, string>();
  for (const [k, file] of files.entries()) {
    try {
      work.set(CONFIG_SOURCES[k]!, readFileSync(file, 'utf8'));
    } catch {
      // none (or no file): the state may have one
    }
  }
  const inState = readFilesAt(
    repo.root,
    state.commit,
    CONFIG_SOURCES.map((source) => prefix + source),
  );
  return compareConfigFiles(
    root,
    work,
    new Map([...inState].map(([path, file]) => [path.slice(prefix.length), file])),
    state,
  );
};
