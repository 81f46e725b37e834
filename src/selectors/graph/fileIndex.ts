/** The tracked files of the project, for resolving specifiers in memory instead of with stat calls. */
export interface FileIndex {
  files: ReadonlySet<string>;
  /** Every folder that holds a tracked file, at any depth. */
  dirs: ReadonlySet<string>;
  /** Whether any tracked file is a DVC pointer (`data/train.csv.dvc`): the data it tracks is not. */
  dvc: boolean;
  /** Whether a dvc.lock is tracked: pipeline outputs are untracked files that code may name. */
  dvcLock: boolean;
}

export const createFileIndex = (paths: Iterable<string>): FileIndex => {
  const files = new Set(paths);
  const dirs = new Set<string>();
  let dvc = false;
  let dvcLock = false;
  for (const path of files) {
    if (path.endsWith('.dvc')) dvc = true;
    else if (path.endsWith('dvc.lock') && (path.length === 8 || path.endsWith('/dvc.lock'))) dvcLock = true;
    // Up the folders until one is known (then so are its parents), without a list per path.
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const dir = path.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { files, dirs, dvc, dvcLock };
};
