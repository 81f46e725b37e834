// Data and models DVC manages are not in git: a `.dvc` pointer records the hash of data added with
// `dvc add`, dvc.lock the hash of each output of a pipeline (a trained model, features, metrics).
// A changed pointer or dvc.lock is read as changes to the data whose entry changed, so that what
// reads `models/model.pkl` is selected when a run of the pipeline made a new one. git is asked
// for nothing unless a DVC file is among the changed files.

import { tryGit } from '../git/execGit.js';
import type { ChangeSet, FileChange } from '../types.js';
import { dirOf, joinPath } from './graph/paths.js';

const LOCK = /(?:^|\/)dvc\.lock$/;
const isDvcLock = (path: string): boolean => LOCK.test(path);

// How DVC 3 says the hash was made: the same content with or without it.
const HOW_HASHED = /^hash:\s*md5$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

const unquote = (value: string): string => {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === "'" || v[0] === '"') && v.at(-1) === v[0]) {
    return v[0] === "'" ? v.slice(1, -1).replaceAll("''", "'") : v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
};

/** The lines of a YAML text that hold something, as indent, text and the key of a `key:` line. */
const yamlLines = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const body = line.trim();
      return {
        indent: indentOf(line),
        body,
        key: /^([^\s:'"-][^:]*|'[^']*'|"[^"]*"):(?:\s|$)/.exec(body)?.[1],
      };
    });

export interface DvcOutput {
  /** The stage that makes it (`train`, `train@1` for a foreach stage). */
  stage: string;
  /** What identifies its content: the entry's other lines (md5, size, nfiles...). */
  id: string;
}

/**
 * The outputs listed in a dvc.lock by path, relative to the stage's working folder. An `outs` list
 * may be indented or not (DVC writes `- path: x` at the key's own indent). Lines that only say how
 * the hash is made (`hash: md5`, added by DVC 3) are not part of what identifies the content. A file
 * that is not read that way yields no outputs.
 */
export const dvcLockOutputs = (text: string): Map<string, DvcOutput> => {
  const outputs = new Map<string, DvcOutput>();
  // The mapping keys above the current line (`stages`, `train`), by indent.
  const keys: { indent: number; key: string }[] = [];
  let outs: { keyIndent: number; itemIndent: number; stage: string } | null = null;
  let item: { path: string | null; lines: string[]; stage: string } | null = null;
  const close = () => {
    if (item?.path) outputs.set(item.path, { stage: item.stage, id: item.lines.sort().join('\n') });
    item = null;
  };
  for (const { indent, body, key } of yamlLines(text)) {
    if (outs) {
      const isItem = body.startsWith('- ') || body === '-';
      if (outs.itemIndent < 0 && isItem && indent >= outs.keyIndent) outs.itemIndent = indent;
      if (isItem && indent === outs.itemIndent) {
        close();
        item = { path: null, lines: [], stage: outs.stage };
        const first = body.slice(1).trim();
        const path = /^path:\s*(.*)$/.exec(first);
        if (path) item.path = unquote(path[1]!);
        else if (first !== '' && !HOW_HASHED.test(first)) item.lines.push(first);
        continue;
      }
      if (item && indent > outs.itemIndent) {
        const path = /^path:\s*(.*)$/.exec(body);
        if (path && item.path === null) item.path = unquote(path[1]!);
        else if (!HOW_HASHED.test(body)) item.lines.push(body);
        continue;
      }
      close();
      outs = null;
    }
    if (key === undefined) continue;
    while (keys.length > 0 && keys.at(-1)!.indent >= indent) keys.pop();
    if (key === 'outs' && body === 'outs:') {
      outs = { keyIndent: indent, itemIndent: -1, stage: unquote(keys.at(-1)?.key ?? '') };
    } else keys.push({ indent, key });
  }
  close();
  return outputs;
};

/** Each stage's `wdir` in a dvc.yaml (where its paths are relative to), for the stages that set one. */
export const dvcYamlWorkDirs = (text: string): Map<string, string> => {
  const dirs = new Map<string, string>();
  let stagesIndent = -1;
  let stageIndent = -1;
  let stage: string | null = null;
  for (const { indent, body, key } of yamlLines(text)) {
    if (key === 'stages' && body === 'stages:') {
      stagesIndent = indent;
      stageIndent = -1;
      continue;
    }
    if (stagesIndent < 0 || key === undefined) continue;
    if (indent <= stagesIndent) {
      stagesIndent = -1;
      continue;
    }
    if (stageIndent < 0) stageIndent = indent;
    if (indent === stageIndent) stage = unquote(key);
    else if (stage !== null && key === 'wdir') {
      const dir = unquote(body.slice(body.indexOf(':') + 1));
      // `wdir: ${item.dir}` in a foreach stage: not known here.
      if (!dir.includes('${')) dirs.set(stage, dir);
    }
  }
  return dirs;
};

