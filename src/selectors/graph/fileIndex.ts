import { isDvcFile } from '../dvc.js';

/** The tracked files of the project, for resolving specifiers in memory instead of with stat calls. */
export interface FileIndex {
  files: ReadonlySet<string>;
  /** Every folder that holds a tracked file, at any depth. */
  dirs: ReadonlySet<string>;
  /** The name (last segment) of every file and folder: a bare word none has names nothing here. */
  names: ReadonlySet<string>;
  /**
   * Whether the project uses DVC (a `.dvc` pointer or a dvc.lock is tracked): data it manages is in
   * no tracked file, and code may name it.
   */
  dvc: boolean;
}

export const createFileIndex = (paths: Iterable<string>): FileIndex => {
  const files = new Set(paths);
  const dirs = new Set<string>();
  const names = new Set<string>();
  let dvc = false;
  for (const path of files) {
    if (!dvc && isDvcFile(path)) dvc = true;
    const last = path.lastIndexOf('/');
    names.add(last < 0 ? path : path.slice(last + 1));
    // Up the folders until one is known (then so are its parents), without a list per path.
    for (let slash = last; slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const dir = path.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      names.add(dir.slice(dir.lastIndexOf('/') + 1));
    }
  }
  return { files, dirs, names, dvc };
};
