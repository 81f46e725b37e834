import { catFileBatchSync } from './catFileBatchSync.js';
import { execGit, tryGit } from './execGit.js';

/** A file's text as a commit or the index holds it, with its blob id. */
export interface FileAt {
  id: string;
  text: string;
}

// `:0:` names the index's entry (stage 0) without mistaking a path like `1:x` for a stage.
const specOf = (commit: string | null, path: string) => `${commit ?? ':0'}:${path}`;

/**
 * Parses `git cat-file --batch` output for the names asked, in order: name -> blob. A name git
 * answers `<name> missing` for (it may hold spaces), or that is no blob, is left out.
 */
export const parseBatchAnswers = (output: Buffer, names: readonly string[]): Map<string, FileAt> => {
  const found = new Map<string, FileAt>();
  let at = 0;
  for (const name of names) {
    const newline = output.indexOf(10, at);
    if (newline < 0) throw new Error('truncated git cat-file --batch output');
    const header = output.toString('utf8', at, newline);
    at = newline + 1;
    if (header === `${name} missing`) continue;
    const [id, type, size] = header.split(' ');
    const length = Number(size);
    if (!id || !type || !Number.isInteger(length) || at + length > output.length)
      throw new Error(`unexpected git cat-file --batch header: ${header}`);
    if (type === 'blob') found.set(name, { id, text: output.toString('utf8', at, at + length) });
    at += length + 1;
  }
  return found;
};

/**
 * The text of a few small files (paths relative to the git root) as `commit` holds them, or the index
 * (null; a GIT_INDEX_FILE git set for the hook is the index): path -> text and blob id; a path the
 * state lacks is left out. One `git cat-file --batch` for them all.
 */
export const readFilesAt = (
  root: string,
  commit: string | null,
  paths: readonly string[],
): Map<string, FileAt> => {
  const found = new Map<string, FileAt>();
  // git's batch input is a name a line: a path with a newline in it is read on its own.
  const asked = paths.filter((path) => !path.includes('\n'));
  for (const path of paths.filter((path) => path.includes('\n'))) {
    const id = tryGit(['rev-parse', '--verify', '--quiet', `${specOf(commit, path)}^{blob}`], root);
    if (id.status === 0)
      found.set(path, { id: id.stdout.trim(), text: execGit(['cat-file', 'blob', id.stdout.trim()], root) });
  }
  if (asked.length === 0) return found;
  const names = asked.map((path) => specOf(commit, path));
  const byName = parseBatchAnswers(catFileBatchSync(root, names), names);
  for (const [k, path] of asked.entries()) {
    const file = byName.get(names[k]!);
    if (file) found.set(path, file);
  }
  return found;
};