interface Entry {
  id: string;
  /** A folder of files (`md5: ….dir`, `nfiles`), not one file. */
  folder: boolean;
}

const entry = (id: string): Entry => ({ id, folder: /(?:^|\n)(?:md5: \S+\.dir|nfiles:)/.test(id) });

/** What one version of a dvc.lock or `.dvc` pointer says of its outputs, by path from the git root. */
const outputsAt = (filePath: string, text: string, yaml: string): Map<string, Entry> => {
  const workDirs = isDvcLock(filePath) ? dvcYamlWorkDirs(yaml) : new Map<string, string>();
  const byPath = new Map<string, Entry>();
  for (const [path, { stage, id }] of dvcLockOutputs(text)) {
    // Null when it leaves the repository.
    const workDir = joinPath(dirOf(filePath), workDirs.get(stage.split('@')[0]!) ?? '.');
    const full = workDir === null ? null : joinPath(workDir, path);
    if (full !== null) byPath.set(full, entry(id));
  }
  return byPath;
};

/** A file's content at a revision (`HEAD`, a commit) or in the index (null); '' when it is not there. */
const contentAt = (root: string, revision: string | null, path: string): string => {
  const out = tryGit(['cat-file', '-p', `${revision ?? ''}:${path}`], root);
  return out.status === 0 ? out.stdout : '';
};

/** A `.dvc` pointer or a dvc.lock: what says which data DVC manages. */
export const isDvcFile = (path: string): boolean => isDvcLock(path) || path.endsWith('.dvc');

/** The dvc.yaml beside a dvc.lock (its stages' `wdir`s); none for a pointer. */
const yamlOf = (root: string, revision: string | null, path: string) =>
  isDvcLock(path) ? contentAt(root, revision, `${path.slice(0, -'dvc.lock'.length)}dvc.yaml`) : '';

/**
 * What the DVC files of a change set change, as changes of their own (paths from the git root,
 * like the change set's), each saying which file it comes from (`via`) and whether it is a folder:
 * a dvc.lock's pipeline outputs and a `.dvc` pointer's data, status M for one made anew, D for one
 * no longer listed. An entry that only gained `hash: md5` is no change. `notes` gets a line for a
 * DVC file that changed but lists no output either way.
 */
export const dvcChanges = (root: string, changeSet: ChangeSet, notes: string[] = []): FileChange[] => {
  const files = changeSet.files.filter(
    (file) => isDvcFile(file.path) || (file.oldPath !== undefined && isDvcFile(file.oldPath)),
  );
  if (files.length === 0) return [];
  const before = new Map<string, Entry & { via: string }>();
  const after = new Map<string, Entry & { via: string }>();
  for (const file of files) {
    const oldPath = file.oldPath ?? file.path;
    const had = changeSet.base !== null && file.status !== 'A' && isDvcFile(oldPath);
    const has = file.status !== 'D' && isDvcFile(file.path);
    const old = had ? contentAt(root, changeSet.base, oldPath) : '';
    const now = has ? contentAt(root, changeSet.head, file.path) : '';
    const was = had ? outputsAt(oldPath, old, yamlOf(root, changeSet.base, oldPath)) : new Map();
    const is = has ? outputsAt(file.path, now, yamlOf(root, changeSet.head, file.path)) : new Map();
    if (was.size === 0 && is.size === 0 && old !== now)
      notes.push(`${file.path}: changed, but no DVC output could be read in it; none was considered`);
    for (const [path, found] of was) before.set(path, { ...found, via: oldPath });
    for (const [path, found] of is) after.set(path, { ...found, via: file.path });
  }
  const changes: FileChange[] = [];
  for (const [path, { id, folder, via }] of after) {
    const old = before.get(path);
    // A folder that became a file: its files are gone, which is a change to the folder.
    if (old?.id !== id)
      changes.push({ path, status: 'M', via, ...(folder || old?.folder ? { folder: true } : {}) });
  }
  for (const [path, { folder, via }] of before)
    if (!after.has(path)) changes.push({ path, status: 'D', via, ...(folder ? { folder } : {}) });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};
