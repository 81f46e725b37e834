// A DVC pipeline's outputs (a trained model, features, metrics) are not in git: dvc.lock records
// the hash of each. A changed dvc.lock is read as changes to the outputs whose entry changed, so
// that what reads `models/model.pkl` is selected when a run of the pipeline made a new one.
// git is asked for nothing unless a dvc.lock is among the changed files.

import { tryGit } from '../git/execGit.js';
import type { ChangeSet, FileChange } from '../types.js';

const LOCK = /(?:^|\/)dvc\.lock$/;
const isDvcLock = (path: string): boolean => LOCK.test(path);

const indentOf = (line: string): number => line.length - line.trimStart().length;

const unquote = (value: string): string => {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === "'" || v[0] === '"') && v.at(-1) === v[0]) {
    return v[0] === "'" ? v.slice(1, -1).replaceAll("''", "'") : v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
};

/**
 * The outputs listed in a dvc.lock, each with what identifies its content (its entry's other
 * lines: md5, size, nfiles...), by path relative to the lock file's folder. DVC writes each `outs`
 * list with its items at the key's own indent (`- path: x` under `outs:`); a file that is not
 * read that way yields no outputs.
 */
export const dvcLockOutputs = (text: string): Map<string, string> => {
  const outputs = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  let outsIndent = -1;
  let item: { path: string | null; lines: string[] } | null = null;
  const close = () => {
    if (item?.path) outputs.set(item.path, item.lines.sort().join('\n'));
    item = null;
  };
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = indentOf(line);
    const body = line.trim();
    if (outsIndent >= 0) {
      if (indent === outsIndent && body.startsWith('- ')) {
        close();
        item = { path: null, lines: [] };
        const first = body.slice(2);
        const key = /^path:\s*(.*)$/.exec(first);
        if (key) item.path = unquote(key[1]!);
        else item.lines.push(first);
        continue;
      }
      if (indent > outsIndent && item) {
        const key = /^path:\s*(.*)$/.exec(body);
        if (key && item.path === null) item.path = unquote(key[1]!);
        else item.lines.push(body);
        continue;
      }
      close();
      outsIndent = -1;
    }
    if (/^(?:-\s+)?outs:\s*$/.test(body)) outsIndent = body.startsWith('-') ? indent + 2 : indent;
  }
  close();
  return outputs;
};

/** Outputs added, removed, or whose entry changed, from one version of a dvc.lock to the next. */
export const changedOutputs = (before: string, after: string): string[] => {
  const old = dvcLockOutputs(before);
  const now = dvcLockOutputs(after);
  const changed: string[] = [];
  for (const [path, id] of now) if (old.get(path) !== id) changed.push(path);
  for (const path of old.keys()) if (!now.has(path)) changed.push(path);
  return changed.sort();
};

/** A joined, normalized path (`models/../x` -> `x`), or null when it leaves the repository. */
const joinRepoPath = (dir: string, path: string): string | null => {
  const parts: string[] = [];
  for (const part of `${dir}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
};

/** A file's content at a revision (`HEAD`, a commit) or in the index (null); '' when it is not there. */
const contentAt = (root: string, revision: string | null, path: string): string => {
  const out = tryGit(['cat-file', '-p', `${revision ?? ''}:${path}`], root);
  return out.status === 0 ? out.stdout : '';
};

/**
 * The pipeline outputs a change set changes through its dvc.lock files, as changes of their own
 * (paths from the git root, like the change set's), each saying which dvc.lock it comes from.
 */
export const dvcLockChanges = (root: string, changeSet: ChangeSet): FileChange[] => {
  const derived = new Map<string, FileChange>();
  for (const file of changeSet.files) {
    if (!isDvcLock(file.path) && !(file.oldPath && isDvcLock(file.oldPath))) continue;
    const before =
      changeSet.base === null || file.status === 'A'
        ? ''
        : contentAt(root, changeSet.base, file.oldPath ?? file.path);
    const after = file.status === 'D' ? '' : contentAt(root, changeSet.head, file.path);
    const dir = file.path.slice(0, file.path.lastIndexOf('/') + 1);
    for (const output of changedOutputs(before, after)) {
      const path = joinRepoPath(dir, output);
      if (path && !derived.has(path)) derived.set(path, { path, status: 'M', via: file.path });
    }
  }
  return [...derived.values()];
};
