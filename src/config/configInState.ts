import { CONFIG_FILES } from './defaults.js';
import { type ProjectLocation, projectIn } from './findProject.js';

/** The files of a project root that make its config: the config files and package.json. */
export const CONFIG_SOURCES: readonly string[] = [...CONFIG_FILES, 'package.json'];

/** The state the checks run on (a commit, or the index), whose config is the one that counts. */
export interface ConfigState {
  /** The commit, or null for the index. */
  commit: string | null;
  /** How messages name it after "as": "in the pushed commit 1a2b3c4d5e6f", "staged". */
  as: string;
  /** What the user does once a file of it is fixed: "commit the fix". */
  fixBy: string;
}

/** A file of the project root as the state holds it. */
export interface StateFile {
  /** Its blob id. */
  id: string;
  text: string;
}

/** The config's files as the state holds them, where they differ from the work tree's. */
export interface StateConfig extends ConfigState {
  /** The project as the state's files make it: same root, its config file and package.json. */
  location: ProjectLocation;
  /** Name (in the project root) -> the state's file; a name the state lacks is absent. */
  files: ReadonlyMap<string, StateFile>;
  /** What to tell the user: the config used is not the work tree's. Null when only what it does not use differs. */
  notice: string | null;
}

// Line endings git converts on checkout (core.autocrlf) make no other config.
const same = (a: string | undefined, b: string | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n'));

const none = (root: string): ProjectLocation => ({
  root,
  configFile: null,
  ignored: [],
  hasPackageJson: false,
});

/** The name of the config a set of files makes, and the text it is read from. */
const sourceOf = (texts: ReadonlyMap<string, string>): { name: string | null; text?: string } => {
  const file = CONFIG_FILES.find((name) => texts.has(name));
  if (file) return { name: file, text: texts.get(file) };
  const pkg = texts.get('package.json');
  if (pkg === undefined) return { name: null };
  try {
    const field = (JSON.parse(pkg) as { mlhooks?: unknown }).mlhooks;
    return field === undefined
      ? { name: null }
      : { name: 'package.json#mlhooks', text: JSON.stringify(field) };
  } catch {
    // not JSON: loading it says so; the notice names the file whose text differs
    return { name: 'package.json', text: pkg };
  }
};

const noticeOf = (
  work: ReadonlyMap<string, string>,
  state: ReadonlyMap<string, string>,
  as: string,
): string | null => {
  const used = sourceOf(state);
  const theirs = sourceOf(work);
  if (used.name === theirs.name && same(used.text, theirs.text)) return null;
  if (used.name === null) {
    // Typically `mlhooks init`, then a commit without adding the config it wrote.
    const add = as === 'staged' && theirs.name ? ` (\`git add ${theirs.name.split('#')[0]}\` to use it)` : '';
    return `no mlhooks config ${as}: using the built-in defaults, not the work tree's ${theirs.name}${add}`;
  }
  const them =
    theirs.name === used.name
      ? "the work tree's differs"
      : theirs.name === null
        ? 'the work tree has none'
        : `not the work tree's ${theirs.name}`;
  return `using ${used.name} as ${as}; ${them}`;
};

/**
 * Compares the files a config is made of, in the work tree (`work`) and in the state the checks run
 * on (`state`), by name in the project root `root`. Null when they are the same: the work tree's
 * config is the state's.
 */
export const compareConfigFiles = (
  root: string,
  work: ReadonlyMap<string, string>,
  state: ReadonlyMap<string, StateFile>,
  of: ConfigState,
): StateConfig | null => {
  const texts = new Map([...state].map(([name, file]) => [name, file.text]));
  if (CONFIG_SOURCES.every((name) => same(work.get(name), texts.get(name)))) return null;
  return {
    ...of,
    location: projectIn(root, [...state.keys()]) ?? none(root),
    files: state,
    notice: noticeOf(work, texts, of.as),
  };
};
